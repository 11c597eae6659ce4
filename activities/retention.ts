import { heartbeat, log } from '@temporalio/activity';
import type { Connection } from 'mongoose';
import { type RetentionCounts, addCounts, noCounts } from '../models/retention';
import {
  type ExpiredDossier,
  type RetentionRun,
  deleteExpiredRecords,
  findExpiredDossiers,
  pseudonymiseExpired,
  recordRetentionRun,
} from '../store/retention';

/** The retention run's steps (workflows/retention.ts): the store does the work, these report it. */
export function retentionActivities(db: Connection) {
  return {
    async findExpiredDossiers(input: { asOf: string; limit: number }) {
      return findExpiredDossiers(db, new Date(input.asOf), input.limit, () => heartbeat());
    },

    /** Pseudonymises a batch; a dossier that fails is logged and counted, and the others go on. */
    async pseudonymiseDossiers(input: { asOf: string; items: ExpiredDossier[] }): Promise<RetentionCounts> {
      let counts = noCounts();
      for (const item of input.items) {
        try {
          counts = addCounts(counts, await pseudonymiseExpired(db, item, new Date(input.asOf)));
        } catch (error) {
          log.error('personal data could not be pseudonymised', { ...item, error: String(error) });
          counts = addCounts(counts, { failed: 1 });
        }
        heartbeat();
      }
      return counts;
    },

    async deleteExpiredRecords(input: { asOf: string }): Promise<RetentionCounts> {
      return addCounts(noCounts(), await deleteExpiredRecords(db, new Date(input.asOf)));
    },

    async recordRetentionRun(run: RetentionRun): Promise<void> {
      await recordRetentionRun(db, run);
    },
  };
}
