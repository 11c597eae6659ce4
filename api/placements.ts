import { randomUUID } from 'node:crypto';
import type { Caps } from '../models/caps';
import type { Connection } from 'mongoose';
import { z } from 'zod';
import { capResponse } from '../models/caps';
import { type PlacementEntry, placementEndInput, placementInput, placementListQuery, placementView } from '../models/placement';
import { newestFirst } from '../models/read-models';
import { PARTNERSHIP_ROLES } from '../platform/auth';
import {
  type StoredPlacement,
  placementModel,
  placementSlotModel,
  slotId,
  toPlacementEntry,
  writePlacement,
} from '../store/placements';
import { capSlots } from '../store/cap-slots';
import { recognitionModel } from '../store/recognitions';
import { insertIfAbsent } from '../store/stored-model';
import { Problem, fieldRefusal, notFound } from './problem';
import type { ReadModels } from './read-models';
import type { Routes } from './routes';
import { canSee, takeCapSlot } from './tenancy';

// Placements (issue 13): a school places a learner at a recognised workplace, taking one of its
// places, and ends the placement to free it. Every place is a slot document taken by inserting
// it (store/placements.ts), so parallel placements never overbook, on FerretDB too. A school
// holds at most `activePlacementsPerSchool` placements not ended, each with a slot of that cap.

const idParam = z.object({ id: z.string().trim().min(1).max(80) });

const toView = ({ partnershipId: _p, slot: _s, savedAt: _at, ...view }: PlacementEntry) => view;

interface PlacementDependencies {
  db: Connection;
  readModels: ReadModels;
  caps: Caps;
}

export function placementRoutes(routes: Routes, deps: PlacementDependencies) {
  const placements = placementModel(deps.db);
  const slots = placementSlotModel(deps.db);
  const schoolSlots = capSlots(deps.db);
  const recognitions = recognitionModel(deps.db);

  /** Writes the placement and takes it into this process's read models at once. */
  async function save(placement: StoredPlacement) {
    await writePlacement(deps.db, placement);
    deps.readModels.apply({ kind: 'placement', entry: toPlacementEntry(placement) });
  }

  const create = placementCreation(routes, deps, save);

  const end = routes.add({
    method: 'post',
    path: '/api/v1/placements/:id/end',
    summary: 'End a placement of the school: frees its place',
    tag: 'Placements',
    roles: ['school'],
    params: idParam,
    body: placementEndInput,
    responses: { 200: { description: 'The placement, ended', schema: placementView } },
    handler: async ({ params, body, principal }) => {
      const found = await placements.findById(params.id).lean();
      if (!found || found.schoolId !== principal.schoolId) throw notFound(`No placement ${params.id}`);
      if (body.endedOn < found.startsOn) throw fieldRefusal('endedOn', 'before-placement-start', 'before the placement started');
      // Ended before: written again as it is, so an attempt cut off before its feed is fed now.
      const placement: StoredPlacement =
        found.status === 'active'
          ? { ...found, status: 'ended', endedOn: body.endedOn, savedAt: new Date().toISOString() }
          : (found as StoredPlacement);
      await save(placement);
      // After the placement is written ended, so a place is never free while it counts as active;
      // ending again frees it again should the first attempt have stopped in between.
      await slots.deleteOne({ _id: slotId(placement.recognitionId, placement.slot), placementId: placement._id });
      if (placement.schoolSlot !== undefined) {
        await schoolSlots.free('activePlacementsPerSchool', placement.schoolId, placement.schoolSlot, placement._id);
      }
      return { status: 200, body: toView(toPlacementEntry(placement)) };
    },
  });

  const list = routes.add({
    method: 'get',
    path: '/api/v1/placements',
    summary:
      'Placements: a school its own; a reviewer or coordinator a recognition’s of its partnership, an admin any (recognitionId)',
    tag: 'Placements',
    roles: ['school', ...PARTNERSHIP_ROLES, 'admin'],
    query: placementListQuery,
    responses: {
      200: { description: 'Newest first', schema: z.array(placementView) },
      404: { description: 'No such recognition, or another partnership’s' },
    },
    handler: async ({ query, principal }) => {
      const filter: Partial<Record<keyof PlacementEntry, string>> = {};
      if (query.recognitionId) filter.recognitionId = query.recognitionId;
      if (query.status) filter.status = query.status;
      if (principal.role === 'school') filter.schoolId = principal.schoolId;
      else if (!query.recognitionId)
        throw fieldRefusal('recognitionId', 'recognition-id-required', 'name the recognition whose placements to list');
      else {
        const recognition = await recognitions.findById(query.recognitionId).lean();
        if (!recognition || !canSee(principal, recognition)) throw notFound(`No recognition ${query.recognitionId}`);
      }
      const entries = deps.readModels.placements.list(filter, newestFirst('createdAt'), query.limit);
      const withStatus = (entry: PlacementEntry) => {
        const recognitionStatus = deps.readModels.recognitions.get(entry.recognitionId)?.status;
        return { ...toView(entry), ...(recognitionStatus ? { recognitionStatus } : {}) };
      };
      return { status: 200, body: entries.map(withStatus) };
    },
  });

  return { create, end, list };
}

/** A placement takes a free place of the recognition and one of the school's cap, or neither. */
function placementCreation(routes: Routes, deps: PlacementDependencies, save: (placement: StoredPlacement) => Promise<void>) {
  const slots = placementSlotModel(deps.db);
  const schoolSlots = capSlots(deps.db);
  const cap = deps.caps.activePlacementsPerSchool;
  const recognitions = recognitionModel(deps.db);

  /** Takes the first free place of a recognition; undefined when all are taken. */
  async function takeSlot(recognitionId: string, capacity: number, placementId: string) {
    for (let slot = 0; slot < capacity; slot++) {
      if (await insertIfAbsent(slots, { _id: slotId(recognitionId, slot), recognitionId, placementId })) return slot;
    }
    return undefined;
  }

  const create = routes.add({
    method: 'post',
    path: '/api/v1/placements',
    summary: 'Place a learner at a recognised workplace (school): takes one of its free places',
    tag: 'Placements',
    roles: ['school'],
    body: placementInput,
    responses: {
      201: { description: 'Placed', schema: placementView },
      409: capResponse('activePlacementsPerSchool', 'The recognition is not active on the start date, or has no free place'),
    },
    handler: async ({ body, principal }) => {
      const recognition = await recognitions.findById(body.recognitionId).lean();
      if (!recognition) throw fieldRefusal('recognitionId', 'unknown-recognition', 'no recognition with this id');
      if (recognition.status !== 'active' || body.startsOn < recognition.validFrom || body.startsOn > recognition.validUntil) {
        throw new Problem(409, 'Conflict', `The recognition is not active on ${body.startsOn}`);
      }
      const id = randomUUID();
      const { schoolId } = principal;
      const active = deps.readModels.placements.list({ schoolId, status: 'active' }, () => 0, Number.MAX_SAFE_INTEGER);
      const schoolSlot = await takeCapSlot(schoolSlots, 'activePlacementsPerSchool', cap, schoolId, id, active.length);
      const slot = await takeSlot(recognition._id, recognition.capacity, id);
      if (slot === undefined) {
        await schoolSlots.free('activePlacementsPerSchool', schoolId, schoolSlot, id);
        throw new Problem(409, 'Conflict', 'The recognition has no free place');
      }
      const now = new Date().toISOString();
      const placement: StoredPlacement = {
        _id: id,
        recognitionId: recognition._id,
        companyName: recognition.companyName,
        trainingCode: recognition.trainingCode,
        partnershipId: recognition.partnershipId,
        schoolId,
        learnerReference: body.learnerReference,
        startsOn: body.startsOn,
        ...(body.endsOn ? { endsOn: body.endsOn } : {}),
        status: 'active',
        createdAt: now,
        slot,
        schoolSlot,
        savedAt: now,
      };
      try {
        await save(placement);
      } catch (error) {
        // A place taken for a placement not written is given back (a process that dies here keeps it).
        await slots.deleteOne({ _id: slotId(recognition._id, slot), placementId: id });
        await schoolSlots.free('activePlacementsPerSchool', schoolId, schoolSlot, id);
        throw error;
      }
      return { status: 201, body: toView(toPlacementEntry(placement)), headers: { Location: `/api/v1/placements/${id}` } };
    },
  });
  return create;
}
