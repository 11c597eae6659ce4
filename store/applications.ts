import type { Connection } from 'mongoose';
import type { ApplicationDossier } from '../models/application-dossier';
import { storedModel } from './stored-model';

// Application dossiers and the claims that keep one open dossier or live recognition per
// workplace (establishment unit + training).

/** Which application or recognition holds a workplace (establishment unit + training). */
export interface WorkplaceClaim {
  owner: string;
  ownerKind: 'application' | 'recognition';
  claimedAt: string;
}

export function applicationModel(connection: Connection) {
  return storedModel<ApplicationDossier>(connection, 'applications', [
    [{ enterpriseNumber: 1, submittedAt: -1 }],
    [{ partnershipId: 1, status: 1, submittedAt: -1 }],
    [{ status: 1, submittedAt: -1 }],
  ]);
}

export function workplaceClaimModel(connection: Connection) {
  return storedModel<WorkplaceClaim>(connection, 'workplace_claims');
}
