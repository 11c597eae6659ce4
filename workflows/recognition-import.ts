import { ActivityFailure, continueAsNew, log, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { ImportCounts } from '../activities/imports';
import type { RecognitionImportInput } from './recognition-import.messages';
import { doublingRetry } from './steps';

// One workflow per bulk import of existing recognitions: the file is read in batches from where
// the last batch stopped, each row becoming a recognition with its lifecycle. A crash or restart
// anywhere goes on from the last batch recorded in this workflow's history; a row done twice
// is found and not done again. One batch at a time, a few rows at once: the import runs beside
// the system people use.

/** Rows per batch: a few seconds of work, well inside the activity's timeout. */
const BATCH_SIZE = 100;

const options = {
  startToCloseTimeout: '5 minutes',
  retry: doublingRetry('1 minute', 20),
} as const;

// A batch heartbeats each row: one whose worker stopped (a restart, a crash) is retried after
// 30 s rather than after the 5 minutes it may take.
const { importRecognitionBatch } = proxyActivities<Activities>({ ...options, heartbeatTimeout: '30 seconds' });
const { failImport } = proxyActivities<Activities>(options);

export async function recognitionImportWorkflow(input: RecognitionImportInput): Promise<ImportCounts> {
  let cursor = input.cursor;
  let batch = input.batch ?? 0;
  let counts = input.counts ?? { imported: 0, skipped: 0, failed: 0 };
  let kept = input.kept ?? 0;
  for (;;) {
    let result;
    try {
      result = await importRecognitionBatch({ importId: input.importId, batch, cursor, counts, kept, size: BATCH_SIZE });
    } catch (error) {
      // Rows done so far stay done; the import says where and why it stopped.
      const reason = error instanceof ActivityFailure ? (error.cause?.message ?? error.message) : String(error);
      await failImport({ importId: input.importId, reason: `stopped at line ${cursor.line + 1}: ${reason}` });
      throw error;
    }
    ({ cursor, counts, kept } = result);
    batch += 1;
    if (result.done) break;
    if (workflowInfo().continueAsNewSuggested) {
      await continueAsNew<typeof recognitionImportWorkflow>({ importId: input.importId, cursor, batch, counts, kept });
    }
  }
  log.info('import done', { importId: input.importId, ...counts });
  return counts;
}
