import type { Connection } from 'mongoose';
import type { Partnership, Training } from '../models/catalogue';
import { policySchema } from '../models/policy';
import { SAMPLE_PARTNERSHIPS, SAMPLE_TRAININGS } from '../models/sample-catalogue';
import { insertIfAbsent, storedModel } from './stored-model';

// The catalogue: sector partnerships with their policies, and the trainings they cover.

export function partnershipModel(connection: Connection) {
  return storedModel<Omit<Partnership, 'id'>>(connection, 'partnerships', [[{ jointCommittees: 1 }]]);
}

export function trainingModel(connection: Connection) {
  return storedModel<Omit<Training, 'code'>>(connection, 'trainings');
}

/**
 * Seeds the sample catalogue where it is missing. Existing entries are left alone, so an
 * admin's policy change or replacement survives every restart.
 */
export async function seedSampleCatalogue(db: Connection): Promise<void> {
  const partnerships = partnershipModel(db);
  const trainings = trainingModel(db);
  for (const { id, policy, residual, ...fields } of SAMPLE_PARTNERSHIPS) {
    const seeded = { ...fields, residual: residual ?? false, sample: true, policy: policySchema.parse(policy ?? {}) };
    await insertIfAbsent(partnerships, { _id: id, ...seeded });
  }
  for (const { code, ...fields } of SAMPLE_TRAININGS) {
    await insertIfAbsent(trainings, { _id: code, ...fields, sample: true });
  }
}
