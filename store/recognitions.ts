import type { Connection } from 'mongoose';
import type { Recognition } from '../models/recognition';
import { sameListing } from '../models/read-models';
import { toRegisterEntry } from '../models/register-index';
import { appendChanges } from './changes';
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

/**
 * Writes a recognition and tells the change feed, so every API process shows the change
 * within a second. A retry writes both again, which is harmless.
 */
export async function writeRecognition(db: Connection, recognition: Recognition, options: { onlyIfAbsent: boolean }) {
  const savedAt = new Date().toISOString();
  const { _id, ...fields } = storedRecognition(recognition, savedAt);
  const entry = toRegisterEntry(recognition, savedAt);
  if (options.onlyIfAbsent) {
    if (!(await insertIfAbsent(recognitionModel(db), { _id, ...fields }))) return;
  } else {
    // Most writes change only what is due next, which no list shows: those are not fed.
    const before = await recognitionModel(db).findById(_id).lean();
    await recognitionModel(db).replaceOne({ _id }, fields, { upsert: true });
    if (before && sameListing(toRegisterEntry({ id: _id, ...before }, before.savedAt ?? ''), entry)) return;
  }
  await appendChanges(db, [{ kind: 'recognition', entry }]);
}

/** Bulk load, bypassing the workflows: for benchmarks, tests and migrations. */
export async function loadRecognitions(db: Connection, recognitions: Recognition[]) {
  const savedAt = new Date().toISOString();
  await recognitionModel(db).collection.insertMany(recognitions.map((r) => storedRecognition(r, savedAt)) as never[], {
    ordered: false,
  });
  await appendChanges(
    db,
    recognitions.map((r) => ({ kind: 'recognition' as const, entry: toRegisterEntry(r, savedAt) })),
  );
}
