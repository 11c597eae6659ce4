import { z } from 'zod';
import { decisionInput } from '../models/application-dossier';
import { addToDate, dayInBrussels, startOfDayInBrussels } from '../models/dates';
import {
  type Recognition,
  incidentInput,
  mentorsInput,
  recognitionWithPlacements,
  recognitionWithdrawalInput,
  reinstatementInput,
  renewalInput,
  suspensionInput,
  toRecognitionView,
} from '../models/recognition';
import { CHECK_STATUSES } from '../models/quality-check';
import { toCheckEntry } from '../models/read-models';
import { type RecognitionAction, recognitionActionAllowed, recognitionActionRefusal } from '../models/recognition-rules';
import { INCIDENT_ROLES, PARTNERSHIP_ROLES } from '../platform/auth';
import * as lifecycle from '../workflows/recognition-lifecycle.messages';
import { dossierRoutes } from './dossier-routes';
import type { RecognitionDependencies, RecognitionDossiers } from './recognition-dossiers';
import { recognitionListRoute } from './recognition-list';
import { checkMentors, recognitionChangeRoutes } from './recognition-changes';
import { recognitionDetailRoute } from './recognition-detail';
import { refusal } from '../models/problem-codes';
import { Problem } from './problem';
import type { Routes } from './routes';
import { canSee } from './tenancy';
import { incidentQuotaModel, qualityCheckModel } from '../store/quality-checks';
import { type StoredRecognition, recognitionChange, recognitionModel } from '../store/recognitions';
import { insertIfAbsent } from '../store/stored-model';

/** Recognitions (erkenningen): read from their dossiers, changed through their workflow. */
export function recognitionRoutes(routes: Routes, deps: RecognitionDependencies) {
  const recognitions = recognitionModel(deps.db);

  /** The view with its places as the read models count them now (never cached with the dossier). */
  const withPlacements = (view: Recognition) => {
    const held = deps.readModels.register.occupiedOf(view.id);
    const proposed = deps.readModels.placements.list({ recognitionId: view.id, status: 'proposed' }, () => 0, held).length;
    const placements = { active: held - proposed, proposed };
    return { ...view, placements, freeCapacity: deps.readModels.register.freeCapacityOf(view) };
  };

  const dossiers = dossierRoutes<StoredRecognition, RecognitionAction, typeof recognitionWithPlacements>(routes, deps, {
    noun: 'recognition',
    tag: 'Recognitions',
    view: recognitionWithPlacements,
    find: (id) => recognitions.findById(id).lean(),
    toView: (found) => withPlacements(toRecognitionView(found)),
    workflowId: (found) => lifecycle.recognitionWorkflowId(found._id),
    refusal: (action, found) =>
      recognitionActionAllowed(action, found.status) ? undefined : recognitionActionRefusal(action, found.status),
    // A school may report an incident about any recognition it knows from the register.
    visible: (principal, found) => principal.role === 'school' || canSee(principal, found),
    change: recognitionChange,
  });

  const list = recognitionListRoute(routes, deps, dossiers.page, withPlacements);

  const get = recognitionDetailRoute(routes, dossiers, deps, (found) => withPlacements(toRecognitionView(found)), [
    'company',
    ...PARTNERSHIP_ROLES,
    'admin',
  ]);

  return {
    list,
    get,
    ...recognitionActions(dossiers, deps),
    ...recognitionChangeRoutes(routes, dossiers, deps),
    reportIncident: incidentReports(dossiers, deps),
  };
}

/** What the partnership and the company do to a recognition: its status, its renewal, its mentors. */
function recognitionActions(dossiers: RecognitionDossiers, deps: RecognitionDependencies) {
  const suspend = dossiers.action({
    path: '/api/v1/recognitions/:id/suspension',
    summary: 'Suspend with reasons (reviewer, coordinator)',
    roles: PARTNERSHIP_ROLES,
    body: suspensionInput,
    action: 'suspend',
    send: (h, body, principal) => h.executeUpdate(lifecycle.suspendUpdate, { args: [{ ...body, by: principal.sub }] }),
  });

  const reinstate = dossiers.action({
    path: '/api/v1/recognitions/:id/reinstatement',
    summary: 'Lift the suspension (reviewer, coordinator); reasons are optional, and so is the body',
    roles: PARTNERSHIP_ROLES,
    body: reinstatementInput,
    bodyOptional: true,
    action: 'reinstate',
    send: (h, body, principal) => h.executeUpdate(lifecycle.reinstateUpdate, { args: [{ ...body, by: principal.sub }] }),
  });

  const withdraw = dossiers.action({
    path: '/api/v1/recognitions/:id/withdrawal',
    summary: 'Withdraw the recognition for good, with reasons (reviewer, coordinator)',
    roles: PARTNERSHIP_ROLES,
    body: recognitionWithdrawalInput,
    action: 'withdraw',
    send: (h, body, principal) =>
      h.executeUpdate(lifecycle.withdrawRecognitionUpdate, { args: [{ ...body, by: principal.sub }] }),
  });

  const terminate = dossiers.action({
    path: '/api/v1/recognitions/:id/termination',
    summary: 'End the recognition (company)',
    roles: ['company'],
    action: 'terminate',
    send: (h, _body, principal) => h.executeUpdate(lifecycle.terminateUpdate, { args: [{ by: principal.sub }] }),
  });

  const renew = dossiers.action({
    path: '/api/v1/recognitions/:id/renewal',
    summary: 'Renew: `{ unchanged: true }` in one step when the record is clean, or `{ changes }` for a reviewer (company)',
    roles: ['company'],
    body: renewalInput,
    action: 'renew',
    send: (h, body, principal) =>
      h.executeUpdate(lifecycle.renewUpdate, {
        args: [{ unchanged: 'unchanged' in body, ...('changes' in body ? { changes: body.changes } : {}), by: principal.sub }],
      }),
  });

  const decideRenewal = dossiers.action({
    path: '/api/v1/recognitions/:id/renewal/decision',
    summary: 'Decide on a renewal that needs review (reviewer, coordinator)',
    roles: PARTNERSHIP_ROLES,
    body: decisionInput,
    action: 'decideRenewal',
    send: (h, body, principal) => h.executeUpdate(lifecycle.decideRenewalUpdate, { args: [{ ...body, by: principal.sub }] }),
  });

  const replaceMentors = dossiers.action({
    method: 'put',
    path: '/api/v1/recognitions/:id/mentors',
    summary:
      'Replace the mentors (company): each kept by its id (or, without one, its name and birth date), a removed mentor’s conditions gone with them; the eligibility rules run again, and a training date meets its condition',
    roles: ['company'],
    body: mentorsInput,
    action: 'changeMentors',
    check: (found, body) => checkMentors(found, body, deps),
    send: (h, body, principal) =>
      h.executeUpdate(lifecycle.changeMentorsUpdate, { args: [{ mentors: body, by: principal.sub }] }),
  });

  return { suspend, reinstate, withdraw, terminate, renew, decideRenewal, replaceMentors };
}

/** A reported problem, within a school's daily allowance: it opens (or joins) an incident check. */
function incidentReports(dossiers: RecognitionDossiers, deps: RecognitionDependencies) {
  const quotas = incidentQuotaModel(deps.db);
  const checks = qualityCheckModel(deps.db);
  /** Takes a school's report of today (in Brussels) from its daily allowance; 429 past the limit. */
  async function spendIncidentQuota(schoolId: string) {
    const now = deps.now();
    const day = dayInBrussels(now);
    // One slot per report, taken by inserting its unique `_id`: parallel reports never share a
    // slot, on MongoDB and FerretDB alike (an increment is not atomic on FerretDB 1.x).
    for (let slot = 1; slot <= deps.incidentReportsPerSchoolPerDay; slot++) {
      if (await insertIfAbsent(quotas, { _id: `${schoolId}:${day}:${slot}`, schoolId, day })) return;
    }
    const limit = deps.incidentReportsPerSchoolPerDay;
    const detail = `A school may report at most ${limit} incidents a day; report more tomorrow, or call the partnership`;
    const problem = new Problem(429, 'Too Many Requests', detail);
    problem.reason = refusal('', 'incident-quota', detail, { limit });
    problem.retryAfter = Math.ceil((startOfDayInBrussels(addToDate(day, 'P1D')).getTime() - now.getTime()) / 1000);
    throw problem;
  }

  const reportIncident = dossiers.action({
    path: '/api/v1/recognitions/:id/incidents',
    summary:
      'Report a problem (school, reviewer or coordinator): opens an unscheduled quality check, or is added to the incident check still pending',
    roles: INCIDENT_ROLES,
    body: incidentInput,
    action: 'reportIncident',
    responses: {
      201: {
        description: 'The quality check that handles the report (a school follows it at /api/v1/quality-checks/{id})',
        schema: z.object({ qualityCheckId: z.string(), status: z.enum(CHECK_STATUSES).optional() }),
      },
      429: { description: 'The school reported more incidents today than a school may' },
    },
    check: async (_found, _body, principal) => {
      if (principal.role === 'school') await spendIncidentQuota(principal.schoolId);
    },
    send: (h, body, principal) =>
      h.executeUpdate(lifecycle.reportIncidentUpdate, {
        args: [{ ...body, by: principal.sub, ...(principal.role === 'school' ? { schoolId: principal.schoolId } : {}) }],
      }),
    reply: async (qualityCheckId) => {
      // The check it opened (or added to) shows in the reporter's next list at once.
      const check = await checks.findById(qualityCheckId).lean();
      if (check) deps.readModels.apply({ kind: 'check', entry: toCheckEntry(check) });
      return { status: 201, body: { qualityCheckId, ...(check ? { status: check.status } : {}) } };
    },
  });
  return reportIncident;
}
