import type { Connection } from 'mongoose';
import type { ApplicationEntry, CheckEntry, RecognitionEntry } from '../models/read-models';
import { isDuplicateKey, storedModel } from './stored-model';

// The change feed: every write of a dossier appends the fields its lists and the register need,
// keyed by the moment of the write, and every API process reads what is new a few times a
// second (api/read-models.ts). Old entries are trimmed: a process that missed them loads afresh.

export type Change =
  | { kind: 'recognition'; entry: RecognitionEntry }
  | { kind: 'application'; entry: ApplicationEntry }
  | { kind: 'check'; entry: CheckEntry };

export const RETENTION_MS = 10 * 60 * 1000;

/** Ordered by the moment of the write; the kind and id make it unique. */
export const changeKey = (savedAt: string, kind = '', id = '') => `${savedAt}|${kind}|${id}`;

export function changeModel(connection: Connection) {
  return storedModel<Change>(connection, 'changes');
}

/** Appends one change; a retried write appends it again under the same key, which is harmless. */
export async function appendChanges(db: Connection, changes: Change[]): Promise<void> {
  if (changes.length === 0) return;
  try {
    await changeModel(db).collection.insertMany(
      changes.map((change) => ({ _id: changeKey(change.entry.savedAt, change.kind, change.entry.id), ...change })) as never[],
      { ordered: false },
    );
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
  }
}
