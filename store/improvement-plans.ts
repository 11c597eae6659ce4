import type { Connection } from 'mongoose';
import type { ImprovementPlan } from '../models/improvement-plan-rules';
import { storedModel } from './stored-model';

// Improvement plans, one document each (`_id` = the plan's id), written whole by the plan's
// workflow as it changes. Read by recognition (its page), by partnership and status (the
// reviewers' lists, the overview's overdue plans) and by year (monitoring).

export type StoredImprovementPlan = Omit<ImprovementPlan, 'id'> & { _id: string; savedAt?: string };

export const improvementPlanModel = (connection: Connection) =>
  storedModel<Omit<StoredImprovementPlan, '_id'>>(connection, 'improvement_plans', [
    [{ recognitionId: 1 }],
    [{ partnershipId: 1, status: 1 }],
    [{ enterpriseNumber: 1 }],
  ]);

export function toImprovementPlan({ _id, savedAt: _saved, ...fields }: StoredImprovementPlan): ImprovementPlan {
  return { id: _id, ...fields };
}

/** Writes the plan as its workflow has it: a replacement by `_id`, so a retry writes the same. */
export async function writeImprovementPlan(db: Connection, { id, ...fields }: ImprovementPlan): Promise<void> {
  await improvementPlanModel(db).replaceOne({ _id: id }, { ...fields, savedAt: new Date().toISOString() }, { upsert: true });
}
