import { z } from 'zod';
import { decisionInput } from '../models/application-dossier';
import { dayInBrussels } from '../models/dates';
import { assessMentors } from '../models/eligibility';
import { unknownMentorIds } from '../models/mentors';
import { type RecognitionMentor, changeOutcome, recognitionChangeInput, recognitionWithPlacements } from '../models/recognition';
import { PARTNERSHIP_ROLES } from '../platform/auth';
import * as lifecycle from '../workflows/recognition-lifecycle.messages';
import type { StoredRecognition } from '../store/recognitions';
import { idParam } from './dossier-routes';
import { Problem, fieldRefusal, ineligibleProblem } from './problem';
import type { RecognitionDependencies, RecognitionDossiers } from './recognition-dossiers';
import type { Routes } from './routes';

// Changes during validity (contact, places, address, mentors): the workflow decides with the
// partnership's policy what is in force at once and what waits for review; here only what the
// request itself gets wrong is refused.

/** The mentors sent are this recognition's by their ids and none can ever qualify: else 400. */
export async function checkMentors(found: StoredRecognition, mentors: RecognitionMentor[], deps: RecognitionDependencies) {
  const [unknown] = unknownMentorIds(found.mentors, mentors);
  if (unknown !== undefined)
    throw fieldRefusal(`mentors.${unknown}.id`, 'unknown-mentor', 'is not the id of one of this recognition’s mentors');
  const { ineligible } = assessMentors(mentors, dayInBrussels(deps.now()), await deps.catalogue.policyOf(found.partnershipId));
  if (ineligible.length > 0) throw ineligibleProblem(ineligible);
}

export function recognitionChangeRoutes(routes: Routes, dossiers: RecognitionDossiers, deps: RecognitionDependencies) {
  const change = dossiers.action({
    path: '/api/v1/recognitions/:id/changes',
    summary:
      'Change the contact, the places, the address or the mentors during validity (company): what the policy allows is in force at once (`applied: true`), the rest waits for the partnership until `reviewDue`',
    roles: ['company'],
    body: recognitionChangeInput,
    action: 'change',
    responses: { 200: { description: 'What is in force and what waits for review', schema: changeOutcome } },
    check: async (found, body) => {
      if (body.mentors) await checkMentors(found, body.mentors, deps);
      const occupied = deps.readModels.register.occupiedOf(found._id);
      if (body.capacity !== undefined && body.capacity < occupied) {
        const message = `${occupied} places are taken by placements and proposals`;
        throw fieldRefusal('capacity', 'capacity-below-placements', message, { occupied });
      }
    },
    send: (h, body, principal) =>
      h.executeUpdate(lifecycle.changeRecognitionUpdate, { args: [{ changes: body, by: principal.sub }] }),
    reply: (outcome) => ({ status: 200, body: outcome as z.infer<typeof changeOutcome> }),
  });
  const decideChange = routes.add({
    method: 'post',
    path: '/api/v1/recognitions/:id/changes/:changeId/decision',
    summary: 'Decide on a change that waits for review (reviewer, coordinator): approved, it is in force at once',
    tag: 'Recognitions',
    roles: PARTNERSHIP_ROLES,
    params: idParam.extend({ changeId: z.string().trim().min(1).max(80) }),
    body: decisionInput,
    responses: { 200: { description: 'The recognition after the decision', schema: recognitionWithPlacements } },
    handler: async ({ params, body, principal }) => {
      const found = await dossiers.readVisible(principal, params.id);
      if (found.pendingChange?.id !== params.changeId)
        throw new Problem(409, 'Conflict', `No change ${params.changeId} of this recognition waits for review`);
      const { view } = await dossiers.act(found, 'decideChange', (h) =>
        h.executeUpdate(lifecycle.decideChangeUpdate, { args: [{ ...body, changeId: params.changeId, by: principal.sub }] }),
      );
      return { status: 200, body: view as z.infer<typeof recognitionWithPlacements> };
    },
  });
  return { change, decideChange };
}
