import type { Connection } from 'mongoose';
import { type QualityCheck, qualityCheckModel } from '../models/quality-check';
import { insertIfAbsent } from '../models/store';
import { type Recognition, recognitionModel } from '../models/recognition';
import { nameKey } from '../models/register';
import { changeKey, registerChangeModel } from '../models/register-changes';
import { toRegisterEntry } from '../models/register-index';

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
  await recognitionModel(db).collection.insertMany(recognitions.map((r) => storedRecognition(r, savedAt)) as never[], { ordered: false });
  await registerChangeModel(db).collection.insertMany(
    recognitions.map((r) => ({ _id: changeKey(savedAt, r.id), entry: toRegisterEntry(r, savedAt) })) as never[],
    { ordered: false },
  );
}

export function recognitionActivities(db: Connection) {
  const checks = qualityCheckModel(db);

  return {
    /**
     * Mirrors the recognition as the workflow holds it, replacing the stored one whole (so a
     * field the workflow cleared is gone); writing the same state twice is harmless.
     */
    async saveRecognition(recognition: Recognition): Promise<void> {
      await writeRecognition(db, recognition, { onlyIfAbsent: false });
    },

    async saveQualityCheck(check: QualityCheck): Promise<void> {
      const { id, ...fields } = check;
      await checks.replaceOne({ _id: id }, fields, { upsert: true });
    },
  };
}
