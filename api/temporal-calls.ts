import {
  type Client,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  type WorkflowHandle,
  isGrpcServiceError,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { STATUS_CONFLICT } from '../models/failures';
import { Problem, unavailable, unavailableDependency } from './problem';

export interface TemporalLimits {
  /** How long one call may take, waiting for its turn included, before the API answers 503. */
  deadlineMs: number;
  /** Calls in flight at once from this process. */
  concurrency: number;
  /** Calls waiting for a turn; one more is refused at once (503), so load is shed, not queued. */
  queue: number;
}

/** What the API asks of Temporal, as the metrics name it (`erkend_temporal_*`). */
export type TemporalOperation =
  'start' | 'signal_with_start' | 'update_with_start' | 'update' | 'signal' | 'query' | 'describe' | 'cancel' | 'terminate';

/** How a Temporal operation ended: answered, refused by the workflow or Temporal, Temporal away, or otherwise failed. */
export type TemporalOutcome = 'ok' | 'rejected' | 'unavailable' | 'error';

/** Operations that ask Temporal to start a workflow (or to use the one already running). */
export const WORKFLOW_STARTS: ReadonlySet<TemporalOperation> = new Set(['start', 'signal_with_start', 'update_with_start']);

/** Who hears of each call (api/metrics.ts); the calls work the same without one. */
export interface TemporalCallObserver {
  /** One operation answered or failed after `seconds`. */
  operation(operation: TemporalOperation, outcome: TemporalOutcome, seconds: number): void;
  /** A call refused by load shedding: the queue was full, or no turn came before the deadline. */
  refused(reason: 'queue_full' | 'no_turn'): void;
}

/**
 * Every call the API makes to Temporal: with a deadline, and at most `concurrency` at a time.
 * Intake and the actions on a dossier queue up behind the store the worker writes to; past what
 * this process can have in hand, a caller is told to come back rather than left waiting.
 */
export class TemporalCalls {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  /** The client handed to each call: the same, with each operation timed for the observer. */
  private readonly observed: Client;

  constructor(
    readonly client: Client,
    private readonly limits: TemporalLimits,
    private readonly observer?: TemporalCallObserver,
  ) {
    this.observed = observer ? observedClient(client, observer) : client;
  }

  /** Calls in flight now. */
  get inFlight(): number {
    return this.active;
  }

  /** Calls waiting for a turn now. */
  get queued(): number {
    return this.waiting.length;
  }

  async call<T>(fn: (client: Client) => Promise<T>): Promise<T> {
    const deadline = Date.now() + this.limits.deadlineMs;
    await this.turn(deadline);
    try {
      return await this.client.connection.withDeadline(deadline, () => fn(this.observed));
    } finally {
      this.release();
    }
  }

  /** Sends an update to a dossier's workflow; the workflow's refusal (or a closed dossier) is 409. */
  async update<T>(workflowId: string, send: (handle: WorkflowHandle) => Promise<T>): Promise<T> {
    try {
      return await this.call((client) => send(client.workflow.getHandle(workflowId)));
    } catch (error) {
      throw refusal(error) ?? error;
    }
  }

  private async turn(deadline: number) {
    if (this.active < this.limits.concurrency) {
      this.active += 1;
      return;
    }
    if (this.waiting.length >= this.limits.queue) {
      this.observer?.refused('queue_full');
      throw busy();
    }
    await new Promise<void>((resolve, reject) => {
      const take = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiting.splice(this.waiting.indexOf(take), 1);
        this.observer?.refused('no_turn');
        reject(busy());
      }, deadline - Date.now());
      this.waiting.push(take);
    });
  }

  private release() {
    // The turn passes straight to the next in line, so `active` stays as it is.
    const next = this.waiting.shift();
    if (next) next();
    else this.active -= 1;
  }
}

const busy = () => unavailable('Erkend has more requests in hand than it can take now; try again in a few seconds', undefined, 2);

/**
 * Updates the dossier's workflow could not take at that moment: it had no handler yet (a run
 * just starting) or ended its run while the update was under way (continuing as new). A retry
 * reaches the run that can take it.
 */
const NOT_NOW = /No registered handler|completed before the Update completed/i;

function refusal(error: unknown): Problem | undefined {
  if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
    if (error.cause.type === STATUS_CONFLICT) return new Problem(409, 'Conflict', error.cause.message);
    if (NOT_NOW.test(error.cause.message))
      return unavailable('The dossier is moving on to its next step; try again in a moment', 'temporal', 1);
    return new Problem(422, 'Unprocessable Content', `The dossier could not take this step: ${error.cause.message}`);
  }
  if (error instanceof WorkflowNotFoundError || (isGrpcServiceError(error) && /completed|not found/i.test(error.details ?? ''))) {
    return new Problem(409, 'Conflict', 'The dossier is closed; no further action is possible');
  }
  return undefined;
}

const CLIENT_OPERATIONS: Record<string, TemporalOperation> = {
  start: 'start',
  signalWithStart: 'signal_with_start',
  executeUpdateWithStart: 'update_with_start',
  startUpdateWithStart: 'update_with_start',
};
const HANDLE_OPERATIONS: Record<string, TemporalOperation> = {
  executeUpdate: 'update',
  startUpdate: 'update',
  signal: 'signal',
  query: 'query',
  describe: 'describe',
  cancel: 'cancel',
  terminate: 'terminate',
};

function outcomeOf(error: unknown): TemporalOutcome {
  if (
    error instanceof WorkflowUpdateFailedError ||
    error instanceof WorkflowNotFoundError ||
    error instanceof WorkflowExecutionAlreadyStartedError
  )
    return 'rejected';
  return unavailableDependency(error) === 'temporal' ? 'unavailable' : 'error';
}

/** `target` whose methods named in `operations` are timed; `wrap` may replace what others return. */
function timedMethods<T extends object>(
  target: T,
  operations: Record<string, TemporalOperation>,
  observer: TemporalCallObserver,
  wrap: (name: string | symbol, value: unknown) => unknown = (_name, value) => value,
): T {
  return new Proxy(target, {
    get(object, name) {
      const value: unknown = Reflect.get(object, name, object);
      if (typeof value !== 'function') return value;
      const operation = typeof name === 'string' ? operations[name] : undefined;
      if (!operation) return (...args: unknown[]) => wrap(name, value.apply(object, args));
      return async (...args: unknown[]) => {
        const started = process.hrtime.bigint();
        const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
        try {
          const result: unknown = await value.apply(object, args);
          observer.operation(operation, 'ok', seconds());
          return result;
        } catch (error) {
          observer.operation(operation, outcomeOf(error), seconds());
          throw error;
        }
      };
    },
  });
}

/** The client as calls see it: starts, updates, signals and queries each timed for the observer. */
function observedClient(client: Client, observer: TemporalCallObserver): Client {
  const workflow = timedMethods(client.workflow, CLIENT_OPERATIONS, observer, (name, value) =>
    name === 'getHandle' ? timedMethods(value as WorkflowHandle, HANDLE_OPERATIONS, observer) : value,
  );
  return new Proxy(client, {
    get: (object, name) => (name === 'workflow' ? workflow : Reflect.get(object, name, object)),
  });
}
