import type { Connection } from 'mongoose';
import type { Mandate } from '../models/mandate';
import { storedModel } from './stored-model';

/** Mandates keyed by `mandateKey` (enterprise:school); read by `_id` only, listed from the read models. */
export const mandateModel = (connection: Connection) =>
  storedModel<Omit<Mandate, 'id'> & { grantedBy: string; revokedBy?: string; savedAt: string }>(connection, 'mandates');
