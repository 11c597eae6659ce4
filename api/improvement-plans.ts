import type { UpdateDefinition } from '@temporalio/client';
import type { Connection } from 'mongoose';
import { z } from 'zod';
import { actionReviewInput, actionResponseInput, improvementPlanView } from '../models/improvement-plan';
import { type ImprovementPlan, MAX_ACTIONS, PLAN_STATUSES, actionOpen } from '../models/improvement-plan-rules';
import { PARTNERSHIP_ROLES, type Principal } from '../platform/auth';
import { applicationModel } from '../store/applications';
import { documentModel } from '../store/documents';
import { type StoredImprovementPlan, improvementPlanModel, toImprovementPlan } from '../store/improvement-plans';
import { improvementPlanWorkflowId, respondUpdate, reviewUpdate } from '../workflows/improvement-plan.messages';
import { idParam } from './dossier-routes';
import { Problem, fieldRefusal, notFound } from './problem';
import type { Routes } from './routes';
import { canSee, scopedFilter } from './tenancy';
import type { TemporalCalls } from './temporal-calls';

// Improvement plans (contract v3): opened by a reviewer's evaluation with actions (through the
// recognition's workflow), changed only by the plan's own workflow. The company answers each
// action, a reviewer marks it done or not; both see the plans of what they may see.

const TAG = 'Improvement plans';

const listQuery = z
  .object({
    recognitionId: z.string().trim().min(1).max(80).optional(),
    status: z.enum(PLAN_STATUSES).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict();

const actionParams = idParam.extend({ n: z.coerce.number().int().min(1).max(MAX_ACTIONS) });

export function improvementPlanRoutes(routes: Routes, deps: { db: Connection; calls: TemporalCalls }) {
  const plans = improvementPlanModel(deps.db);
  const documents = documentModel(deps.db);
  const applications = applicationModel(deps.db);

  async function visiblePlan(principal: Principal, id: string): Promise<StoredImprovementPlan> {
    const plan = await plans.findById(id).lean();
    if (!plan || !canSee(principal, plan)) throw notFound(`No improvement plan ${id}`);
    return plan;
  }

  /** The plan's action `n`, still open (409 once done, or the plan is). */
  function openAction(plan: StoredImprovementPlan, n: number) {
    const action = plan.actions.find((a) => a.n === n);
    if (!action) throw notFound(`No action ${n} in improvement plan ${plan._id}`);
    if (!actionOpen(action)) throw new Problem(409, 'Conflict', `action ${n} is done`);
    return action;
  }

  /** Each document must be one the company uploaded to an application of its own. */
  async function ensureOwnDocuments(plan: StoredImprovementPlan, ids: string[]) {
    for (const [i, id] of ids.entries()) {
      const record = await documents.findById(id).select({ applicationId: 1 }).lean();
      const application = record && (await applications.findById(record.applicationId).select({ enterpriseNumber: 1 }).lean());
      if (application?.enterpriseNumber !== plan.enterpriseNumber)
        throw fieldRefusal(`documentIds.${i}`, 'unknown-document', 'is not a document the company uploaded');
    }
  }

  /** An action's update, sent to the plan's workflow once the plan is visible and the action open; the plan after it. */
  async function onAction<B extends object>(
    principal: Principal,
    params: { id: string; n: number },
    update: UpdateDefinition<ImprovementPlan, [B & { n: number; by: string }]>,
    body: B,
    check?: (plan: StoredImprovementPlan) => Promise<void>,
  ) {
    const plan = await visiblePlan(principal, params.id);
    openAction(plan, params.n);
    await check?.(plan);
    const after = await deps.calls.update(improvementPlanWorkflowId(plan.checkId), (h) =>
      h.executeUpdate(update, { args: [{ ...body, n: params.n, by: principal.sub }] }),
    );
    return { status: 200 as const, body: after };
  }

  const list = routes.add({
    method: 'get',
    path: '/api/v1/improvement-plans',
    summary:
      "Improvement plans, newest first: a company its own recognitions', a reviewer or coordinator its partnership's, an admin all",
    tag: TAG,
    roles: ['company', ...PARTNERSHIP_ROLES, 'admin'],
    query: listQuery,
    responses: { 200: { description: 'At most `limit`', schema: z.array(improvementPlanView) } },
    handler: async ({ query, principal }) => {
      const { limit, ...filter } = query;
      const scoped = scopedFilter(principal, filter);
      if (!scoped) return { status: 200, body: [] };
      const found = await plans.find(scoped).sort({ openedAt: -1 }).limit(limit).lean();
      return { status: 200, body: found.map(toImprovementPlan) };
    },
  });

  const get = routes.add({
    method: 'get',
    path: '/api/v1/improvement-plans/:id',
    summary: 'One improvement plan with its actions, answers and reviews',
    tag: TAG,
    roles: ['company', ...PARTNERSHIP_ROLES, 'admin'],
    params: idParam,
    responses: { 200: { description: 'The plan', schema: improvementPlanView } },
    handler: async ({ params, principal }) => ({ status: 200, body: toImprovementPlan(await visiblePlan(principal, params.id)) }),
  });

  const respond = routes.add({
    method: 'post',
    path: '/api/v1/improvement-plans/:id/actions/:n/response',
    summary: 'Answer an action of the plan (company): a message and documents; a reviewer then marks it done or not',
    tag: TAG,
    roles: ['company'],
    params: actionParams,
    body: actionResponseInput,
    responses: { 200: { description: 'The plan, the action answered', schema: improvementPlanView } },
    handler: ({ params, body, principal }) =>
      onAction(principal, params, respondUpdate, body, (plan) => ensureOwnDocuments(plan, body.documentIds ?? [])),
  });

  const review = routes.add({
    method: 'post',
    path: '/api/v1/improvement-plans/:id/actions/:n/review',
    summary:
      'Mark an action done or not done (reviewer, coordinator); not done sends it back to the company, the last done closes the plan',
    tag: TAG,
    roles: PARTNERSHIP_ROLES,
    params: actionParams,
    body: actionReviewInput,
    responses: { 200: { description: 'The plan after the review', schema: improvementPlanView } },
    handler: ({ params, body, principal }) => onAction(principal, params, reviewUpdate, body),
  });

  return { list, get, respond, review };
}
