import type { Connection } from 'mongoose';
import type { Partnership, Training, TrainingActivity } from '../models/catalogue';
import { type PolicyChange, policySchema } from '../models/policy';
import { SAMPLE_PARTNERSHIPS, SAMPLE_TRAININGS } from '../models/sample-catalogue';
import { insertIfAbsent, storedModel } from './stored-model';

// The catalogue: sector partnerships with their policies, and the trainings they cover.

export function partnershipModel(connection: Connection) {
  return storedModel<Omit<Partnership, 'id'>>(connection, 'partnerships', [[{ jointCommittees: 1 }]]);
}

export function trainingModel(connection: Connection) {
  // `activities` is absent from a training stored before trainings had them.
  return storedModel<Omit<Training, 'code' | 'activities'> & { activities?: TrainingActivity[] }>(connection, 'trainings');
}

/**
 * Seeds the sample catalogue where it is missing. Existing entries are left alone, so an
 * admin's policy change or replacement survives every restart; only a sample training seeded
 * before trainings had activities gets its sample list (an admin's training is `sample: false`).
 */
export async function seedSampleCatalogue(db: Connection): Promise<void> {
  const partnerships = partnershipModel(db);
  const trainings = trainingModel(db);
  for (const { id, policy, residual, ...fields } of SAMPLE_PARTNERSHIPS) {
    const seeded = { ...fields, residual: residual ?? false, sample: true, policy: policySchema.parse(policy ?? {}) };
    await insertIfAbsent(partnerships, { _id: id, ...seeded });
  }
  for (const { code, ...fields } of SAMPLE_TRAININGS) {
    if (await insertIfAbsent(trainings, { _id: code, ...fields, sample: true })) continue;
    await trainings.updateOne(
      { _id: code, sample: true, activities: { $exists: false } },
      { $set: { activities: fields.activities } },
    );
  }
}

/**
 * The policy history: one document per accepted change, inserted once under a unique `_id`
 * (`<partnershipId>|<at>|<random>`). Not a capped array pushed onto one document per
 * partnership: FerretDB 1.x applies an update as a read and a write, so two changes at once
 * could lose one. The key sorts a partnership's changes by time, so its history is a range of
 * `_id`, newest first, read a page at a time. Changes are rare (a few a year per partnership).
 */
export function policyChangeModel(connection: Connection) {
  return storedModel<Omit<PolicyChange, 'id'>>(connection, 'policy_changes');
}
