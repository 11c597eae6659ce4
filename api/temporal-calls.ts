import {
  type Client,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  type WorkflowHandle,
  isGrpcServiceError,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { STATUS_CONFLICT } from '../models/failures';
import { Problem, unavailable } from './problem';

export interface TemporalLimits {
  /** How long one call may take, waiting for its turn included, before the API answers 503. */
  deadlineMs: number;
  /** Calls in flight at once from this process. */
  concurrency: number;
  /** Calls waiting for a turn; one more is refused at once (503), so load is shed, not queued. */
  queue: number;
}

/**
 * Every call the API makes to Temporal: with a deadline, and at most `concurrency` at a time.
 * Intake and the actions on a dossier queue up behind the store the worker writes to; past what
 * this process can have in hand, a caller is told to come back rather than left waiting.
 */
export class TemporalCalls {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    readonly client: Client,
    private readonly limits: TemporalLimits,
  ) {}

  async call<T>(fn: (client: Client) => Promise<T>): Promise<T> {
    const deadline = Date.now() + this.limits.deadlineMs;
    await this.turn(deadline);
    try {
      return await this.client.connection.withDeadline(deadline, () => fn(this.client));
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
    if (this.waiting.length >= this.limits.queue) throw busy();
    await new Promise<void>((resolve, reject) => {
      const take = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiting.splice(this.waiting.indexOf(take), 1);
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
