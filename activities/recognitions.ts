import type { Connection } from 'mongoose';
import type { QualityCheck } from '../models/quality-check';
import type { Recognition } from '../models/recognition';
import { writeQualityCheck } from '../store/quality-checks';
import { writeRecognition } from '../store/recognitions';

export function recognitionActivities(db: Connection) {
  return {
    /**
     * Mirrors the recognition as the workflow holds it, replacing the stored one whole (so a
     * field the workflow cleared is gone); writing the same state twice is harmless.
     */
    async saveRecognition(recognition: Recognition): Promise<void> {
      await writeRecognition(db, recognition, { onlyIfAbsent: false });
    },

    /** Mirrors a quality check as the workflow holds it, and tells the lists' change feed. */
    async saveQualityCheck(check: QualityCheck): Promise<void> {
      await writeQualityCheck(db, check);
    },
  };
}
