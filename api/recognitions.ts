import type { WorkflowHandle } from '@temporalio/client';
import type { Connection } from 'mongoose';
import { z } from 'zod';
import { decisionInput } from '../models/application-dossier';
import { addToDate, parseDate, toDateString } from '../models/dates';
import { assessMentors } from '../models/eligibility';
import { RECOGNITION_STATUSES, type RecognitionStatus, incidentInput, mentorsInput, recognitionView, recognitionWithdrawalInput, reinstatementInput, renewalInput, suspensionInput, toRecognitionView } from '../models/recognition';
import { type RecognitionAction, recognitionActionAllowed, recognitionActionRefusal } from '../models/recognition-rules';
import type { Principal } from '../platform/auth';
import {
  changeMentorsUpdate,
  decideRenewalUpdate,
  recognitionWorkflowId,
  reinstateUpdate,
  renewUpdate,
  reportIncidentUpdate,
  suspendUpdate,
  terminateUpdate,
  withdrawRecognitionUpdate,
} from '../workflows/recognition-lifecycle.messages';
import type { catalogueRoutes } from './catalogue';
import { Problem, notFound } from './problem';
import type { Routes } from './routes';
import { canSee, scopedFilter } from './tenancy';
import type { TemporalCalls } from './temporal-calls';
import { incidentQuotaModel } from '../store/quality-checks';
import { recognitionModel } from '../store/recognitions';

const recognitionId = z.object({ id: z.string().trim().min(1).max(80) });

const listQuery = z
  .object({
    enterpriseNumber: z.string().trim().optional(),
    status: z.enum(RECOGNITION_STATUSES).optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
  })
  .strict();

interface Dependencies {
  db: Connection;
  calls: TemporalCalls;
  incidentReportsPerSchoolPerDay: number;
  catalogue: ReturnType<typeof catalogueRoutes>;
}

/** Recognitions (erkenningen): read from their dossiers, changed through their workflow. */
export function recognitionRoutes(routes: Routes, deps: Dependencies) {
  const recognitions = recognitionModel(deps.db);

  async function readVisible(principal: Principal, id: string) {
    const found = await recognitions.findById(id).lean();
    // A school may report an incident about any recognition it knows from the register.
    if (!found || (principal.role !== 'school' && !canSee(principal, found))) throw notFound(`No recognition ${id}`);
    return found;
  }

  /** With a recognition the caller may see (404 otherwise): the status first (409), then the workflow decides. */
  async function act<T>(
    found: { _id: string; status: RecognitionStatus },
    action: RecognitionAction,
    send: (handle: WorkflowHandle) => Promise<T>,
  ) {
    if (!recognitionActionAllowed(action, found.status)) throw new Problem(409, 'Conflict', recognitionActionRefusal(action, found.status));
    const result = await deps.calls.update(recognitionWorkflowId(found._id), send);
    return { result, view: toRecognitionView((await recognitions.findById(found._id).lean())!) };
  }

  const reply = async (pending: Promise<{ view: unknown }>) => ({ status: 200, body: (await pending).view });

  const quotas = incidentQuotaModel(deps.db);
  /** Counts a school's report of today (one atomic update, so parallel reports count too); 429 past the limit. */
  async function spendIncidentQuota(schoolId: string) {
    const now = new Date();
    const day = toDateString(now);
    const quota = await quotas
      .findOneAndUpdate({ _id: `${schoolId}:${day}` }, { $inc: { count: 1 }, $set: { schoolId, day } }, { upsert: true, returnDocument: 'after' })
      .lean();
    if (quota && quota.count > deps.incidentReportsPerSchoolPerDay) {
      const problem = new Problem(
        429,
        'Too Many Requests',
        `A school may report at most ${deps.incidentReportsPerSchoolPerDay} incidents a day; report more tomorrow, or call the partnership`,
      );
      problem.retryAfter = Math.ceil((parseDate(addToDate(day, 'P1D')).getTime() - now.getTime()) / 1000);
      throw problem;
    }
  }

  routes.add({
    method: 'get',
    path: '/api/v1/recognitions',
    summary: 'Recognitions: a company its own, a reviewer its partnership’s, an admin all',
    tag: 'Recognitions',
    roles: ['company', 'reviewer', 'admin'],
    query: listQuery,
    responses: { 200: { description: 'Recognitions', schema: z.array(recognitionView) } },
    handler: async ({ query, principal }) => {
      const filter: Record<string, unknown> = {};
      if (query.status) filter.status = query.status;
      if (query.enterpriseNumber) filter.enterpriseNumber = query.enterpriseNumber.replace(/\D/g, '');
      const scoped = scopedFilter(principal, filter);
      if (!scoped) return { status: 200, body: [] };
      const found = await recognitions.find(scoped).sort({ validFrom: -1 }).limit(query.limit).lean();
      return { status: 200, body: found.map(toRecognitionView) };
    },
  });

  routes.add({
    method: 'get',
    path: '/api/v1/recognitions/:id',
    summary: 'One recognition with its conditions and status history',
    tag: 'Recognitions',
    roles: ['company', 'reviewer', 'admin'],
    params: recognitionId,
    responses: { 200: { description: 'The recognition', schema: recognitionView } },
    handler: async ({ params, principal }) => {
      const found = await recognitions.findById(params.id).lean();
      if (!found || !canSee(principal, found)) throw notFound(`No recognition ${params.id}`);
      return { status: 200, body: toRecognitionView(found) };
    },
  });

  const action = {
    method: 'post' as const,
    tag: 'Recognitions',
    params: recognitionId,
    responses: { 200: { description: 'The recognition after the change', schema: recognitionView } },
  };

  routes.add({
    ...action,
    path: '/api/v1/recognitions/:id/suspension',
    summary: 'Suspend with reasons (reviewer)',
    roles: ['reviewer'],
    body: suspensionInput,
    handler: async ({ params, body, principal }) =>
      reply(act(await readVisible(principal, params.id), 'suspend', (h) => h.executeUpdate(suspendUpdate, { args: [{ ...body, by: principal.sub }] }))),
  });

  routes.add({
    ...action,
    path: '/api/v1/recognitions/:id/reinstatement',
    summary: 'Lift the suspension (reviewer)',
    roles: ['reviewer'],
    body: reinstatementInput,
    handler: async ({ params, body, principal }) =>
      reply(act(await readVisible(principal, params.id), 'reinstate', (h) => h.executeUpdate(reinstateUpdate, { args: [{ ...body, by: principal.sub }] }))),
  });

  routes.add({
    ...action,
    path: '/api/v1/recognitions/:id/withdrawal',
    summary: 'Withdraw the recognition for good, with reasons (reviewer)',
    roles: ['reviewer'],
    body: recognitionWithdrawalInput,
    handler: async ({ params, body, principal }) =>
      reply(act(await readVisible(principal, params.id), 'withdraw', (h) => h.executeUpdate(withdrawRecognitionUpdate, { args: [{ ...body, by: principal.sub }] }))),
  });

  routes.add({
    ...action,
    path: '/api/v1/recognitions/:id/termination',
    summary: 'End the recognition (company)',
    roles: ['company'],
    handler: async ({ params, principal }) =>
      reply(act(await readVisible(principal, params.id), 'terminate', (h) => h.executeUpdate(terminateUpdate, { args: [{ by: principal.sub }] }))),
  });

  routes.add({
    ...action,
    path: '/api/v1/recognitions/:id/renewal',
    summary: 'Renew: `{ unchanged: true }` in one step when the record is clean, or `{ changes }` for a reviewer (company)',
    roles: ['company'],
    body: renewalInput,
    handler: async ({ params, body, principal }) =>
      reply(
        act(await readVisible(principal, params.id), 'renew', (h) =>
          h.executeUpdate(renewUpdate, {
            args: [{ unchanged: 'unchanged' in body, ...('changes' in body ? { changes: body.changes } : {}), by: principal.sub }],
          }),
        ),
      ),
  });

  routes.add({
    ...action,
    path: '/api/v1/recognitions/:id/renewal/decision',
    summary: 'Decide on a renewal that needs review (reviewer)',
    roles: ['reviewer'],
    body: decisionInput,
    handler: async ({ params, body, principal }) =>
      reply(act(await readVisible(principal, params.id), 'decideRenewal', (h) => h.executeUpdate(decideRenewalUpdate, { args: [{ ...body, by: principal.sub }] }))),
  });

  routes.add({
    ...action,
    method: 'put',
    path: '/api/v1/recognitions/:id/mentors',
    summary: 'Replace the mentors (company); the eligibility rules run again, and a training date meets its condition',
    roles: ['company'],
    body: mentorsInput,
    handler: async ({ params, body, principal }) => {
      const found = await readVisible(principal, params.id);
      const { ineligible } = assessMentors(body, toDateString(new Date()), await deps.catalogue.policyOf(found.partnershipId));
      if (ineligible.length > 0) {
        throw new Problem(400, 'Bad Request', `Not eligible: ${ineligible.map((i) => i.path).join(', ')}`, ineligible);
      }
      return reply(act(found, 'changeMentors', (h) => h.executeUpdate(changeMentorsUpdate, { args: [{ mentors: body, by: principal.sub }] })));
    },
  });

  routes.add({
    ...action,
    path: '/api/v1/recognitions/:id/incidents',
    summary: 'Report a problem (school or reviewer): opens an unscheduled quality check, or is added to the incident check still pending',
    roles: ['school', 'reviewer'],
    body: incidentInput,
    responses: {
      201: { description: 'The quality check that handles the report', schema: z.object({ qualityCheckId: z.string() }) },
      429: { description: 'The school reported more incidents today than a school may' },
    },
    handler: async ({ params, body, principal }) => {
      const found = await readVisible(principal, params.id);
      if (principal.role === 'school') await spendIncidentQuota(principal.schoolId);
      const { result } = await act(found, 'reportIncident', (h) =>
        h.executeUpdate(reportIncidentUpdate, { args: [{ ...body, by: principal.sub }] }),
      );
      return { status: 201, body: { qualityCheckId: result } };
    },
  });
}
