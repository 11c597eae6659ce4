import { createHash, randomUUID } from 'node:crypto';
import { WithStartWorkflowOperation, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { Connection } from 'mongoose';
import { z } from 'zod';
import { APPLICATION_STATUSES, type ApplicationInput, applicationInput, supplementInput } from '../models/application';
import { type ApplicationAction, actionAllowed, actionRefusal } from '../models/application-actions';
import {
  type ApplicationDossier,
  applicationView,
  decisionInput,
  infoRequestInput,
  objectionInput,
  toApplicationView,
  visitInput,
  workplaceKey,
} from '../models/application-dossier';
import { routePartnership } from '../models/catalogue';
import { dayInBrussels } from '../models/dates';
import { withUploads } from '../models/document';
import { assessApplication } from '../models/eligibility';
import { readPolicy } from '../models/policy';
import { type ApplicationEntry, type ListFilter, deadlineFirst, newestFirst, toApplicationEntry } from '../models/read-models';
import { PARTNERSHIP_ROLES } from '../platform/auth';
import type { applicationWorkflow } from '../workflows/application-review';
import * as review from '../workflows/application-review.messages';
import type { catalogueRoutes } from './catalogue';
import { kboIntakeCheck } from './companies';
import { dossierRoutes } from './dossier-routes';
import type { mandateRoutes } from './mandates';
import type { ReadModels } from './read-models';
import { refusal } from '../models/problem-codes';
import { Problem, fieldProblem, fieldRefusal, ineligibleProblem } from './problem';
import type { Routes } from './routes';
import { canSee, scopedFilter } from './tenancy';
import type { TemporalCalls } from './temporal-calls';
import { applicationModel, workplaceClaimModel } from '../store/applications';
import { dossierDocuments } from '../store/documents';
import { trainingModel } from '../store/catalogue';

interface Dependencies {
  db: Connection;
  calls: TemporalCalls;
  readModels: ReadModels;
  taskQueue: string;
  catalogue: ReturnType<typeof catalogueRoutes>;
  mandates: ReturnType<typeof mandateRoutes>;
  now: () => Date;
}

const listQuery = z
  .object({
    status: z.enum(APPLICATION_STATUSES).optional(),
    partnershipId: z.string().trim().min(1).optional(),
    enterpriseNumber: z.string().trim().optional(),
    overdue: z.enum(['true', 'false']).optional().describe('Only dossiers whose decision deadline passed (true) or not'),
    sort: z
      .enum(['newest', 'deadline'])
      .default('newest')
      .describe(
        'newest: newest submitted first. deadline: the queue of a partnership, overdue first, then the nearest decision deadline (it runs only in_review), then those without one, the longest waiting first',
      ),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
  })
  .strict();

const idempotencyKey = z.string().regex(/^[\x21-\x7e]{1,200}$/, 'must be 1 to 200 visible ASCII characters');

/** Same enterprise and key → the same application id, so a retried request finds its dossier. */
function idForKey(enterpriseNumber: string, key: string): string {
  const hex = createHash('sha256').update(`${enterpriseNumber}:${key}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

const hashOf = (body: ApplicationInput) => createHash('sha256').update(JSON.stringify(body)).digest('hex');

/** Applications (erkenningsaanvragen): intake, the dossier, and the actions on it. */
export function applicationRoutes(routes: Routes, deps: Dependencies) {
  const applications = applicationModel(deps.db);
  const dossiers = dossierRoutes<ApplicationDossier & { _id: string }, ApplicationAction, typeof applicationView>(routes, deps, {
    noun: 'application',
    tag: 'Applications',
    view: applicationView,
    find: (id) => applications.findById(id).lean(),
    toView: toApplicationView,
    workflowId: (dossier) => review.applicationWorkflowId(dossier._id),
    refusal: (action, dossier) => (actionAllowed(action, dossier.status) ? undefined : actionRefusal(action, dossier.status)),
    visible: (principal, dossier) => canSee(principal, dossier, deps.mandates),
    change: (dossier) => ({ kind: 'application', entry: toApplicationEntry(dossier) }),
  });

  const create = applicationIntake(routes, deps);

  const list = routes.add({
    method: 'get',
    path: '/api/v1/applications',
    compiled: true,
    summary:
      'Applications: a company its own, a reviewer or coordinator its partnership’s, a school those it filed with a mandate, an admin all',
    tag: 'Applications',
    roles: ['company', ...PARTNERSHIP_ROLES, 'school', 'admin'],
    query: listQuery,
    responses: { 200: { description: 'Newest first, or by deadline (`sort=deadline`)', schema: z.array(applicationView) } },
    handler: async ({ query, principal }) => {
      const filter: Record<string, unknown> = {};
      if (query.status) filter.status = query.status;
      if (query.partnershipId) filter.partnershipId = query.partnershipId;
      if (query.enterpriseNumber) filter.enterpriseNumber = query.enterpriseNumber.replace(/\D/g, '');
      if (query.overdue) filter.overdue = query.overdue === 'true';
      const scoped = scopedFilter(principal, filter);
      if (!scoped) return { status: 200, body: [] };
      // A school's filings whose mandate is no longer in force are left out before the limit.
      const school = principal.role === 'school';
      const entries = deps.readModels.applications
        .list(
          scoped as ListFilter<ApplicationEntry>,
          query.sort === 'deadline' ? deadlineFirst : newestFirst('submittedAt'),
          school ? Number.MAX_SAFE_INTEGER : query.limit,
        )
        .filter((entry) => !school || canSee(principal, entry, deps.mandates))
        .slice(0, query.limit);
      return { status: 200, body: await dossiers.page(entries) };
    },
  });

  const get = dossiers.one('/api/v1/applications/:id', 'One application with its timeline', [
    'company',
    ...PARTNERSHIP_ROLES,
    'school',
    'admin',
  ]);

  return { create, list, get, ...applicationActions(dossiers, deps) };
}

/** Intake: a company applies for itself, a school with its mandate; the dossier opens through its workflow. */
function applicationIntake(routes: Routes, deps: Dependencies) {
  const applications = applicationModel(deps.db);
  const trainings = trainingModel(deps.db);
  const claims = workplaceClaimModel(deps.db);
  const kbo = kboIntakeCheck(deps.db);

  const create = routes.add({
    method: 'post',
    path: '/api/v1/applications',
    summary:
      'Apply for recognition of a workplace (establishment unit + training): a company for itself, a school with the company’s mandate in force',
    tag: 'Applications',
    roles: ['company', 'school', 'admin'],
    body: applicationInput,
    responses: {
      202: { description: 'Accepted: the dossier, already checked for completeness', schema: applicationView },
      409: { description: 'An open application or a live recognition already holds this workplace' },
      422: { description: 'The Idempotency-Key was used before with another body' },
    },
    handler: async ({ body, principal, header }) => {
      if (principal.role === 'company' && body.enterpriseNumber !== principal.enterpriseNumber) {
        const message = 'a company applies for its own enterprise number only';
        throw fieldProblem(refusal('enterpriseNumber', 'own-enterprise-only', message), 403);
      }
      if (principal.role === 'school') await deps.mandates.requireMandate(body.enterpriseNumber, principal.schoolId);
      const filedBy =
        principal.role === 'school'
          ? { role: principal.role, sub: principal.sub, schoolId: principal.schoolId }
          : { role: principal.role, sub: principal.sub };
      const training = await trainings.findById(body.trainingCode).lean();
      const { trainingCode } = body;
      if (!training)
        throw fieldRefusal('trainingCode', 'unknown-training', `unknown training ${trainingCode}; see GET /api/v1/trainings`, {
          trainingCode,
        });
      const unknownToKbo = await kbo(body);
      if (unknownToKbo) throw fieldProblem(unknownToKbo);
      const partnership = routePartnership(await deps.catalogue.listPartnerships(), training, body.jointCommittee);
      const today = dayInBrussels(deps.now());
      const { ineligible } = assessApplication(body, today, readPolicy(partnership.id, partnership.policy));
      if (ineligible.length > 0) throw ineligibleProblem(ineligible);

      const key = header('idempotency-key');
      if (key !== undefined && !idempotencyKey.safeParse(key).success) {
        throw fieldRefusal('Idempotency-Key', 'idempotency-key', 'must be 1 to 200 visible ASCII characters');
      }
      // A school's keys are its own: the company's same key names another application.
      const keyScope = filedBy.schoolId ? `${body.enterpriseNumber}/${filedBy.schoolId}` : body.enterpriseNumber;
      const id = key ? idForKey(keyScope, key) : randomUUID();
      const requestHash = hashOf(body);
      const replay = async () => {
        const existing = await applications.findById(id).lean();
        if (!existing) return undefined;
        if (existing.requestHash !== requestHash) {
          throw new Problem(422, 'Unprocessable Content', 'This Idempotency-Key was used before with another request body');
        }
        deps.readModels.apply({ kind: 'application', entry: toApplicationEntry(existing) });
        return { status: 202, body: toApplicationView(existing), headers: { Location: `/api/v1/applications/${id}` } };
      };
      if (key) {
        const earlier = await replay();
        if (earlier) return earlier;
      }
      const claim = await claims.findById(workplaceKey(body.establishmentNumber, body.trainingCode)).lean();
      if (claim && claim.owner !== id) throw workplaceTaken(claim.ownerKind, claim.owner);

      let intake: review.IntakeResult;
      try {
        intake = await deps.calls.call((client) =>
          client.workflow.executeUpdateWithStart(review.intakeUpdate, {
            startWorkflowOperation: new WithStartWorkflowOperation<typeof applicationWorkflow>(review.APPLICATION_WORKFLOW, {
              workflowId: review.applicationWorkflowId(id),
              taskQueue: deps.taskQueue,
              workflowIdConflictPolicy: 'USE_EXISTING',
              args: [
                {
                  applicationId: id,
                  application: body,
                  partnershipId: partnership.id,
                  requestHash,
                  submittedBy: principal.sub,
                  submittedAt: new Date().toISOString(),
                  filedBy,
                },
              ],
            }),
          }),
        );
      } catch (error) {
        // The same key after its workflow closed: answer with that dossier.
        if (key && error instanceof WorkflowExecutionAlreadyStartedError) {
          const earlier = await replay();
          if (earlier) return earlier;
        }
        throw error;
      }
      if (!intake.opened) throw workplaceTaken(intake.heldBy.kind, intake.heldBy.id);
      const earlier = await replay();
      if (!earlier) throw new Error(`application ${id} was opened but its dossier is missing`);
      return earlier;
    },
  });
  return create;
}

type ApplicationDossiers = ReturnType<
  typeof dossierRoutes<ApplicationDossier & { _id: string }, ApplicationAction, typeof applicationView>
>;

/** What the partnership, the company and a filing school do on an open application. */
function applicationActions(dossiers: ApplicationDossiers, deps: Dependencies) {
  const documents = dossierDocuments(deps.db);

  const requestInformation = dossiers.action({
    path: '/api/v1/applications/:id/info-requests',
    summary: 'Ask the company for more information (reviewer or coordinator of the partnership)',
    roles: PARTNERSHIP_ROLES,
    body: infoRequestInput,
    action: 'requestInformation',
    send: (h, body, principal) => h.executeUpdate(review.requestInformationUpdate, { args: [{ ...body, by: principal.sub }] }),
  });

  const recordVisit = dossiers.action({
    path: '/api/v1/applications/:id/visit',
    summary: 'Record the site visit with its checklist (reviewer, coordinator)',
    roles: PARTNERSHIP_ROLES,
    body: visitInput,
    action: 'recordVisit',
    check: (_dossier, body) => {
      if (body.visitedOn > dayInBrussels(deps.now()))
        throw fieldRefusal('visitedOn', 'visit-in-future', 'a visit cannot be recorded before it happened');
    },
    send: (h, body, principal) => h.executeUpdate(review.recordVisitUpdate, { args: [{ ...body, by: principal.sub }] }),
  });

  const decide = dossiers.action({
    path: '/api/v1/applications/:id/decision',
    summary: 'Approve (creates the recognition) or reject with reasons (reviewer, coordinator)',
    roles: PARTNERSHIP_ROLES,
    body: decisionInput,
    action: 'decide',
    send: (h, body, principal) => h.executeUpdate(review.decideUpdate, { args: [{ ...body, by: principal.sub }] }),
  });

  const supplement = dossiers.action({
    path: '/api/v1/applications/:id/supplements',
    summary:
      'Send what was asked: changed fields and a message; documents uploaded since count at once (company, or the school that filed it)',
    roles: ['company', 'school'],
    body: supplementInput,
    action: 'supplement',
    responses: {
      200: { description: 'Checked again: in_review, or info_requested for what is still missing', schema: applicationView },
    },
    check: async (dossier, body, principal) => {
      if (principal.role === 'school') await deps.mandates.requireMandate(dossier.enterpriseNumber, principal.schoolId);
      const { message: _message, ...changes } = body;
      const uploaded = new Set((await documents.list(dossier._id)).map((d) => d.id));
      const unknown = (body.documents ?? []).findIndex((d) => d.documentId && !uploaded.has(d.documentId));
      if (unknown >= 0)
        throw fieldRefusal(
          `documents.${unknown}.documentId`,
          'unknown-document',
          'is not a document uploaded to this application',
        );
      const merged = { ...dossier.application, ...changes };
      const policy = await deps.catalogue.policyOf(dossier.partnershipId);
      const applicationDate = dayInBrussels(new Date(dossier.submittedAt));
      const { ineligible } = assessApplication(merged, dayInBrussels(deps.now()), policy, applicationDate);
      if (ineligible.length > 0) throw ineligibleProblem(ineligible);
    },
    send: async (h, body, principal, dossier) => {
      const listed = body.documents ?? dossier.application.documents;
      const withUploaded = withUploads(listed, await documents.list(dossier._id));
      const supplement = withUploaded ? { ...body, documents: withUploaded } : body;
      return h.executeUpdate(review.supplementUpdate, { args: [{ ...supplement, by: principal.sub }] });
    },
  });

  const withdraw = dossiers.action({
    path: '/api/v1/applications/:id/withdrawal',
    summary: 'Withdraw the application at any open step (company)',
    roles: ['company'],
    action: 'withdraw',
    send: (h, _body, principal) => h.executeUpdate(review.withdrawUpdate, { args: [{ by: principal.sub }] }),
  });

  const object = dossiers.action({
    path: '/api/v1/applications/:id/objection',
    summary: 'Object to a rejection within the objection window (company): back to in_review',
    roles: ['company'],
    body: objectionInput,
    action: 'object',
    send: (h, body, principal) => h.executeUpdate(review.objectUpdate, { args: [{ ...body, by: principal.sub }] }),
  });

  return { requestInformation, recordVisit, decide, supplement, withdraw, object };
}

function workplaceTaken(kind: 'application' | 'recognition', id: string) {
  const what = kind === 'application' ? `the open application ${id}` : `the recognition ${id}`;
  return new Problem(409, 'Conflict', `This establishment unit already has ${what} for this training`, [
    refusal('establishmentNumber', 'workplace-held', `held by ${what}`, { holder: kind }),
  ]);
}
