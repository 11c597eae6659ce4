import { randomUUID } from 'node:crypto';
import type { Connection } from 'mongoose';
import { z } from 'zod';
import { type Caps, capResponse } from '../models/caps';
import { dayInBrussels } from '../models/dates';
import { searchingLearnerInput, searchingLearnerListQuery, searchingLearnerView } from '../models/searching-learner';
import { trainingModel } from '../store/catalogue';
import {
  SEARCHING_CAP,
  type StoredSearchingLearner,
  searchingLearnerStore,
  toSearchingLearner,
} from '../store/searching-learners';
import { fieldRefusal, notFound } from './problem';
import { idParam } from './dossier-routes';
import type { Routes } from './routes';
import { takeCapSlot } from './tenancy';

// Learners still searching for a workplace (contract v3): a school registers its own, lists and
// deletes them; a placement with the learner's code that becomes active places the learner
// (activities/placements.ts). A school holds at most `searchingLearnersPerSchool` searching,
// each with a slot of that cap, given back when the learner is placed or deleted.

interface Dependencies {
  db: Connection;
  caps: Caps;
  now: () => Date;
}

export function searchingLearnerRoutes(routes: Routes, deps: Dependencies) {
  const store = searchingLearnerStore(deps.db);
  const trainings = trainingModel(deps.db);
  const cap = deps.caps.searchingLearnersPerSchool;

  const reply = (status: 200 | 201, learner: StoredSearchingLearner) => ({
    status,
    body: toSearchingLearner(learner),
    headers: { Location: `/api/v1/searching-learners/${learner._id}` },
  });

  const register = routes.add({
    method: 'post',
    path: '/api/v1/searching-learners',
    summary: 'Register a learner still searching for a workplace (school); placed once a placement with its code is active',
    tag: 'Placements',
    roles: ['school'],
    body: searchingLearnerInput,
    responses: {
      201: { description: 'Registered, searching', schema: searchingLearnerView },
      200: {
        description: 'The school registered this learnerReference before and the learner still searches: that registration',
        schema: searchingLearnerView,
      },
      409: capResponse(SEARCHING_CAP),
    },
    handler: async ({ body, principal }) => {
      const { trainingCode } = body;
      if (!(await trainings.exists({ _id: trainingCode }))) {
        throw fieldRefusal('trainingCode', 'unknown-training', `unknown training ${trainingCode}; see GET /api/v1/trainings`, {
          trainingCode,
        });
      }
      const now = deps.now();
      if (body.since > dayInBrussels(now)) {
        throw fieldRefusal('since', 'since-in-future', 'a learner cannot be searching from a day still to come');
      }
      const { schoolId } = principal;
      const { learnerReference } = body;
      const id = randomUUID();
      // The same learner registered again, or at once by another request: one registration.
      const registered = await store.claim(schoolId, learnerReference, id);
      if (registered) return reply(200, registered);
      try {
        const slot = await takeCapSlot(store.slots, SEARCHING_CAP, cap, schoolId, id, await store.searchingCount(schoolId));
        const learner: StoredSearchingLearner = {
          _id: id,
          schoolId,
          ...body,
          status: 'searching',
          createdAt: now.toISOString(),
          slot,
        };
        try {
          await store.learners.collection.insertOne(learner as never);
        } catch (error) {
          await store.slots.free(SEARCHING_CAP, schoolId, slot, id);
          throw error;
        }
        return reply(201, learner);
      } catch (error) {
        await store.unclaim(schoolId, learnerReference, id);
        throw error;
      }
    },
  });

  const list = routes.add({
    method: 'get',
    path: '/api/v1/searching-learners',
    summary: 'The school’s learners searching for a workplace, and those placed since (school)',
    tag: 'Placements',
    roles: ['school'],
    query: searchingLearnerListQuery,
    responses: { 200: { description: 'Newest first, at most `limit`', schema: z.array(searchingLearnerView) } },
    handler: async ({ query, principal }) => ({
      status: 200,
      body: (await store.list(principal.schoolId, query.status, query.limit)).map(toSearchingLearner),
    }),
  });

  const remove = routes.add({
    method: 'delete',
    path: '/api/v1/searching-learners/:id',
    summary: 'Remove a learner from the school’s searching learners (school); a searching one gives back its place under the cap',
    tag: 'Placements',
    roles: ['school'],
    params: idParam,
    responses: { 204: { description: 'Removed' }, 404: { description: 'No such learner of this school' } },
    handler: async ({ params, principal }) => {
      if (!(await store.remove(principal.schoolId, params.id, deps.now().toISOString()))) {
        throw notFound(`No searching learner ${params.id}`);
      }
      return { status: 204 };
    },
  });

  return { register, list, remove };
}
