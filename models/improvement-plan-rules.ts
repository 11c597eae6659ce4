import { addDuration } from './duration';
import { endOfDayInBrussels } from './dates';

// Improvement plans (verbeterplannen): what a reviewer asks of a company after a check found
// improvement needed, as actions with a due date. Zod-free and pure: the plan's workflow, the
// API and the pages use the same rules.

export const PLAN_STATUSES = ['open', 'done', 'overdue'] as const;
export const ACTION_STATUSES = ['open', 'answered', 'done', 'not-done'] as const;
export const REVIEW_OUTCOMES = ['done', 'not-done'] as const;

export type PlanStatus = (typeof PLAN_STATUSES)[number];
export type ActionStatus = (typeof ACTION_STATUSES)[number];
export type ReviewOutcome = (typeof REVIEW_OUTCOMES)[number];

/** How many actions one plan holds at most (the evaluation's `actions`). */
export const MAX_ACTIONS = 20;

export interface ActionResponse {
  at: string;
  by: string;
  message: string;
  documentIds?: string[];
}

export interface ActionReview {
  at: string;
  by: string;
  outcome: ReviewOutcome;
  note?: string;
}

export interface ImprovementAction {
  /** Its number in the plan, from 1: the path's `{n}`. */
  n: number;
  description: string;
  dueOn: string;
  status: ActionStatus;
  responses: ActionResponse[];
  /** The last review. */
  review?: ActionReview;
  remindedAt?: string;
}

export interface ImprovementPlan {
  id: string;
  recognitionId: string;
  checkId: string;
  partnershipId: string;
  enterpriseNumber: string;
  status: PlanStatus;
  openedAt: string;
  openedBy: string;
  actions: ImprovementAction[];
  /** When every action was done. */
  settledAt?: string;
  /** When the plan went past its grace: kept once set, so monitoring counts it overdue even when done later. */
  overdueAt?: string;
}

export interface NewImprovementPlan {
  id: string;
  check: { id: string; recognitionId: string; partnershipId: string; enterpriseNumber: string };
  actions: ReadonlyArray<{ description: string; dueOn: string }>;
  by: string;
  at: string;
}

/** The plan a reviewer's evaluation opens: every action open, numbered from 1. */
export function newImprovementPlan({ id, check, actions, by, at }: NewImprovementPlan): ImprovementPlan {
  return {
    id,
    recognitionId: check.recognitionId,
    checkId: check.id,
    partnershipId: check.partnershipId,
    enterpriseNumber: check.enterpriseNumber,
    status: 'open',
    openedAt: at,
    openedBy: by,
    actions: actions.map(({ description, dueOn }, i) => ({ n: i + 1, description, dueOn, status: 'open', responses: [] })),
  };
}

/** What the company (respond) and a reviewer (review) may do with an action: anything not yet done. */
export const actionOpen = (action: Pick<ImprovementAction, 'status'>) => action.status !== 'done';

/** The company has answered and a reviewer has yet to say: the reviewer's task. */
export const awaitsReview = (action: Pick<ImprovementAction, 'status'>) => action.status === 'answered';

/** Open or sent back: the company's task. */
export const awaitsAnswer = (action: Pick<ImprovementAction, 'status'>) =>
  action.status === 'open' || action.status === 'not-done';

/** A plan is done once every action is. */
export const allDone = (plan: Pick<ImprovementPlan, 'actions'>) => plan.actions.every((a) => a.status === 'done');

/** The moment an action is due: the end of its day in Brussels. */
export const actionDueAt = (action: Pick<ImprovementAction, 'dueOn'>) => endOfDayInBrussels(action.dueOn).getTime();

/** The actions past their due moment, not done and not yet reminded. */
export const actionsToRemind = (plan: Pick<ImprovementPlan, 'actions'>, now: number) =>
  plan.actions.filter((a) => actionOpen(a) && !a.remindedAt && actionDueAt(a) <= now);

/**
 * When the plan goes overdue: the grace after the earliest due moment of an action not done;
 * undefined once every action is done or the plan is overdue already.
 */
export function overdueMoment(plan: Pick<ImprovementPlan, 'actions' | 'overdueAt'>, grace: string): number | undefined {
  if (plan.overdueAt) return undefined;
  const due = plan.actions.filter(actionOpen).map(actionDueAt);
  if (due.length === 0) return undefined;
  return addDuration(new Date(Math.min(...due)), grace).getTime();
}

/** The next moment the plan's workflow must act (a reminder, or going overdue); undefined when none. */
export function nextMoment(plan: Pick<ImprovementPlan, 'actions' | 'overdueAt'>, grace: string): number | undefined {
  const moments = [
    ...plan.actions.filter((a) => actionOpen(a) && !a.remindedAt).map(actionDueAt),
    overdueMoment(plan, grace),
  ].filter((m): m is number => m !== undefined);
  return moments.length === 0 ? undefined : Math.min(...moments);
}

/** Done without ever going overdue: monitoring's `doneInTime`. */
export const doneInTime = (plan: Pick<ImprovementPlan, 'status' | 'overdueAt'>) => plan.status === 'done' && !plan.overdueAt;
