import type { Connection } from 'mongoose';
import { type Recognition, toRecognitionView } from '../models/recognition';
import { toRecognitionEntry } from '../models/read-models';
import { type Change, appendChanges, feed } from './changes';
import { insertIfAbsent, storedModel } from './stored-model';

// Recognitions as the workflows write them; every write also feeds the change feed.

/** A recognition as stored: with when it was written. */
export type StoredRecognition = Omit<Recognition, 'id'> & { _id: string; savedAt?: string };

// No secondary index: every read is by `_id`; lists and the register are answered from each API
// process's read models (api/read-models.ts), which read this collection whole only at start.
export function recognitionModel(connection: Connection) {
  return storedModel<Omit<StoredRecognition, '_id'>>(connection, 'recognitions');
}

/** The stored form: the recognition, and when it was written. */
export function storedRecognition(recognition: Recognition, savedAt = new Date().toISOString()) {
  const { id, ...fields } = recognition;
  return { _id: id, ...fields, savedAt };
}

/** A stored recognition as the register and the lists hold it. */
export const recognitionChange = (stored: StoredRecognition): Change => ({
  kind: 'recognition',
  entry: toRecognitionEntry(toRecognitionView(stored), stored.savedAt ?? ''),
});

/**
 * Writes a recognition and feeds its listing, so every API process shows the change within a
 * second; a retry after a crash anywhere in between feeds it still (`feed`).
 * `onlyIfAbsent`: a recognition written before is left as it is, and fed if that write was
 * cut off before its feed.
 */
export async function writeRecognition(db: Connection, recognition: Recognition, options: { onlyIfAbsent: boolean }) {
  const stored = storedRecognition(recognition);
  if (options.onlyIfAbsent) {
    if (!(await insertIfAbsent(recognitionModel(db), stored))) {
      const existing = await recognitionModel(db).findById(stored._id).lean();
      if (existing) await feed(db, recognitionChange(existing));
      return;
    }
  } else {
    const { _id, ...fields } = stored;
    await recognitionModel(db).replaceOne({ _id }, fields, { upsert: true });
  }
  await feed(db, recognitionChange(stored));
}

/** Bulk load, bypassing the workflows: for benchmarks, tests and migrations. */
export async function loadRecognitions(db: Connection, recognitions: Recognition[]) {
  const stored = recognitions.map((r) => storedRecognition(r));
  await recognitionModel(db).collection.insertMany(stored as never[], { ordered: false });
  await appendChanges(db, stored.map(recognitionChange));
}
