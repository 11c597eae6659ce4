import type { Connection } from 'mongoose';
import type { Mandate, MandateEntry } from '../models/mandate';
import { feed } from './changes';
import { insertIfAbsent, storedModel } from './stored-model';

type StoredMandate = Omit<Mandate, 'id'> & { _id: string; grantedBy: string; revokedBy?: string; savedAt: string };

/** Mandates keyed by `mandateKey` (enterprise:school); read by `_id` only, listed from the read models. */
export const mandateModel = (connection: Connection) => storedModel<Omit<StoredMandate, '_id'>>(connection, 'mandates');

/** A stored mandate as its lists hold it (who granted or revoked it is not listed). */
export function toMandateEntry(stored: StoredMandate): MandateEntry {
  const { _id, grantedBy: _g, revokedBy: _r, ...fields } = stored;
  return { id: _id, ...fields };
}

/**
 * Writes a mandate and feeds its listing as stored afterwards: of two writers of the same pair
 * at once, the version kept is the one listed. Retry-safe as `feed` says.
 */
export async function writeMandate(db: Connection, mandate: StoredMandate): Promise<MandateEntry> {
  const { _id, ...fields } = mandate;
  await mandateModel(db).replaceOne({ _id }, fields, { upsert: true });
  const entry = toMandateEntry((await mandateModel(db).findById(_id).lean()) ?? mandate);
  await feed(db, { kind: 'mandate', entry });
  return entry;
}

/**
 * Writes the mandate of a pair that has none and feeds it; undefined when the pair has one
 * (granted at the same time). Cut off before its feed, the grant made again replaces it and
 * feeds it (`writeMandate`).
 */
export async function createMandate(db: Connection, mandate: StoredMandate): Promise<MandateEntry | undefined> {
  if (!(await insertIfAbsent(mandateModel(db), mandate))) return undefined;
  const entry = toMandateEntry(mandate);
  await feed(db, { kind: 'mandate', entry });
  return entry;
}
