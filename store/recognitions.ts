import type { Connection } from 'mongoose';
import type { Recognition } from '../models/recognition';
import { nameKey } from '../models/register';
import { toRegisterEntry } from '../models/register-index';
import { changeKey, registerChangeModel } from './register-changes';
import { insertIfAbsent, storedModel } from './stored-model';

// Recognitions as the register and the API read them; every write also feeds the register's
// change feed.

/** A recognition as stored: with the key the register searches names by, and when it was written. */
export type StoredRecognition = Omit<Recognition, 'id'> & { _id: string; companyNameKey: string; savedAt?: string };

export function recognitionModel(connection: Connection) {
  // One index per query shape: tenant lists, the register's verify, search and name look-up.
  return storedModel<Omit<StoredRecognition, '_id'>>(connection, 'recognitions', [
    [{ enterpriseNumber: 1, status: 1 }],
    [{ partnershipId: 1, status: 1 }],
    [{ establishmentNumber: 1, trainingCode: 1 }],
    [{ status: 1, trainingCode: 1, 'address.postcode': 1, companyNameKey: 1 }],
    [{ companyNameKey: 1 }],
  ]);
}

/** The stored form: the recognition, the key the register searches names by, and when it was written. */
export function storedRecognition(recognition: Recognition, savedAt = new Date().toISOString()) {
  const { id, ...fields } = recognition;
  return { _id: id, ...fields, companyNameKey: nameKey(fields.companyName), savedAt };
}

/**
 * Writes a recognition and tells the register's change feed, so every API process shows the
 * change within a second. A retry writes both again, which is harmless.
 */
export async function writeRecognition(db: Connection, recognition: Recognition, options: { onlyIfAbsent: boolean }) {
  const savedAt = new Date().toISOString();
  const { _id, ...fields } = storedRecognition(recognition, savedAt);
  if (options.onlyIfAbsent) {
    if (!(await insertIfAbsent(recognitionModel(db), { _id, ...fields }))) return;
  } else {
    await recognitionModel(db).replaceOne({ _id }, fields, { upsert: true });
  }
  const entry = toRegisterEntry(recognition, savedAt);
  await registerChangeModel(db).collection.insertOne({ _id: changeKey(savedAt, recognition.id), entry } as never);
}

/** Bulk load, bypassing the workflows: for benchmarks, tests and migrations. */
export async function loadRecognitions(db: Connection, recognitions: Recognition[]) {
  const savedAt = new Date().toISOString();
  await recognitionModel(db).collection.insertMany(recognitions.map((r) => storedRecognition(r, savedAt)) as never[], {
    ordered: false,
  });
  await registerChangeModel(db).collection.insertMany(
    recognitions.map((r) => ({ _id: changeKey(savedAt, r.id), entry: toRegisterEntry(r, savedAt) })) as never[],
    { ordered: false },
  );
}
