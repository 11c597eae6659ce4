import type { Connection } from 'mongoose';
import type { ImprovementPlan } from '../models/improvement-plan-rules';
import { writeImprovementPlan } from '../store/improvement-plans';

export function improvementPlanActivities(db: Connection) {
  return {
    /** Writes the plan as its workflow has it; retry-safe (a replacement by id). */
    async saveImprovementPlan(plan: ImprovementPlan): Promise<void> {
      await writeImprovementPlan(db, plan);
    },
  };
}
