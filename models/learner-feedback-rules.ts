import type { FeedbackSummary } from './learner-feedback';

// How the learners' feedback bears on a recognition, for its workflow: zod-free, so the workflow
// bundle does not carry zod (whose module setup every new workflow would run again). Pure.

/** From this average on, the learners' feedback counts as good: it lightens the next periodic check. */
export const GOOD_FEEDBACK_AVERAGE = 3.5;

/** How the feedback bears on the workplace's quality checks: a low average opens one, a good one lightens the next. */
export function feedbackVerdict(summary: FeedbackSummary, threshold: number): 'low' | 'good' | 'neutral' {
  if (summary.average === undefined) return 'neutral';
  if (summary.average < threshold) return 'low';
  return summary.average >= GOOD_FEEDBACK_AVERAGE ? 'good' : 'neutral';
}
