import { z } from 'zod';
import { todayInBrussels } from './dates';
import { isoDate } from './formats';
import { MAX_ACTIONS } from './improvement-plan-rules';
import { coded } from './problem-codes';

// Quality checks (kwaliteitstoezicht) on a live recognition: a short self-assessment that closes
// itself when every answer is ok, and goes to a reviewer otherwise.

export * from './check-rules';
import { CHECK_OUTCOMES, CHECK_REASONS, CHECK_STATUSES, type CheckStatus } from './check-rules';

export const answersInput = z
  .object({
    answers: z
      .array(
        z.object({ id: z.string().trim().min(1), ok: z.boolean(), comment: z.string().trim().max(2000).optional() }).strict(),
      )
      .min(1)
      .max(30),
  })
  .strict()
  .meta({ id: 'CheckAnswers' });

/** An action of the improvement plan an evaluation opens: what to do, by when (today or later, in Brussels). */
export const improvementActionInput = z
  .object({
    description: z.string().trim().min(1).max(1000),
    dueOn: isoDate.refine((day) => day >= todayInBrussels(), coded('today-or-later', 'must be today or later')),
  })
  .strict()
  .meta({ id: 'ImprovementActionInput' });

export const evaluationInput = z
  .object({
    outcome: z.enum(CHECK_OUTCOMES),
    notes: z.string().trim().max(5000).optional(),
    actions: z
      .array(improvementActionInput)
      .min(1)
      .max(MAX_ACTIONS)
      .optional()
      .describe('With improvement-needed only: the improvement plan the company answers, one action a row'),
  })
  .strict()
  .refine((e) => e.actions === undefined || e.outcome === 'improvement-needed', {
    ...coded('actions-need-improvement', 'actions are given with the outcome improvement-needed only'),
    path: ['actions'],
  })
  .meta({ id: 'CheckEvaluation' });

export const qualityCheckView = z
  .object({
    id: z.string(),
    recognitionId: z.string(),
    enterpriseNumber: z.string(),
    partnershipId: z.string(),
    reason: z.enum(CHECK_REASONS),
    status: z.enum(CHECK_STATUSES),
    openedAt: z.string(),
    dueOn: z.string().describe('Date the answers are due'),
    dueAt: z.string().describe('RFC 3339: the moment the answers are due'),
    questions: z.array(z.object({ id: z.string(), question: z.string() })),
    answers: answersInput.shape.answers.optional(),
    answeredAt: z.string().optional(),
    answeredBy: z.string().optional(),
    outcome: z.enum(CHECK_OUTCOMES).optional(),
    notes: z.string().optional(),
    evaluatedBy: z.string().optional(),
    closedAt: z.string().optional(),
    trigger: z.string().optional().describe('The incident (and who reported it) or the change that opened it'),
    reports: z
      .array(z.object({ at: z.string(), by: z.string(), description: z.string() }))
      .optional()
      .describe('Further incidents reported while this incident check was open: added to it, not opened anew'),
    reportedBySchools: z
      .array(z.string())
      .optional()
      .describe('The schools that reported the incident (their schoolId): each may follow the check'),
    remindedAt: z.string().optional(),
  })
  .meta({ id: 'QualityCheck' });

export type QualityCheck = z.infer<typeof qualityCheckView>;

/** Which checks are still the company's or a reviewer's to act on. */
export const isPending = (status: CheckStatus) => status !== 'closed';

export const toQualityCheckView = ({ _id, ...fields }: Omit<QualityCheck, 'id'> & { _id: string }): QualityCheck => ({
  id: _id,
  ...fields,
});

/** What a school that reported an incident sees of its check: where it stands, not the answers or notes. */
export const schoolCheckView = z
  .object({
    id: z.string(),
    recognitionId: z.string(),
    companyName: z.string().optional(),
    trainingCode: z.string().optional(),
    reason: z.enum(CHECK_REASONS),
    status: z.enum(CHECK_STATUSES),
    openedAt: z.string(),
    dueOn: z.string(),
    closedAt: z.string().optional(),
    outcome: z.enum(CHECK_OUTCOMES).optional(),
  })
  .meta({ id: 'SchoolQualityCheck' });

export type SchoolCheck = z.infer<typeof schoolCheckView>;

export function toSchoolCheckView(
  { _id, recognitionId, reason, status, openedAt, dueOn, closedAt, outcome }: Omit<QualityCheck, 'id'> & { _id: string },
  company?: { companyName: string; trainingCode: string },
): SchoolCheck {
  return {
    id: _id,
    recognitionId,
    ...(company ? { companyName: company.companyName, trainingCode: company.trainingCode } : {}),
    reason,
    status,
    openedAt,
    dueOn,
    ...(closedAt ? { closedAt } : {}),
    ...(outcome ? { outcome } : {}),
  };
}
