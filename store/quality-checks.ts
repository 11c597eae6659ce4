import type { Connection } from 'mongoose';
import type { QualityCheck } from '../models/quality-check';
import { storedModel } from './stored-model';

/** Incident reports per school per day, one document a report: a school cannot flood a company with checks. */
export function incidentQuotaModel(connection: Connection) {
  return storedModel<{ schoolId: string; day: string }>(connection, 'incident_quotas');
}

// No secondary index: checks are read by `_id`; their lists come from the API's read models.
export function qualityCheckModel(connection: Connection) {
  return storedModel<Omit<QualityCheck, 'id'> & { savedAt?: string }>(connection, 'quality_checks');
}
