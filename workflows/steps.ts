import { ActivityFailure, ApplicationFailure, log, sleep } from '@temporalio/workflow';
import { INVALID_POLICY } from '../models/failures';
import type { Policy } from '../models/policy';

// Workflow-side helpers shared by the procedures. Deterministic: promises and workflow timers only.

/**
 * One step at a time: update handlers and timers change a dossier in turn, each re-checking
 * the status it finds, so two people acting at once cannot both succeed.
 */
export function createStepLock() {
  let lock: Promise<unknown> = Promise.resolve();
  return function exclusive<T>(step: () => Promise<T>): Promise<T> {
    const run = lock.then(step);
    lock = run.catch(() => undefined);
    return run;
  };
}

/**
 * Notifications go out in the order the dossier changed, without holding up the next step.
 * `drained()` resolves once all sent so far are delivered.
 */
export function createNoticeQueue<T>(send: (notice: T) => Promise<void>) {
  let queue: Promise<unknown> = Promise.resolve();
  return {
    push(notice: T) {
      queue = queue.then(() => send(notice));
    },
    drained: () => queue,
  };
}

/** How often a parked dossier reads its policy again. */
const PARKED_RETRY = '10 minutes';

/**
 * The partnership's policy, read afresh at each step. A stored policy out of bounds parks the
 * dossier instead of failing it: `park` marks it for an operator, the policy is read again every
 * ten minutes, and once an admin has repaired it `resume` clears the mark and the step goes on.
 */
export function createPolicyReader(
  read: () => Promise<Policy>,
  marks: { park: (reason: string) => Promise<void>; resume: () => Promise<void> },
) {
  let parked = false;
  return {
    get parked() {
      return parked;
    },
    async now(): Promise<Policy> {
      for (;;) {
        try {
          const policy = await read();
          if (parked) {
            parked = false;
            await marks.resume();
          }
          return policy;
        } catch (error) {
          const invalid = error instanceof ActivityFailure && error.cause instanceof ApplicationFailure && error.cause.type === INVALID_POLICY;
          if (!invalid) throw error;
          if (!parked) {
            log.error('dossier parked: invalid policy', { reason: error.cause.message });
            await marks.park(error.cause.message);
            parked = true;
          }
          await sleep(PARKED_RETRY);
        }
      }
    },
  };
}
