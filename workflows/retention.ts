import { continueAsNew, log, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { type RetentionCounts, addCounts, noCounts } from '../models/retention';
import type { RetentionInput } from './retention.messages';
import { doublingRetry } from './steps';

// The retention schedule enforced, once a day (models/retention.ts says what goes when). A
// Temporal Schedule starts a fresh run each night rather than one workflow sleeping between
// nights: a run lives minutes, so a change to this code meets no history older than a night,
// and an operator sees, pauses or triggers the runs in the Temporal UI (`temporal schedule
// trigger --schedule-id erkend-retention`). Each round finds up to SCAN_LIMIT dossiers due (a
// read of every dossier) and pseudonymises them a batch at a time; then notices, sessions and
// import files past their period are deleted, and the run is recorded with its counts.

/**
 * Dossiers found due per round: each round reads every dossier (minutes at hundreds of
 * thousands on FerretDB), so a backlog goes in few rounds; their ids stay far below a payload's limit.
 */
const SCAN_LIMIT = 2_000;
const BATCH = 25;
/** Rounds in one day's run at most: what is left waits for the next night. */
const MAX_ROUNDS = 100;

const options = {
  startToCloseTimeout: '10 minutes',
  // A scan heartbeats every thousand dossiers: one whose worker stopped is retried soon.
  heartbeatTimeout: '1 minute',
  retry: doublingRetry('1 minute', 10),
} as const;

const { findExpiredDossiers, pseudonymiseDossiers, deleteExpiredRecords, recordRetentionRun } =
  proxyActivities<Activities>(options);

const pseudonymised = (c: RetentionCounts) => c.applications + c.recognitions + c.qualityChecks;

export async function retentionWorkflow(input: RetentionInput = {}): Promise<RetentionCounts> {
  // Every dossier of a run is judged as of the moment the run started.
  const asOf = input.carried?.asOf ?? new Date().toISOString();
  let counts = input.carried?.counts ?? noCounts();
  let rounds = input.carried?.rounds ?? 0;
  while (rounds < MAX_ROUNDS) {
    rounds += 1;
    const found = await findExpiredDossiers({ asOf, limit: SCAN_LIMIT });
    const done = pseudonymised(counts);
    for (let i = 0; i < found.items.length; i += BATCH) {
      counts = addCounts(counts, await pseudonymiseDossiers({ asOf, items: found.items.slice(i, i + BATCH) }));
    }
    // A round that pseudonymised nothing (only failures) would find the same again: the next run tries anew.
    if (!found.more || pseudonymised(counts) === done) break;
    if (workflowInfo().continueAsNewSuggested) {
      await continueAsNew<typeof retentionWorkflow>({ carried: { asOf, counts, rounds } });
    }
  }
  counts = addCounts(counts, await deleteExpiredRecords({ asOf }));
  const { workflowId, runId } = workflowInfo();
  await recordRetentionRun({ id: `${workflowId}/${runId}`, startedAt: asOf, finishedAt: new Date().toISOString(), counts });
  log.info('retention run done', { ...counts });
  return counts;
}
