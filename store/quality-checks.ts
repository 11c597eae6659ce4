import type { Connection } from 'mongoose';
import type { QualityCheck } from '../models/quality-check';
import { storedModel } from './stored-model';

/** Reports of incidents per school per day: a school cannot flood a company with checks. */
export function incidentQuotaModel(connection: Connection) {
  return storedModel<{ schoolId: string; day: string; count: number }>(connection, 'incident_quotas');
}

// No secondary index: checks are read by `_id`; their lists come from the API's read models.
export function qualityCheckModel(connection: Connection) {
  return storedModel<Omit<QualityCheck, 'id'> & { savedAt?: string }>(connection, 'quality_checks');
}
