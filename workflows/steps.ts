import type { Duration, RetryPolicy, UpdateDefinition } from '@temporalio/common';
import {
  ActivityFailure,
  ApplicationFailure,
  allHandlersFinished,
  condition,
  log,
  proxyLocalActivities,
  setHandler,
  sleep,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import { dayInBrussels } from '../models/dates';
import { INVALID_POLICY, STATUS_CONFLICT, UNKNOWN_PARTNERSHIP } from '../models/failures';
import type { Policy } from '../models/policy';

// Workflow-side helpers shared by the procedures. Deterministic: promises and workflow timers only.

/** The workflow's clock, as the dossiers record it. */
export const now = () => new Date().toISOString();

/** The day in Brussels of an instant the dossier recorded (a check's, a period's end, validFrom). */
export const dayOf = (at: string) => dayInBrussels(new Date(at));

/** Refuses an update the dossier's state does not allow: the API answers it 409. */
export function refuse(message: string): never {
  throw ApplicationFailure.create({ type: STATUS_CONFLICT, message, nonRetryable: true });
}

/** A timer's length to `moment` (ms since the epoch); at least 1 ms, as a timer needs. */
const until = (moment: number) => Math.max(1, moment - Date.now());

/**
 * The activities' retry: a second's pause, twice as long each time up to `maximumInterval`;
 * without `maximumAttempts` it never gives up, so the step waits while the store is away.
 */
export const doublingRetry = (maximumInterval: Duration, maximumAttempts?: number): RetryPolicy => ({
  initialInterval: '1 second',
  backoffCoefficient: 2,
  maximumInterval,
  ...(maximumAttempts === undefined ? {} : { maximumAttempts }),
});

const options = {
  startToCloseTimeout: '30 seconds',
  // No maximum: while the store is away the step waits; an accepted submission is never lost.
  retry: doublingRetry('1 minute'),
} as const;

/**
 * The dossier's steps: the store's reads and writes, the notices (written to the outbox, mailed
 * when SMTP is set) and the status changes published to subscribed schools. Local activities:
 * inside the workflow task, recorded as one marker each, with no round trip through Temporal (an
 * intake that opens the dossier, reads the policy, records the check and writes the notices
 * costs one workflow task instead of four tasks and four activities).
 */
export const storeActivities = proxyLocalActivities<Activities>(options);

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
 * Notifications go out in the order the dossier changed, without holding up the next step. A
 * step's notices are sent by one activity scheduled when the step ends: a fixed point, so how a
 * step is written cannot change the order of the commands it gives. `drained()` resolves once
 * all are delivered.
 */
export function createNoticeQueue<T>(sendAll: (notices: T[]) => Promise<void>) {
  let queue: Promise<unknown> = Promise.resolve();
  let pending: T[] = [];
  const flush = () => {
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    const sent = sendAll(batch);
    queue = Promise.all([queue, sent]);
  };
  return {
    push(notice: T) {
      pending.push(notice);
    },
    flush,
    drained: () => {
      flush();
      return queue;
    },
  };
}

type NoticeQueue = ReturnType<typeof createNoticeQueue>;

/**
 * Waits until no handler is running and every notice is delivered, both at once: a run that
 * ends or continues as new while an update that came in meanwhile is still in its handler
 * would fail that update ("the workflow completed before the update completed").
 */
export async function untilSettled(notices: Pick<NoticeQueue, 'drained'>) {
  do {
    await condition(allHandlersFinished);
    await notices.drained();
  } while (!allHandlersFinished());
}

/**
 * A dossier's steps: run one at a time, each sending its notices when it ends; update handlers
 * that refuse at once (in the validator) what the dossier's state does not allow, and check
 * again when their turn comes; and steps that wait for their moment.
 */
export function createSteps(notices: Pick<NoticeQueue, 'flush'>) {
  const exclusive = createStepLock();
  function step<T>(body: () => Promise<T>): Promise<T> {
    return exclusive(async () => {
      const result = await body();
      notices.flush();
      return result;
    });
  }
  /** `ready`: when the dossier can take updates; one that arrives earlier waits for it. */
  function onUpdate<Ret, Args extends unknown[]>(
    update: UpdateDefinition<Ret, Args>,
    ensure: (...args: NoInfer<Args>) => void,
    body: (...args: Args) => Promise<Ret>,
    ready: () => boolean = () => true,
  ) {
    const run = (args: Args) =>
      step(async () => {
        ensure(...args);
        return body(...args);
      });
    setHandler(update, (...args: Args) => (ready() ? run(args) : condition(ready).then(() => run(args))), {
      validator: (...args: Args) => ensure(...args),
    });
  }
  /**
   * Waits until `moment` (ms since the epoch) unless `changed()` first, then runs `body` as a
   * step unless it changed while the step waited its turn. Answers whether the moment came.
   */
  async function stepAt(moment: number, changed: () => boolean, body: () => Promise<void>): Promise<boolean> {
    if (await condition(changed, until(moment))) return false;
    await step(async () => {
      if (!changed()) await body();
    });
    return true;
  }
  return { step, onUpdate, stepAt };
}

export type Steps = ReturnType<typeof createSteps>;

/** What an admin must repair in the catalogue before the dossier can go on. */
const CATALOGUE_FAULTS = [INVALID_POLICY, UNKNOWN_PARTNERSHIP];

/** How often a parked dossier reads its policy again. */
const PARKED_RETRY = '10 minutes';

/**
 * The partnership's policy, read afresh at each step. A stored policy out of bounds (or a
 * partnership gone from the catalogue) parks the dossier instead of failing it: `park` marks it for an operator, the policy is read again every
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
          // A local activity's failure comes as it is, an ordinary one wrapped in ActivityFailure.
          const failure = error instanceof ActivityFailure ? error.cause : error;
          if (!(failure instanceof ApplicationFailure && CATALOGUE_FAULTS.includes(failure.type ?? ''))) throw error;
          if (!parked) {
            log.error('dossier parked: invalid policy', { reason: failure.message });
            await marks.park(failure.message);
            parked = true;
          }
          await sleep(PARKED_RETRY);
        }
      }
    },
  };
}

/**
 * The events signalled to a workflow, handled one at a time in the order signalled. A repeated
 * signal (an activity retried after it had signalled) is dropped by event id: the ids of the last
 * `remembered` events handled are kept, and carried over continue-as-new with those pending.
 */
export class EventQueue<E extends { id: string }> {
  readonly pending: E[];
  readonly done: string[];

  constructor(
    private readonly remembered: number,
    pending: E[] = [],
    done: string[] = [],
  ) {
    this.pending = [...pending];
    this.done = [...done];
  }

  /** The signal's handler. */
  add(event: E) {
    if (!this.done.includes(event.id) && !this.pending.some((queued) => queued.id === event.id)) this.pending.push(event);
  }

  /** The first pending event, once there is one; undefined when none came within `idle`. */
  async next(idle: Duration): Promise<E | undefined> {
    return (await condition(() => this.pending.length > 0, idle)) ? this.pending[0] : undefined;
  }

  /** The first pending event is handled. */
  finish() {
    this.done.push(this.pending.shift()!.id);
    if (this.done.length > this.remembered) this.done.splice(0, this.done.length - this.remembered);
  }
}
