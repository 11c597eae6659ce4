import type { ApplicationStatus } from './application';
import { statusRules } from './status-rules';

export const APPLICATION_ACTIONS = {
  requestInformation: ['in_review'],
  recordVisit: ['in_review'],
  decide: ['in_review'],
  supplement: ['info_requested'],
  withdraw: ['submitted', 'in_review', 'info_requested'],
  object: ['rejected'],
} as const satisfies Record<string, readonly ApplicationStatus[]>;

export type ApplicationAction = keyof typeof APPLICATION_ACTIONS;

export const { allowed: actionAllowed, refusal: actionRefusal } = statusRules<ApplicationStatus, typeof APPLICATION_ACTIONS>(
  APPLICATION_ACTIONS,
  'application',
);

/** When a reminder goes out: three quarters into the period, so it also works for seconds. */
export function reminderMoment(startMs: number, dueMs: number): number {
  return startMs + Math.floor((dueMs - startMs) * 0.75);
}
