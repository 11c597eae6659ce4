// Places where a test may make this process fail once, to prove that a retry heals a step cut
// off halfway (a crash between two writes). Unarmed, a fault point does nothing; only a test
// in the same process arms one.

export type FaultPoint =
  /** A dossier's record of this kind is written; its change-feed entry is not yet. */
  | `before-feed:${'recognition' | 'application' | 'check' | 'mandate' | 'placement'}`
  /** A reader of the change feed has read every second but the last of its window. */
  | 'feed-read-last-second';

const armed = new Map<FaultPoint, number>();
const fired = new Map<FaultPoint, number>();

export class InjectedFault extends Error {
  constructor(point: FaultPoint) {
    super(`fault injected at ${point}`);
    this.name = 'InjectedFault';
  }
}

/** Makes the next `times` passes through `point` throw. */
export function armFault(point: FaultPoint, times = 1): void {
  armed.set(point, (armed.get(point) ?? 0) + times);
}

/** How often `point` has thrown since the process started. */
export function faultsFired(point: FaultPoint): number {
  return fired.get(point) ?? 0;
}

/** Throws when a test armed this point; otherwise nothing. */
export function faultPoint(point: FaultPoint): void {
  const left = armed.get(point) ?? 0;
  if (left === 0) return;
  armed.set(point, left - 1);
  fired.set(point, faultsFired(point) + 1);
  throw new InjectedFault(point);
}
