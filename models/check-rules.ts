// A quality check's reasons, statuses and outcomes, and who may act on it when: zod-free, so the
// recognition workflow decides by the same rules as the API.

export const CHECK_REASONS = ['periodic', 'incident', 'mentor-change', 'learner-feedback'] as const;
export const CHECK_STATUSES = ['open', 'answered', 'closed', 'overdue'] as const;
export const CHECK_OUTCOMES = ['ok', 'improvement-needed', 'suspend'] as const;

export type CheckReason = (typeof CHECK_REASONS)[number];
export type CheckStatus = (typeof CHECK_STATUSES)[number];
export type CheckOutcome = (typeof CHECK_OUTCOMES)[number];

/** What the company (answer) and a reviewer (evaluate) do with a check, and in which statuses. */
export const CHECK_ACTIONS = { answer: ['open', 'overdue'], evaluate: ['answered', 'overdue'] } as const satisfies Record<
  string,
  readonly CheckStatus[]
>;
export type CheckAction = keyof typeof CHECK_ACTIONS;

export const checkActionAllowed = (action: CheckAction, status: CheckStatus) =>
  (CHECK_ACTIONS[action] as readonly CheckStatus[]).includes(status);
