import { hasRun } from '../models/placement-status';
import type { Principal } from '../platform/auth';
import type { StoredPlacement } from '../store/placements';
import { Problem } from './problem';

// How the placement's own records (evaluations, the learner's answers, links) reach it: through
// the placement as its caller may see it, and only once it ran.

/** A placement as `principal` may see it (404 otherwise): the placements' dossier reader. */
export type ReadPlacement = (principal: Principal, id: string) => Promise<StoredPlacement>;

/** The placement, if it ran; 409 for one still proposed, declined or expired. */
export function ran(placement: StoredPlacement): StoredPlacement {
  if (!hasRun(placement.status)) throw new Problem(409, 'Conflict', `The placement is ${placement.status}`);
  return placement;
}
