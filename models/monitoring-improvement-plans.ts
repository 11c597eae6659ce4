import { z } from 'zod';
import { type ImprovementPlan, doneInTime } from './improvement-plan-rules';
import { yearBounds } from './monitoring';

// Monitoring's figures of improvement plans (contract v3), per partnership and year: the plans
// opened in the year, and of those how many were done without going overdue and how many went
// overdue (done later or not). Pure: the API reads the plans (api/monitoring.ts).

const count = z.number().int().min(0);

export const improvementPlanFigures = {
  improvementPlans: z
    .object({
      opened: count.describe('Improvement plans opened in the year (in Brussels)'),
      doneInTime: count.describe('Of those, every action done before the plan went overdue'),
      overdue: count.describe('Of those, the plans that went overdue (up to asOf), done later or not'),
    })
    .describe('The improvement plans a quality check opened in the year'),
};

export type ImprovementPlanFacts = Pick<ImprovementPlan, 'openedAt' | 'status' | 'overdueAt' | 'settledAt'>;

export function improvementPlanYear(year: number, now: Date, plans: ImprovementPlanFacts[]) {
  const { start, end, asOf } = yearBounds(year, now);
  const opened = plans.filter((p) => p.openedAt >= start && p.openedAt < end);
  const by = (at: string | undefined) => at !== undefined && at <= asOf;
  return {
    improvementPlans: {
      opened: opened.length,
      doneInTime: opened.filter((p) => doneInTime(p) && by(p.settledAt)).length,
      overdue: opened.filter((p) => by(p.overdueAt)).length,
    },
  };
}
