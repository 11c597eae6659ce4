import type { Connection } from 'mongoose';
import { type QualityCheck, qualityCheckModel } from '../models/quality-check';
import { type Recognition, recognitionModel } from '../models/recognition';
import { nameKey } from '../models/register';

/** The stored form: the recognition plus the key the register searches names by. */
export function storedRecognition({ id, ...fields }: Recognition) {
  return { _id: id, ...fields, companyNameKey: nameKey(fields.companyName) };
}

export function recognitionActivities(db: Connection) {
  const recognitions = recognitionModel(db);
  const checks = qualityCheckModel(db);

  return {
    /**
     * Mirrors the recognition as the workflow holds it, replacing the stored one whole (so a
     * field the workflow cleared is gone); writing the same state twice is harmless.
     */
    async saveRecognition(recognition: Recognition): Promise<void> {
      const { _id, ...fields } = storedRecognition(recognition);
      await recognitions.replaceOne({ _id }, fields, { upsert: true });
    },

    async saveQualityCheck(check: QualityCheck): Promise<void> {
      const { id, ...fields } = check;
      await checks.replaceOne({ _id: id }, fields, { upsert: true });
    },
  };
}
