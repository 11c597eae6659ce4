// A placement's statuses and what each party may do in each: one rule for the API, the
// workflow and the pages. Plain values (no zod), so the workflows can import them.

export const AGREEMENT_TYPES = ['dual', 'internship', 'other'] as const;

export const TERMINATION_REASONS = [
  'learner-left-school',
  'learner-choice',
  'company-choice',
  'conflict',
  'workplace-not-recognised',
  'other',
] as const;
export type TerminationReason = (typeof TERMINATION_REASONS)[number];

export const PLACEMENT_STATUSES = ['proposed', 'active', 'declined', 'expired', 'ended', 'terminated'] as const;
export type PlacementStatus = (typeof PLACEMENT_STATUSES)[number];

/** A proposal waiting for the company's answer, and a running placement, hold one of the workplace's places. */
export const PLACE_HOLDING_STATUSES: readonly PlacementStatus[] = ['proposed', 'active'];
export const holdsPlace = (status: PlacementStatus) => PLACE_HOLDING_STATUSES.includes(status);

/** What each party may do to a placement in each status: one rule for the API, the workflow and the pages. */
export type PlacementAction = 'accept' | 'decline' | 'end' | 'terminate';

const ALLOWED: Record<PlacementAction, readonly PlacementStatus[]> = {
  accept: ['proposed'],
  decline: ['proposed'],
  // v2's end: the school withdraws its proposal or ends the placement (either frees the place).
  end: ['proposed', 'active'],
  terminate: ['active'],
};

export const placementActionAllowed = (action: PlacementAction, status: PlacementStatus) => ALLOWED[action].includes(status);

/** A placement that ran (is running or ended after running): only such a one has an evaluation and a learner to ask. */
export const hasRun = (status: PlacementStatus) => status === 'active' || status === 'ended' || status === 'terminated';
