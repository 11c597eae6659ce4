import { randomUUID } from 'node:crypto';
import { WithStartWorkflowOperation } from '@temporalio/client';
import type { Connection } from 'mongoose';
import { type Caps, capResponse } from '../models/caps';
import { addDuration } from '../models/duration';
import { type PlacementEntry, placementInput, placementView } from '../models/placement';
import { DEFAULT_POLICY, InvalidPolicy, type Policy } from '../models/policy';
import { trainingModel } from '../store/catalogue';
import { recognitionModel } from '../store/recognitions';
import type { placementWorkflow } from '../workflows/placement-agreement';
import { PLACEMENT_WORKFLOW, placementWorkflowId, proposeUpdate } from '../workflows/placement-agreement.messages';
import type { catalogueRoutes } from './catalogue';
import { Problem, fieldRefusal } from './problem';
import type { ReadModels } from './read-models';
import type { Routes } from './routes';
import { capReached } from './tenancy';
import type { TemporalCalls } from './temporal-calls';

export interface PlacementDependencies {
  db: Connection;
  calls: TemporalCalls;
  readModels: ReadModels;
  taskQueue: string;
  catalogue: Pick<ReturnType<typeof catalogueRoutes>, 'policyOf'>;
  caps: Caps;
  now: () => Date;
}

/** A placement as the API answers it: without what only the lists need. */
export const placementAnswer = ({ partnershipId: _p, enterpriseNumber: _e, slot: _s, savedAt: _at, ...view }: PlacementEntry) =>
  view;

/**
 * A school proposes a placement: its workflow takes a place at the workplace and one of the
 * school's cap at once (or answers that none is free) and writes the proposal; the company then
 * has until `answerDue` to answer.
 */
export function placementProposal(routes: Routes, deps: PlacementDependencies) {
  const recognitions = recognitionModel(deps.db);
  const trainings = trainingModel(deps.db);
  const cap = deps.caps.activePlacementsPerSchool;

  /** The partnership's policy; one out of bounds (an admin repairs it) gives the standard answer term. */
  async function policyOf(partnershipId: string): Promise<Policy> {
    try {
      return await deps.catalogue.policyOf(partnershipId);
    } catch (error) {
      if (error instanceof InvalidPolicy) return DEFAULT_POLICY;
      throw error;
    }
  }

  /** The plan's activities: those chosen, each one of the training's, or all of the training's. */
  async function planOf(trainingCode: string, chosen: string[] | undefined): Promise<string[]> {
    const activities = ((await trainings.findById(trainingCode).lean())?.activities ?? []).map((activity) => activity.code);
    if (!chosen) return activities;
    const unknown = chosen.findIndex((code) => !activities.includes(code));
    if (unknown >= 0) {
      throw fieldRefusal(`trainingPlan.activities.${unknown}`, 'unknown-activity', 'not an activity of the training', {
        activity: chosen[unknown]!,
      });
    }
    return [...new Set(chosen)];
  }

  return routes.add({
    method: 'post',
    path: '/api/v1/placements',
    summary:
      'Propose a placement of a learner at a recognised workplace (school): holds one of its free places until the company answers by answerDue',
    tag: 'Placements',
    roles: ['school'],
    body: placementInput,
    responses: {
      201: { description: 'Proposed: the place is held', schema: placementView },
      409: capResponse('activePlacementsPerSchool', 'The recognition is not active on the start date, or has no free place'),
    },
    handler: async ({ body, principal }) => {
      const recognition = await recognitions.findById(body.recognitionId).lean();
      if (!recognition) throw fieldRefusal('recognitionId', 'unknown-recognition', 'no recognition with this id');
      if (recognition.status !== 'active' || body.startsOn < recognition.validFrom || body.startsOn > recognition.validUntil) {
        throw new Problem(409, 'Conflict', `The recognition is not active on ${body.startsOn}`);
      }
      const activities = await planOf(recognition.trainingCode, body.trainingPlan?.activities);
      const policy = await policyOf(recognition.partnershipId);
      const id = randomUUID();
      const now = deps.now();
      const proposal: Omit<PlacementEntry, 'slot'> = {
        id,
        recognitionId: recognition._id,
        enterpriseNumber: recognition.enterpriseNumber,
        companyName: recognition.companyName,
        trainingCode: recognition.trainingCode,
        partnershipId: recognition.partnershipId,
        schoolId: principal.schoolId,
        learnerReference: body.learnerReference,
        startsOn: body.startsOn,
        ...(body.endsOn ? { endsOn: body.endsOn } : {}),
        agreementType: body.agreementType,
        trainingPlan: { activities },
        status: 'proposed',
        answerDue: addDuration(now, policy.placementAnswerDeadline).toISOString(),
        createdAt: now.toISOString(),
        savedAt: now.toISOString(),
      };
      const result = await deps.calls.call((client) =>
        client.workflow.executeUpdateWithStart(proposeUpdate, {
          startWorkflowOperation: new WithStartWorkflowOperation<typeof placementWorkflow>(PLACEMENT_WORKFLOW, {
            workflowId: placementWorkflowId(id),
            taskQueue: deps.taskQueue,
            workflowIdConflictPolicy: 'USE_EXISTING',
            args: [{ placement: proposal, schoolCap: cap }],
          }),
        }),
      );
      if ('refused' in result) {
        if (result.refused === 'cap-reached') throw capReached('activePlacementsPerSchool', result.limit);
        throw new Problem(409, 'Conflict', 'The recognition has no free place');
      }
      // What the school proposed shows in its next list at once, not a feed's poll later.
      deps.readModels.apply({ kind: 'placement', entry: result.placement });
      return { status: 201, body: placementAnswer(result.placement), headers: { Location: `/api/v1/placements/${id}` } };
    },
  });
}
