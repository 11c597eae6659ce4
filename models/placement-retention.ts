import { dayInBrussels, startOfDayInBrussels } from './dates';
import { addDuration, parseDuration } from './duration';
import type { Placement } from './placement';
import { holdsPlace } from './placement-status';
import { ERASED, type Kept, type Pseudonymised, RETENTION_SCHEDULE, periodBefore } from './retention';

// The retention schedule for what placements hold (models/retention.ts: kinds `placements`,
// `feedback-links`, `searching-learners`): when a placement's personal data is due, what
// pseudonymising it leaves, and until when the store keeps feedback links and learners who no
// longer search. The learner is only ever the school's pseudonymous code, which stays: the
// placement's facts (statuses, dates, reason codes) and the figures monitoring counts (the
// learner's answers and their average, the progress per activity) stay with it. Pure.

/** What the rules read of a placement. */
export type PlacementRetentionFacts = Pick<Placement, 'status' | 'answeredAt' | 'answerDue' | 'endedOn'> & Pseudonymised;

/** When a placement ended: declined at its answer, expired at answerDue, ended or terminated on endedOn. */
export function placementEndedAt(p: PlacementRetentionFacts): string | undefined {
  if (p.status === 'declined') return p.answeredAt;
  if (p.status === 'expired') return p.answerDue;
  if (p.status === 'ended' || p.status === 'terminated') return p.endedOn && startOfDayInBrussels(p.endedOn).toISOString();
  return undefined;
}

/** When retention pseudonymises the placement; undefined while it is proposed or running. */
export function placementPseudonymiseAt(p: PlacementRetentionFacts): string | undefined {
  const ended = placementEndedAt(p);
  return ended && addDuration(new Date(ended), RETENTION_SCHEDULE.placements.period!).toISOString();
}

/** Whether retention pseudonymises the placement now (once: a pseudonymised one is not due again). */
export function placementRetentionDue(p: PlacementRetentionFacts, now: Date): boolean {
  const at = placementPseudonymiseAt(p);
  return !p.pseudonymisedAt && at !== undefined && at <= now.toISOString();
}

/** A placement's mentor once erased: the shape stays, nobody is named. */
export const ERASED_MENTOR = { firstName: ERASED, lastName: ERASED };

/** The placement without its people: the mentor's name out, the free texts removed, the facts kept. */
export function pseudonymisePlacement<P extends Pick<Placement, 'mentor' | 'declineReason' | 'termination'>>(
  p: P,
  at: string,
): P & Pseudonymised {
  const { declineReason: _reason, termination, mentor, ...kept } = p;
  const { note: _note, ...ending } = termination ?? { reason: 'other', by: 'school' };
  return {
    ...(kept as P),
    ...(mentor ? { mentor: ERASED_MENTOR } : {}),
    ...(termination ? { termination: ending } : {}),
    pseudonymisedAt: at,
  };
}

/** What an erasure request may do with a placement now: a proposed or running one keeps its mentor. */
export const placementKeptOnRequest = (p: Pick<Placement, 'status'>): Kept | undefined =>
  holdsPlace(p.status) ? { reason: 'placement-running' } : undefined;

/** Used or expired feedback links are deleted once they expired before this moment. */
export const feedbackLinksExpiredBefore = (now: Date) => periodBefore(now, RETENTION_SCHEDULE['feedback-links'].period!);

/**
 * Learners placed or deleted before this moment are removed: the schedule's years before this
 * year began in Brussels, so the current and last year's demand (searching, median days to
 * placement) still count them.
 */
export function searchingLearnersGoneBefore(now: Date): Date {
  const years = parseDuration(RETENTION_SCHEDULE['searching-learners'].period!).years;
  return startOfDayInBrussels(`${Number(dayInBrussels(now).slice(0, 4)) - years}-01-01`);
}
