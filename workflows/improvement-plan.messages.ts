import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { ImprovementPlan, ReviewOutcome } from '../models/improvement-plan-rules';
import type { Actor } from './dossier-messages';

// The improvement plan workflow's messages: how the recognition's workflow starts it and what
// the company and a reviewer ask of it. Updates answer with the plan as the store now has it.

export type { Actor } from './dossier-messages';

export const IMPROVEMENT_PLAN_WORKFLOW = 'improvementPlanWorkflow';
/** One plan per check: the check's evaluation opens it, once. */
export const improvementPlanWorkflowId = (checkId: string) => `improvement-plan-${checkId}`;

export interface ImprovementPlanInput {
  plan: ImprovementPlan;
}

/** The company's answer to action `n`. */
export type ActionAnswer = { n: number; message: string; documentIds?: string[] } & Actor;
/** A reviewer's word on action `n`: done, or not (back to the company). */
export type ActionVerdict = { n: number; outcome: ReviewOutcome; note?: string } & Actor;

export const respondUpdate = defineUpdate<ImprovementPlan, [ActionAnswer]>('respond');
export const reviewUpdate = defineUpdate<ImprovementPlan, [ActionVerdict]>('review');
export const planQuery = defineQuery<ImprovementPlan>('plan');
