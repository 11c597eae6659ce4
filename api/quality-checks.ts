import type { WorkflowHandle } from '@temporalio/client';
import type { Connection } from 'mongoose';
import { z } from 'zod';
import { CHECK_STATUSES, answersInput, evaluationInput, qualityCheckView, toQualityCheckView } from '../models/quality-check';
import type { Principal } from '../platform/auth';
import { answerCheckUpdate, evaluateCheckUpdate, recognitionWorkflowId } from '../workflows/recognition-lifecycle.messages';
import { Problem, notFound } from './problem';
import type { Routes } from './routes';
import { canSee, scopedFilter } from './tenancy';
import type { TemporalCalls } from './temporal-calls';
import { qualityCheckModel } from '../store/quality-checks';

const checkId = z.object({ id: z.string().trim().min(1).max(80) });
const listQuery = z
  .object({
    recognitionId: z.string().trim().min(1).optional(),
    status: z.enum(CHECK_STATUSES).optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
  })
  .strict();

/** Quality checks: the company answers, a reviewer evaluates what is not all green. */
export function qualityCheckRoutes(routes: Routes, deps: { db: Connection; calls: TemporalCalls }) {
  const checks = qualityCheckModel(deps.db);

  async function readVisible(principal: Principal, id: string) {
    const found = await checks.findById(id).lean();
    if (!found || !canSee(principal, found)) throw notFound(`No quality check ${id}`);
    return found;
  }

  routes.add({
    method: 'get',
    path: '/api/v1/quality-checks',
    summary: 'Quality checks, scoped like recognitions; newest first',
    tag: 'Quality checks',
    roles: ['company', 'reviewer', 'admin'],
    query: listQuery,
    responses: { 200: { description: 'Quality checks', schema: z.array(qualityCheckView) } },
    handler: async ({ query, principal }) => {
      const { limit, ...filter } = query;
      const scoped = scopedFilter(principal, filter);
      if (!scoped) return { status: 200, body: [] };
      const found = await checks.find(scoped).sort({ openedAt: -1 }).limit(limit).lean();
      return { status: 200, body: found.map(toQualityCheckView) };
    },
  });

  routes.add({
    method: 'get',
    path: '/api/v1/quality-checks/:id',
    summary: 'One quality check',
    tag: 'Quality checks',
    roles: ['company', 'reviewer', 'admin'],
    params: checkId,
    responses: { 200: { description: 'The check', schema: qualityCheckView } },
    handler: async ({ params, principal }) => ({ status: 200, body: toQualityCheckView(await readVisible(principal, params.id)) }),
  });

  /** Sends the update to the check's recognition workflow and answers the check as it is then. */
  async function act(check: { _id: string; recognitionId: string }, send: (handle: WorkflowHandle) => Promise<void>) {
    await deps.calls.update(recognitionWorkflowId(check.recognitionId), send);
    return { status: 200, body: toQualityCheckView((await checks.findById(check._id).lean())!) };
  }

  routes.add({
    method: 'post',
    path: '/api/v1/quality-checks/:id/answers',
    summary: 'Answer the self-assessment (company); all ok closes the check at once',
    tag: 'Quality checks',
    roles: ['company'],
    params: checkId,
    body: answersInput,
    responses: { 200: { description: 'Closed (all ok) or answered (a reviewer evaluates)', schema: qualityCheckView } },
    handler: async ({ params, body, principal }) => {
      const check = await readVisible(principal, params.id);
      const asked = check.questions.map((q) => q.id);
      const errors = [
        ...body.answers.flatMap((a, i) => (asked.includes(a.id) ? [] : [{ path: `answers.${i}.id`, message: `no question ${a.id}` }])),
        ...asked.filter((id) => !body.answers.some((a) => a.id === id)).map((id) => ({ path: 'answers', message: `question ${id} is not answered` })),
      ];
      if (errors.length > 0) throw new Problem(400, 'Bad Request', 'Answer each question of the check once', errors);
      if (check.status !== 'open' && check.status !== 'overdue') throw new Problem(409, 'Conflict', `the quality check is ${check.status}`);
      return act(check, (h) => h.executeUpdate(answerCheckUpdate, { args: [{ checkId: params.id, answers: body.answers, by: principal.sub }] }));
    },
  });

  routes.add({
    method: 'post',
    path: '/api/v1/quality-checks/:id/evaluation',
    summary: 'Evaluate an answered or overdue check (reviewer): ok, improvement-needed or suspend',
    tag: 'Quality checks',
    roles: ['reviewer'],
    params: checkId,
    body: evaluationInput,
    responses: { 200: { description: 'Closed with the outcome', schema: qualityCheckView } },
    handler: async ({ params, body, principal }) => {
      const check = await readVisible(principal, params.id);
      if (check.status !== 'answered' && check.status !== 'overdue') {
        throw new Problem(409, 'Conflict', `the quality check is ${check.status}; only an answered or overdue check is evaluated`);
      }
      return act(check, (h) => h.executeUpdate(evaluateCheckUpdate, { args: [{ checkId: params.id, ...body, by: principal.sub }] }));
    },
  });
}
