// Workflow-side helpers shared by the procedures. Deterministic: promises only.

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
