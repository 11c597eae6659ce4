import type { ApplicationStatus } from './application';

// Which action the dossier's status allows: checked by the API (an immediate 409) and by the
// workflow's update validators, which have the last word.

export const APPLICATION_ACTIONS = {
  requestInformation: ['in_review'],
  recordVisit: ['in_review'],
  decide: ['in_review'],
  supplement: ['info_requested'],
  withdraw: ['submitted', 'in_review', 'info_requested'],
  object: ['rejected'],
} as const satisfies Record<string, readonly ApplicationStatus[]>;

export type ApplicationAction = keyof typeof APPLICATION_ACTIONS;

export function actionAllowed(action: ApplicationAction, status: ApplicationStatus): boolean {
  return (APPLICATION_ACTIONS[action] as readonly ApplicationStatus[]).includes(status);
}

export function actionRefusal(action: ApplicationAction, status: ApplicationStatus): string {
  return `${action} is not possible while the application is ${status} (only when ${APPLICATION_ACTIONS[action].join(' or ')})`;
}

/** When a reminder goes out: three quarters into the period, so it also works for seconds. */
export function reminderMoment(startMs: number, dueMs: number): number {
  return startMs + Math.floor((dueMs - startMs) * 0.75);
}
