import { z } from 'zod';

// The learner's voice: five short questions on the workplace, 1 (not at all) to 4 (fully),
// answered once per placement, by the school on the learner's behalf or by the learner through
// a one-time link. The company and the partnership see them only aggregated per recognition, and
// only from three answers, so no single learner can be recognised. Pure.

export const FEEDBACK_QUESTIONS = ['guidance', 'learning', 'safety', 'atmosphere', 'recommend'] as const;
export type FeedbackQuestion = (typeof FEEDBACK_QUESTIONS)[number];

/** Below this many answers nothing is shown outside the school. */
export const MIN_FEEDBACK_ANSWERS = 3;

const score = z.number().int().min(1).max(4);

export const learnerFeedbackInput = z
  .object({
    answers: z
      .object(Object.fromEntries(FEEDBACK_QUESTIONS.map((q) => [q, score])) as Record<FeedbackQuestion, typeof score>)
      .strict()
      .describe('Each question 1 (not at all) to 4 (fully)'),
    comment: z.string().trim().min(1).max(1000).optional().describe('For the school only; never shown to the company'),
  })
  .strict()
  .meta({ id: 'LearnerFeedbackInput' });

export type LearnerFeedbackInput = z.infer<typeof learnerFeedbackInput>;

/** One placement's feedback as stored (the comment only for its school). */
export interface LearnerFeedback extends LearnerFeedbackInput {
  placementId: string;
  recognitionId: string;
  partnershipId: string;
  enterpriseNumber: string;
  schoolId: string;
  /** The mean of the five answers. */
  average: number;
  via: 'school' | 'link';
  at: string;
}

export const feedbackSummary = z
  .object({
    answers: z.number().int().describe('How many placements’ learners answered'),
    average: z.number().optional().describe('The mean of all answers; absent below three answers'),
    questions: z
      .record(z.enum(FEEDBACK_QUESTIONS), z.number())
      .optional()
      .describe('The mean per question; absent below three answers'),
  })
  .meta({ id: 'LearnerFeedbackSummary' });

export type FeedbackSummary = z.infer<typeof feedbackSummary>;

const mean = (values: number[]) => Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 100) / 100;

export const feedbackAverage = (answers: LearnerFeedbackInput['answers']) => mean(FEEDBACK_QUESTIONS.map((q) => answers[q]));

/** What the company and the partnership may see of a recognition's feedback: the figures only from three answers. */
export function summarise(feedback: Array<Pick<LearnerFeedback, 'answers'>>): FeedbackSummary {
  if (feedback.length < MIN_FEEDBACK_ANSWERS) return { answers: feedback.length };
  const questions = Object.fromEntries(FEEDBACK_QUESTIONS.map((q) => [q, mean(feedback.map((f) => f.answers[q]))])) as Record<
    FeedbackQuestion,
    number
  >;
  return {
    answers: feedback.length,
    average: mean(feedback.flatMap((f) => FEEDBACK_QUESTIONS.map((q) => f.answers[q]))),
    questions,
  };
}
