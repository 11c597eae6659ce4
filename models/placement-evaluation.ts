import { z } from 'zod';
import { refuseRepeatedActivities } from './catalogue';

// The mentor's input to the learner's evaluation: at the interim and the final moment, per
// activity of the placement's plan, how far the learner got. The school keeps the final word on
// the evaluation; this is what the workplace saw. Pure.

export const EVALUATION_MOMENTS = ['interim', 'final'] as const;
export const ACTIVITY_PROGRESS = ['not-started', 'practised', 'mastered'] as const;

export const evaluationInput = z
  .object({
    moment: z.enum(EVALUATION_MOMENTS),
    activities: z
      .array(z.object({ code: z.string().trim().min(1).max(80), progress: z.enum(ACTIVITY_PROGRESS) }).strict())
      .min(1)
      .max(100)
      .describe('Per activity of the placement’s plan: not-started, practised or mastered')
      .superRefine(refuseRepeatedActivities),
    comment: z.string().trim().min(1).max(2000).optional().describe('The mentor’s comment for the school'),
  })
  .strict()
  .meta({ id: 'PlacementEvaluationInput' });

export type EvaluationInput = z.infer<typeof evaluationInput>;

export const evaluationView = evaluationInput
  .extend({ placementId: z.string(), recordedAt: z.string(), recordedBy: z.string() })
  .meta({ id: 'PlacementEvaluation' });

export type Evaluation = z.infer<typeof evaluationView>;

/** The plan's activities an evaluation names that are not in the plan, by position. */
export const activitiesOutsidePlan = (evaluation: Pick<EvaluationInput, 'activities'>, plan: string[]) =>
  evaluation.activities.flatMap((activity, index) => (plan.includes(activity.code) ? [] : [index]));
