import type { Connection } from 'mongoose';
import type { QualityCheck } from '../models/quality-check';
import { storedModel } from './stored-model';

/** Reports of incidents per school per day: a school cannot flood a company with checks. */
export function incidentQuotaModel(connection: Connection) {
  return storedModel<{ schoolId: string; day: string; count: number }>(connection, 'incident_quotas');
}

export function qualityCheckModel(connection: Connection) {
  return storedModel<Omit<QualityCheck, 'id'>>(connection, 'quality_checks', [
    [{ recognitionId: 1, openedAt: -1 }],
    [{ partnershipId: 1, status: 1 }],
    [{ enterpriseNumber: 1, status: 1 }],
  ]);
}
