import type { Connection } from 'mongoose';
import type { QualityCheck } from '../models/quality-check';
import { toCheckEntry } from '../models/read-models';
import { type Change, appendChanges, feed } from './changes';
import { storedModel } from './stored-model';

/** Incident reports per school per day, one document a report: a school cannot flood a company with checks. */
export function incidentQuotaModel(connection: Connection) {
  return storedModel<{ schoolId: string; day: string }>(connection, 'incident_quotas');
}

// No secondary index: checks are read by `_id`; their lists come from the API's read models.
export function qualityCheckModel(connection: Connection) {
  return storedModel<Omit<QualityCheck, 'id'> & { savedAt?: string }>(connection, 'quality_checks');
}

/** A stored check as its lists hold it. */
export const checkChange = (stored: Omit<QualityCheck, 'id'> & { _id: string; savedAt?: string }): Change => ({
  kind: 'check',
  entry: toCheckEntry(stored),
});

/**
 * Mirrors a quality check as the workflow holds it and feeds its listing. Retry-safe as `feed`
 * says.
 */
export async function writeQualityCheck(db: Connection, check: QualityCheck): Promise<void> {
  const { id, ...fields } = check;
  const stored = { ...fields, savedAt: new Date().toISOString() };
  await qualityCheckModel(db).replaceOne({ _id: id }, stored, { upsert: true });
  await feed(db, checkChange({ _id: id, ...stored }));
}

/** Bulk load, bypassing the workflows: for benchmarks. */
export async function loadQualityChecks(
  db: Connection,
  checks: Array<Omit<QualityCheck, 'id'> & { _id: string; savedAt: string }>,
) {
  await qualityCheckModel(db).collection.insertMany(checks as never[], { ordered: false });
  await appendChanges(db, checks.map(checkChange));
}
