import type { Connection } from 'mongoose';
import type { QualityCheck } from '../models/quality-check';
import type { Recognition } from '../models/recognition';
import { sameListing, toCheckEntry } from '../models/read-models';
import { appendChanges } from '../store/changes';
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

    /** Mirrors a quality check as the workflow holds it, and tells the lists' change feed. */
    async saveQualityCheck(check: QualityCheck): Promise<void> {
      const { id, ...fields } = check;
      const savedAt = new Date().toISOString();
      const before = await checks.findById(id).lean();
      await checks.replaceOne({ _id: id }, { ...fields, savedAt }, { upsert: true });
      const entry = toCheckEntry({ _id: id, ...fields, savedAt });
      // A reminder changes nothing its lists show: not fed.
      if (before && sameListing(toCheckEntry(before), entry)) return;
      await appendChanges(db, [{ kind: 'check', entry }]);
    },
  };
}
