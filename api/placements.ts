import { z } from 'zod';
import { mentorName } from '../models/mentors';
import {
  type PlacementEntry,
  placementAcceptanceInput,
  placementDeclineInput,
  placementEndInput,
  placementListQuery,
  placementTerminationInput,
  placementView,
} from '../models/placement';
import { type PlacementAction, placementActionAllowed } from '../models/placement-status';
import { newestFirst } from '../models/read-models';
import { PARTNERSHIP_ROLES, type Principal } from '../platform/auth';
import { type StoredPlacement, placementModel, toPlacementEntry } from '../store/placements';
import { recognitionModel } from '../store/recognitions';
import {
  acceptUpdate,
  declineUpdate,
  endUpdate,
  placementWorkflowId,
  terminateUpdate,
} from '../workflows/placement-agreement.messages';
import { dossierRoutes } from './dossier-routes';
import { learnerFeedbackRoutes } from './learner-feedback';
import { placementEvaluations } from './placement-evaluations';
import { type PlacementDependencies, placementAnswer, placementProposal } from './placement-proposal';
import { fieldRefusal, notFound } from './problem';
import type { Routes } from './routes';
import { canSee } from './tenancy';

// Placements (issue 13, agreements since v3): a school proposes a placement at a recognised
// workplace, holding one of its places; the company accepts it naming a mentor, or declines;
// it ends by itself after `endsOn`, or early by either party. Each placement is a workflow
// (workflows/placement-agreement.ts) that takes and gives back its places, so parallel
// proposals never overbook, on FerretDB too. A school holds at most `activePlacementsPerSchool`
// placements that hold a place.

/** Its school, the workplace's company, the workplace's partnership and an admin see a placement. */
function canSeePlacement(
  principal: Principal,
  placement: Pick<PlacementEntry, 'schoolId' | 'enterpriseNumber' | 'partnershipId'>,
) {
  return principal.role === 'school' ? placement.schoolId === principal.schoolId : canSee(principal, placement);
}

export function placementRoutes(routes: Routes, deps: PlacementDependencies) {
  const placements = placementModel(deps.db);
  const recognitions = recognitionModel(deps.db);

  /** The placement as answered: with the workplace's recognition status, which a school must heed. */
  const withRecognitionStatus = (entry: PlacementEntry) => {
    const recognitionStatus = deps.readModels.recognitions.get(entry.recognitionId)?.status;
    return { ...placementAnswer(entry), ...(recognitionStatus ? { recognitionStatus } : {}) };
  };

  const dossiers = dossierRoutes<StoredPlacement, PlacementAction, typeof placementView>(routes, deps, {
    noun: 'placement',
    tag: 'Placements',
    view: placementView,
    find: (id) => placements.findById(id).lean() as Promise<StoredPlacement | null>,
    toView: (doc) => withRecognitionStatus(toPlacementEntry(doc)),
    workflowId: (doc) => placementWorkflowId(doc._id),
    refusal: (action, doc) => (placementActionAllowed(action, doc.status) ? undefined : `The placement is ${doc.status}`),
    visible: (principal, doc) => canSeePlacement(principal, doc),
    change: (doc) => ({ kind: 'placement', entry: toPlacementEntry(doc) }),
  });

  /** A day of the placement's end: not before it started. */
  const notBeforeStart = (doc: StoredPlacement, body: { endedOn: string }) => {
    if (body.endedOn < doc.startsOn) throw fieldRefusal('endedOn', 'before-placement-start', 'before the placement started');
  };

  const create = placementProposal(routes, deps);

  const get = dossiers.one('/api/v1/placements/:id', 'One placement (its school, the company, its partnership, an admin)', [
    'school',
    'company',
    ...PARTNERSHIP_ROLES,
    'admin',
  ]);

  const accept = dossiers.action({
    path: '/api/v1/placements/:id/acceptance',
    summary: 'Accept a proposed placement, naming one of the recognition’s mentors (company): active',
    roles: ['company'],
    body: placementAcceptanceInput,
    action: 'accept',
    send: async (handle, body, principal, doc) => {
      const recognition = await recognitions.findById(doc.recognitionId).select({ mentors: 1 }).lean();
      const asked = mentorName(body.mentor).toLowerCase();
      const mentor = recognition?.mentors.find((m) => mentorName(m).toLowerCase() === asked);
      if (!mentor) throw fieldRefusal('mentor', 'unknown-mentor', 'not one of the recognition’s mentors');
      const { id, firstName, lastName } = mentor;
      const named = { ...(id ? { id } : {}), firstName, lastName };
      return handle.executeUpdate(acceptUpdate, { args: [{ mentor: named, by: principal.sub }] });
    },
  });

  const decline = dossiers.action({
    path: '/api/v1/placements/:id/decline',
    summary: 'Decline a proposed placement with a reason (company): declined, the place given back',
    roles: ['company'],
    body: placementDeclineInput,
    action: 'decline',
    send: (handle, body, principal) => handle.executeUpdate(declineUpdate, { args: [{ ...body, by: principal.sub }] }),
  });

  const end = dossiers.action({
    path: '/api/v1/placements/:id/end',
    summary: 'End a placement of the school, or withdraw its proposal: ended, the place given back',
    roles: ['school'],
    body: placementEndInput,
    action: 'end',
    check: notBeforeStart,
    send: (handle, body, principal) => handle.executeUpdate(endUpdate, { args: [{ ...body, by: principal.sub }] }),
  });

  const terminate = dossiers.action({
    path: '/api/v1/placements/:id/termination',
    summary: 'End a running placement early with a reason (school or company): terminated, the place given back',
    roles: ['school', 'company'],
    body: placementTerminationInput,
    action: 'terminate',
    check: notBeforeStart,
    send: (handle, body, principal) =>
      handle.executeUpdate(terminateUpdate, { args: [{ ...body, party: principal.role, by: principal.sub }] }),
  });

  const list = placementList(routes, deps, withRecognitionStatus);

  return {
    create,
    get,
    accept,
    decline,
    end,
    terminate,
    list,
    evaluations: placementEvaluations(routes, deps, dossiers.readVisible),
    learnerFeedback: learnerFeedbackRoutes(routes, deps, dossiers.readVisible),
  };
}

/** Placements as each party may list them: a school its own, a company its workplaces', a partnership a recognition's. */
function placementList(
  routes: Routes,
  deps: PlacementDependencies,
  withRecognitionStatus: (entry: PlacementEntry) => z.infer<typeof placementView>,
) {
  const recognitions = recognitionModel(deps.db);

  return routes.add({
    method: 'get',
    path: '/api/v1/placements',
    compiled: true,
    summary:
      'Placements: a school its own; a company those at its workplaces; a reviewer or coordinator a recognition’s of its partnership, an admin any (recognitionId)',
    tag: 'Placements',
    roles: ['school', 'company', ...PARTNERSHIP_ROLES, 'admin'],
    query: placementListQuery,
    responses: {
      200: { description: 'Newest first', schema: z.array(placementView) },
      404: { description: 'No such recognition, or another’s' },
    },
    handler: async ({ query, principal }) => {
      const filter: Partial<Record<keyof PlacementEntry, string>> = {};
      if (query.recognitionId) filter.recognitionId = query.recognitionId;
      if (query.status) filter.status = query.status;
      if (query.learnerReference) filter.learnerReference = query.learnerReference;
      if (principal.role === 'school') filter.schoolId = principal.schoolId;
      else if (principal.role === 'company') filter.enterpriseNumber = principal.enterpriseNumber;
      else if (!query.recognitionId)
        throw fieldRefusal('recognitionId', 'recognition-id-required', 'name the recognition whose placements to list');
      if (query.recognitionId && principal.role !== 'school') {
        const recognition = await recognitions.findById(query.recognitionId).lean();
        if (!recognition || !canSee(principal, recognition)) throw notFound(`No recognition ${query.recognitionId}`);
      }
      const entries = deps.readModels.placements.list(filter, newestFirst('createdAt'), query.limit);
      return { status: 200, body: entries.map(withRecognitionStatus) };
    },
  });
}
