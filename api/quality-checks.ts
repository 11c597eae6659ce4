import type { Connection } from 'mongoose';
import { z } from 'zod';
import {
  CHECK_ACTIONS,
  CHECK_STATUSES,
  type CheckAction,
  checkActionAllowed,
  type QualityCheck,
  answersInput,
  evaluationInput,
  qualityCheckView,
  schoolCheckView,
  toQualityCheckView,
  toSchoolCheckView,
} from '../models/quality-check';
import { PARTNERSHIP_ROLES } from '../platform/auth';
import { answerCheckUpdate, evaluateCheckUpdate, recognitionWorkflowId } from '../workflows/recognition-lifecycle.messages';
import { dossierRoutes } from './dossier-routes';
import type { ReadModels } from './read-models';
import { refusal } from '../models/problem-codes';
import { Problem, notFound } from './problem';
import type { Routes } from './routes';
import { scopedFilter } from './tenancy';
import type { TemporalCalls } from './temporal-calls';
import { type CheckEntry, type ListFilter, newestFirst, toCheckEntry } from '../models/read-models';
import { qualityCheckModel } from '../store/quality-checks';

type StoredCheck = Omit<QualityCheck, 'id'> & { _id: string };

const improvementPlanOpened = z.object({ improvementPlanId: z.string() }).meta({ id: 'ImprovementPlanOpened' });

const evaluationAnswers = {
  200: {
    description: 'Closed with the outcome; with actions, the improvement plan they opened (GET /api/v1/improvement-plans/{id})',
    schema: z.union([qualityCheckView, improvementPlanOpened]),
  },
};

/** The evaluation's answer when its actions opened an improvement plan. */
const planOpened = (result: unknown) => {
  const parsed = improvementPlanOpened.safeParse(result);
  return parsed.success ? { improvementPlanId: parsed.data.improvementPlanId } : undefined;
};

const listQuery = z
  .object({
    recognitionId: z.string().trim().min(1).optional(),
    status: z.enum(CHECK_STATUSES).optional(),
    reportedBy: z
      .literal('me')
      .optional()
      .describe('Only the checks of incidents the caller reported as a school (a school always sees only those)'),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
  })
  .strict();

/** Quality checks: the company answers, a reviewer evaluates what is not all green. */
export function qualityCheckRoutes(routes: Routes, deps: { db: Connection; calls: TemporalCalls; readModels: ReadModels }) {
  const checks = qualityCheckModel(deps.db);

  const dossiers = dossierRoutes<StoredCheck, CheckAction, typeof qualityCheckView>(routes, deps, {
    noun: 'quality check',
    tag: 'Quality checks',
    view: qualityCheckView,
    find: (id) => checks.findById(id).lean(),
    toView: toQualityCheckView,
    // A check is changed by its recognition's workflow.
    workflowId: (check) => recognitionWorkflowId(check.recognitionId),
    refusal: (action, check) => {
      if (checkActionAllowed(action, check.status)) return undefined;
      return `the quality check is ${check.status}; only an ${CHECK_ACTIONS[action].join(' or ')} check can be ${action === 'answer' ? 'answered' : 'evaluated'}`;
    },
    change: (check) => ({ kind: 'check', entry: toCheckEntry(check) }),
  });

  /** A school's view of a check it reported: the company's name and training from the register in memory. */
  function forSchool(check: StoredCheck) {
    const recognition = deps.readModels.recognitions.get(check.recognitionId);
    return toSchoolCheckView(check, recognition);
  }

  const list = routes.add({
    method: 'get',
    path: '/api/v1/quality-checks',
    compiled: true,
    summary:
      'Quality checks, scoped like recognitions; a school sees those of the incidents it reported, in its reduced view; newest first',
    tag: 'Quality checks',
    roles: ['company', ...PARTNERSHIP_ROLES, 'admin', 'school'],
    query: listQuery,
    responses: {
      200: {
        description: 'Quality checks (for a school: SchoolQualityCheck)',
        schema: z.array(z.union([qualityCheckView, schoolCheckView])),
      },
    },
    handler: async ({ query, principal }) => {
      const { limit, reportedBy, ...filter } = query;
      if (principal.role === 'school') {
        const entries = deps.readModels.checks.list(
          { ...filter, reportedBySchools: principal.schoolId } as ListFilter<CheckEntry>,
          newestFirst('openedAt'),
          limit,
        );
        const found = await Promise.all(entries.map((entry) => checks.findById(entry.id).lean()));
        return { status: 200, body: found.flatMap((check) => (check ? [forSchool(check)] : [])) };
      }
      // Only a school reports as a school.
      if (reportedBy) return { status: 200, body: [] };
      const scoped = scopedFilter(principal, filter);
      if (!scoped) return { status: 200, body: [] };
      const entries = deps.readModels.checks.list(scoped as ListFilter<CheckEntry>, newestFirst('openedAt'), limit);
      return { status: 200, body: await dossiers.page(entries) };
    },
  });

  const get = routes.add({
    method: 'get',
    path: '/api/v1/quality-checks/:id',
    summary:
      'One quality check; a school that reported its incident sees where it stands (SchoolQualityCheck), no answers or notes',
    tag: 'Quality checks',
    roles: ['company', ...PARTNERSHIP_ROLES, 'admin', 'school'],
    params: z.object({ id: z.string().trim().min(1).max(80) }),
    responses: {
      200: { description: 'The quality check', schema: z.union([qualityCheckView, schoolCheckView]) },
    },
    handler: async ({ params, principal }) => {
      if (principal.role !== 'school')
        return { status: 200, body: toQualityCheckView(await dossiers.readVisible(principal, params.id)) };
      const check = await checks.findById(params.id).lean();
      // Another school's check is answered as one that does not exist.
      if (!check?.reportedBySchools?.includes(principal.schoolId)) throw notFound(`No quality check ${params.id}`);
      return { status: 200, body: forSchool(check) };
    },
  });

  const answer = dossiers.action({
    path: '/api/v1/quality-checks/:id/answers',
    summary: 'Answer the self-assessment (company); all ok closes the check at once',
    roles: ['company'],
    body: answersInput,
    action: 'answer',
    responses: { 200: { description: 'Closed (all ok) or answered (a reviewer evaluates)', schema: qualityCheckView } },
    check: (check, body) => {
      const asked = check.questions.map((q) => q.id);
      const errors = [
        ...body.answers.flatMap((a, i) =>
          asked.includes(a.id) ? [] : [refusal(`answers.${i}.id`, 'unknown-question', `no question ${a.id}`, { id: a.id })],
        ),
        ...asked
          .filter((id) => !body.answers.some((a) => a.id === id))
          .map((id) => refusal('answers', 'unanswered-question', `question ${id} is not answered`, { id })),
      ];
      if (errors.length > 0)
        throw new Problem(400, 'Bad Request', 'Answer each question of the check once', errors, {}, 'validation');
    },
    send: (h, body, principal, check) =>
      h.executeUpdate(answerCheckUpdate, { args: [{ checkId: check._id, answers: body.answers, by: principal.sub }] }),
  });

  const evaluate = dossiers.action({
    path: '/api/v1/quality-checks/:id/evaluation',
    summary: 'Evaluate an answered or overdue check (reviewer, coordinator): ok, improvement-needed or suspend',
    roles: PARTNERSHIP_ROLES,
    body: evaluationInput,
    action: 'evaluate',
    responses: evaluationAnswers,
    send: (h, body, principal, check) =>
      h.executeUpdate(evaluateCheckUpdate, { args: [{ checkId: check._id, ...body, by: principal.sub }] }),
    reply: (result, view) => ({ status: 200, body: planOpened(result) ?? view }),
  });

  return { list, get, answer, evaluate };
}
