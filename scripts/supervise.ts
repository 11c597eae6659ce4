import type { Logger } from '../platform/logger';
import { type Exit, describeExit, sleep } from './child-processes';

// Keeps the processes of `npm start` running: a crashed one is restarted after a pause that
// grows, and given up after too many crashes in a short while.

export interface SupervisionPolicy {
  /** Pause before the first restart, doubled after each further crash up to `maxDelayMs`. */
  initialDelayMs: number;
  maxDelayMs: number;
  /** After this many crashes within `windowMs` the process is given up for good. */
  maxCrashes: number;
  windowMs: number;
  /** A process that ran this long before it crashed counts its crashes afresh. */
  stableAfterMs: number;
}

export const DEFAULT_SUPERVISION: SupervisionPolicy = {
  initialDelayMs: 1000,
  maxDelayMs: 30_000,
  maxCrashes: 5,
  windowMs: 120_000,
  stableAfterMs: 60_000,
};

export interface SupervisionSpec<T extends { stop: () => Promise<void>; crashed?: Promise<Exit> }> {
  name: string;
  /** Starts the process once and resolves when it is ready; `signal` aborts a start under way. */
  start: (signal: AbortSignal) => Promise<T>;
  logger: Logger;
  /** Aborted when the whole stack stops: no restart from then on. */
  signal?: AbortSignal;
  /** Called once, when the process crashed too often; the caller stops everything. */
  onGiveUp: (reason: string) => void;
  policy?: Partial<SupervisionPolicy>;
}

export interface Supervised<T> {
  /** What the first start resolved with. */
  first: T;
  stop: () => Promise<void>;
}

const seconds = (ms: number) => (ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`);

/**
 * Starts a process and restarts it whenever it crashes, after a pause that doubles with each
 * crash; gives up (onGiveUp) after `maxCrashes` crashes within `windowMs`. A failed first start
 * rejects: the stack is not up yet, so there is nothing to keep running.
 */
export async function supervise<T extends { stop: () => Promise<void>; crashed?: Promise<Exit> }>(
  spec: SupervisionSpec<T>,
): Promise<Supervised<T>> {
  const policy = { ...DEFAULT_SUPERVISION, ...spec.policy };
  const halted = new AbortController();
  const halt = () => halted.abort();
  spec.signal?.addEventListener('abort', halt, { once: true });
  if (spec.signal?.aborted) halt();

  const first = await spec.start(halted.signal);
  let current: { stop: () => Promise<void> } = first;
  let recovering = Promise.resolve();
  const crashes: number[] = [];

  const watch = (running: T, startedAt: number) => {
    void running.crashed?.then((exit) => {
      if (!halted.signal.aborted) recovering = recover(exit, startedAt);
    });
  };

  async function recover(failure: Exit | Error, startedAt: number): Promise<void> {
    for (;;) {
      const now = Date.now();
      if (now - startedAt >= policy.stableAfterMs) crashes.length = 0;
      crashes.push(now);
      while (crashes[0]! <= now - policy.windowMs) crashes.shift();
      const attempt = crashes.length;
      const what =
        failure instanceof Error
          ? { fields: { err: failure.message }, text: 'failed to restart' }
          : { fields: { code: failure.code, signal: failure.signal }, text: `crashed (${describeExit(failure)})` };
      if (attempt >= policy.maxCrashes) {
        const reason = `${spec.name} crashed ${attempt} times within ${seconds(policy.windowMs)}; giving up`;
        spec.logger.fatal({ process: spec.name, ...what.fields, attempt }, reason);
        halt();
        spec.onGiveUp(reason);
        return;
      }
      const delay = Math.min(policy.initialDelayMs * 2 ** (attempt - 1), policy.maxDelayMs);
      spec.logger.error(
        { process: spec.name, ...what.fields, attempt, restartInMs: delay },
        `${spec.name} ${what.text}; restarting in ${seconds(delay)} (attempt ${attempt})`,
      );
      if (!(await sleep(delay, halted.signal))) return;
      startedAt = Date.now();
      try {
        const running = await spec.start(halted.signal);
        current = running;
        if (halted.signal.aborted) return;
        spec.logger.info({ process: spec.name, attempt }, `${spec.name} restarted (attempt ${attempt})`);
        watch(running, startedAt);
        return;
      } catch (error) {
        if (halted.signal.aborted) return;
        failure = error as Error;
      }
    }
  }

  watch(first, Date.now());
  return {
    first,
    stop: async () => {
      halt();
      spec.signal?.removeEventListener('abort', halt);
      await recovering;
      await current.stop();
    },
  };
}
