import type { z } from 'zod';
import { recognitionWithPlacements } from '../models/recognition';
import { type TimelineSources, recognitionTimeline, timelineEntrySchema, TIMELINE_LIMIT } from '../models/recognition-timeline';
import { toQualityCheckView } from '../models/quality-check';
import { type Role } from '../platform/auth';
import { improvementPlanModel, toImprovementPlan } from '../store/improvement-plans';
import { qualityCheckModel } from '../store/quality-checks';
import type { StoredRecognition } from '../store/recognitions';
import { idParam } from './dossier-routes';
import type { RecognitionDependencies, RecognitionDossiers } from './recognition-dossiers';
import type { Routes } from './routes';

/** One recognition as its parties read it: with its places and its whole timeline. */
export const recognitionDetail = recognitionWithPlacements
  .extend({ timeline: timelineEntrySchema.array().describe('Its life, oldest first: the latest 500 entries') })
  .meta({ id: 'RecognitionDetail' });
export type RecognitionDetail = z.infer<typeof recognitionDetail>;

/** Plans a recognition can have had: one per check, so far fewer than its checks. */
const PLANS_READ = 100;

export function recognitionDetailRoute<R extends Role>(
  routes: Routes,
  dossiers: RecognitionDossiers,
  deps: RecognitionDependencies,
  toView: (found: StoredRecognition) => z.infer<typeof recognitionWithPlacements>,
  roles: readonly R[],
) {
  const checks = qualityCheckModel(deps.db);
  const plans = improvementPlanModel(deps.db);
  return routes.add({
    method: 'get',
    path: '/api/v1/recognitions/:id',
    summary: 'One recognition with its conditions, places, status history and timeline',
    tag: 'Recognitions',
    roles,
    params: idParam,
    responses: { 200: { description: 'The recognition', schema: recognitionDetail } },
    handler: async ({ params, principal }) => {
      const found = await dossiers.readVisible(principal, params.id);
      const [foundChecks, foundPlans] = await Promise.all([
        checks.find({ recognitionId: found._id }).sort({ openedAt: -1 }).limit(TIMELINE_LIMIT).lean(),
        plans.find({ recognitionId: found._id }).sort({ openedAt: -1 }).limit(PLANS_READ).lean(),
      ]);
      const view = toView(found);
      const sources: TimelineSources = {
        recognition: view,
        checks: foundChecks.map((c) => toQualityCheckView(c as never)),
        plans: foundPlans.map((p) => toImprovementPlan(p as never)),
        placements: deps.readModels.placements.list({ recognitionId: found._id }, () => 0, TIMELINE_LIMIT),
      };
      return { status: 200, body: { ...view, timeline: recognitionTimeline(sources) } };
    },
  });
}
