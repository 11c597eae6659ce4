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

// No secondary index: dossiers are read by `_id`; their lists come from the API's read models.
export function applicationModel(connection: Connection) {
  return storedModel<ApplicationDossier>(connection, 'applications');
}

export function workplaceClaimModel(connection: Connection) {
  return storedModel<WorkplaceClaim>(connection, 'workplace_claims');
}
