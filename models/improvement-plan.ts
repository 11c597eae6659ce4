import { z } from 'zod';
import { ACTION_STATUSES, type ImprovementPlan, PLAN_STATUSES, REVIEW_OUTCOMES } from './improvement-plan-rules';
import { ERASED, type Pseudonymised, type TextMap } from './retention';

// Improvement plans as the API takes and gives them. The rules (and the plan's type) are in
// improvement-plan-rules.ts, zod-free, for the plan's workflow.

export const actionResponseInput = z
  .object({
    message: z.string().trim().min(1).max(5000),
    documentIds: z
      .array(z.string().trim().min(1).max(80))
      .max(10)
      .optional()
      .describe('Documents the company uploaded to one of its applications (GET /api/v1/applications/{id}/documents)'),
  })
  .strict()
  .meta({ id: 'ImprovementActionResponse' });

export const actionReviewInput = z
  .object({
    outcome: z.enum(REVIEW_OUTCOMES).describe('not-done sends the action back to the company to answer again'),
    note: z.string().trim().max(2000).optional(),
  })
  .strict()
  .meta({ id: 'ImprovementActionReview' });

export const improvementPlanView = z
  .object({
    id: z.string(),
    recognitionId: z.string(),
    checkId: z.string().describe('The quality check whose evaluation opened it'),
    partnershipId: z.string(),
    enterpriseNumber: z.string(),
    status: z.enum(PLAN_STATUSES),
    openedAt: z.string(),
    openedBy: z.string(),
    actions: z.array(
      z.object({
        n: z.number().int().describe('Its number in the plan, from 1: the `{n}` of its paths'),
        description: z.string(),
        dueOn: z.string(),
        status: z.enum(ACTION_STATUSES),
        responses: z.array(
          z.object({ at: z.string(), by: z.string(), message: z.string(), documentIds: z.array(z.string()).optional() }),
        ),
        review: z
          .object({ at: z.string(), by: z.string(), outcome: z.enum(REVIEW_OUTCOMES), note: z.string().optional() })
          .optional(),
        remindedAt: z.string().optional(),
      }),
    ),
    settledAt: z.string().optional().describe('When every action was done'),
    overdueAt: z.string().optional().describe('When the plan went overdue; kept when it is done later'),
    pseudonymisedAt: z
      .string()
      .optional()
      .describe('When retention took out what people wrote (a year after its recognition ended): the texts `(gewist)`'),
  })
  .meta({ id: 'ImprovementPlan' }) satisfies z.ZodType<ImprovementPlan>;

/**
 * The plan without what people wrote in it (the actions asked, the company's answers, the
 * reviewer's notes): its dates, statuses and outcomes stay, so monitoring counts the same.
 */
export function pseudonymisePlan(plan: ImprovementPlan, at: string): ImprovementPlan & Pseudonymised {
  return { ...mapPlanTexts(plan, () => ERASED), pseudonymisedAt: at };
}

/** A plan's free texts mapped: for retention, and for one person's erasure on request. */
export function mapPlanTexts<P extends ImprovementPlan>(plan: P, text: TextMap): P {
  return {
    ...plan,
    actions: plan.actions.map(({ review, ...action }) => ({
      ...action,
      description: text(action.description),
      responses: action.responses.map((response) => ({ ...response, message: text(response.message) })),
      ...(review ? { review: review.note === undefined ? review : { ...review, note: text(review.note) } } : {}),
    })),
  };
}
