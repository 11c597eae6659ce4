import type { Connection } from 'mongoose';
import type { QualityCheck } from '../models/quality-check';
import type { Recognition } from '../models/recognition';
import { qualityCheckModel } from '../store/quality-checks';
import { writeRecognition } from '../store/recognitions';

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
