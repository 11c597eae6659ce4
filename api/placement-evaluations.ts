import { z } from 'zod';
import { EVALUATION_MOMENTS, activitiesOutsidePlan, evaluationInput, evaluationView } from '../models/placement-evaluation';
import { PARTNERSHIP_ROLES } from '../platform/auth';
import { placementEvaluationModel } from '../store/placements';
import { type ReadPlacement, ran } from './placement-access';
import type { PlacementDependencies } from './placement-proposal';
import { fieldRefusal } from './problem';
import { idParam } from './dossier-routes';
import type { Routes } from './routes';

// The mentor's input to the learner's evaluation (contract v3): the company records it per
// moment and activity of the plan, the school reads it and keeps the final word. A record is the
// company's own statement, not a step of a procedure: the API writes it, one per moment, a second
// replacing the first (the mentor corrects it).

export function placementEvaluations(routes: Routes, deps: PlacementDependencies, readVisible: ReadPlacement) {
  const evaluations = placementEvaluationModel(deps.db);

  const record = routes.add({
    method: 'post',
    path: '/api/v1/placements/:id/evaluations',
    summary: 'Record the mentor’s evaluation input at the interim or final moment (company): a second replaces the first',
    tag: 'Placements',
    roles: ['company'],
    params: idParam,
    body: evaluationInput,
    responses: {
      201: { description: 'Recorded, visible to the school', schema: evaluationView },
      409: { description: 'The placement has not run (proposed, declined or expired)' },
    },
    handler: async ({ params, body, principal }) => {
      const placement = ran(await readVisible(principal, params.id));
      const [outside] = activitiesOutsidePlan(body, placement.trainingPlan.activities);
      if (outside !== undefined) {
        const activity = body.activities[outside]!.code;
        throw fieldRefusal(`activities.${outside}.code`, 'unknown-activity', 'not an activity of the placement’s plan', {
          activity,
        });
      }
      const evaluation = { ...body, placementId: placement._id, recordedAt: deps.now().toISOString(), recordedBy: principal.sub };
      await evaluations.replaceOne({ _id: `${placement._id}:${body.moment}` }, evaluation, { upsert: true });
      return { status: 201, body: evaluation };
    },
  });

  const list = routes.add({
    method: 'get',
    path: '/api/v1/placements/:id/evaluations',
    summary: 'The mentor’s evaluation input, interim first (its school, the company, its partnership, an admin)',
    tag: 'Placements',
    roles: ['school', 'company', ...PARTNERSHIP_ROLES, 'admin'],
    params: idParam,
    responses: { 200: { description: 'At most one per moment', schema: z.array(evaluationView) } },
    handler: async ({ params, principal }) => {
      const placement = await readVisible(principal, params.id);
      const found = await evaluations.find({ _id: { $in: EVALUATION_MOMENTS.map((m) => `${placement._id}:${m}`) } }).lean();
      const ordered = EVALUATION_MOMENTS.flatMap((moment) => found.filter((e) => e.moment === moment));
      return { status: 200, body: ordered.map(({ _id: _, ...evaluation }) => evaluation) };
    },
  });

  return { record, list };
}
