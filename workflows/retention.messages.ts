import type { RetentionCounts } from '../models/retention';

// How the daily retention run is started: by a Temporal Schedule (worker/retention-schedule.ts),
// or by an operator or a test at any time.

export const RETENTION_WORKFLOW = 'retentionWorkflow';
export const RETENTION_SCHEDULE_ID = 'erkend-retention';

export interface RetentionInput {
  /** Carried over by continue-as-new; absent at the start. */
  carried?: { asOf: string; counts: RetentionCounts; rounds: number };
}
