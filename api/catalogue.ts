import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import type { Connection } from 'mongoose';
import { z } from 'zod';
import {
  type Partnership,
  jointCommittee,
  partnershipSchema,
  toPartnership,
  toTraining,
  trainingActivitiesInput,
  trainingSchema,
} from '../models/catalogue';
import { emailAddress } from '../models/formats';
import { DEFAULT_POLICY, type Policy, policyChangeSchema, policySchema, readPolicy } from '../models/policy';
import { PARTNERSHIP_ROLES, type Principal, partnershipOf } from '../platform/auth';
import { fieldRefusal, notFound } from './problem';
import type { Routes } from './routes';
import { partnershipModel, policyChangeModel, trainingModel } from '../store/catalogue';

const CATALOGUE_TTL_MS = 5_000;

const partnershipId = z.object({ id: z.string().trim().min(1).max(80) });
const trainingCode = z.object({ code: z.string().trim().min(1).max(80) });

const partnershipInput = z
  .object({
    name: z.string().trim().min(1).max(200),
    email: emailAddress,
    jointCommittees: z.array(jointCommittee).max(100),
    residual: z.boolean().default(false),
  })
  .strict();

const trainingInput = z
  .object({
    name: z.string().trim().min(1).max(200),
    partnershipId: z.string().trim().min(1),
    // Optional, so a replace written before activities existed still works; absent is none.
    activities: trainingActivitiesInput.optional().describe("The plan's activities, codes unique; absent: none"),
  })
  .strict();

const historyQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(200).default(50),
    before: z.string().min(1).max(200).optional().describe("A change's `id`: the changes older than it (the next page)"),
  })
  .strict();

/** The top-level policy fields whose value differs; a field absent from an older stored policy differs too. */
function changedFields(before: Record<string, unknown> | null, after: Policy): string[] {
  const fields = new Set([...Object.keys(before ?? {}), ...Object.keys(after)]);
  return [...fields].filter((field) => !isDeepStrictEqual(before?.[field], (after as Record<string, unknown>)[field]));
}

/** The catalogue: sector partnerships, their policies and the trainings they cover. */
export function catalogueRoutes(routes: Routes, db: Connection) {
  const partnerships = partnershipModel(db);
  const trainings = trainingModel(db);

  // The catalogue changes seldom and is read at every intake: kept for a few seconds, and read
  // afresh at once after this process changed it (another process sees a change within seconds).
  let cached: { at: number; list: Promise<Partnership[]> } | undefined;
  const listPartnerships = () => {
    if (!cached || Date.now() - cached.at > CATALOGUE_TTL_MS) {
      const list = partnerships
        .find()
        .sort({ _id: 1 })
        .lean()
        .then((found) => found.map(toPartnership));
      cached = { at: Date.now(), list };
      list.catch(() => (cached = undefined));
    }
    return cached.list;
  };
  const forget = () => (cached = undefined);

  const allPartnerships = routes.add({
    method: 'get',
    path: '/api/v1/partnerships',
    summary: 'Sector partnerships with their joint committees and policy',
    tag: 'Catalogue',
    responses: { 200: { description: 'All partnerships', schema: z.array(partnershipSchema) } },
    handler: async () => ({ status: 200, body: await listPartnerships() }),
  });

  const putPartnership = routes.add({
    method: 'put',
    path: '/api/v1/partnerships/:id',
    summary: 'Create or replace a partnership (its policy is kept, or the defaults for a new one)',
    tag: 'Catalogue',
    roles: ['admin'],
    params: partnershipId,
    body: partnershipInput,
    responses: { 200: { description: 'The partnership', schema: partnershipSchema } },
    handler: async ({ params, body }) => {
      await partnerships.updateOne({ _id: params.id }, { $set: { ...body, sample: false } }, { upsert: true });
      // A new partnership starts with the default policy; an existing one keeps its own.
      await partnerships.updateOne({ _id: params.id, policy: { $exists: false } }, { $set: { policy: DEFAULT_POLICY } });
      forget();
      return { status: 200, body: toPartnership((await partnerships.findById(params.id).lean())!) };
    },
  });

  const { putPolicy, policyHistory } = policyRoutes(routes, db, forget);

  const allTrainings = routes.add({
    method: 'get',
    path: '/api/v1/trainings',
    summary: 'Dual trainings and the partnership each belongs to',
    tag: 'Catalogue',
    responses: { 200: { description: 'All trainings', schema: z.array(trainingSchema) } },
    handler: async () => ({ status: 200, body: (await trainings.find().sort({ _id: 1 }).lean()).map(toTraining) }),
  });

  const getTraining = routes.add({
    method: 'get',
    path: '/api/v1/trainings/:code',
    summary: 'A dual training with its activity list (the plan a placement is built on)',
    tag: 'Catalogue',
    params: trainingCode,
    responses: { 200: { description: 'The training', schema: trainingSchema } },
    handler: async ({ params }) => {
      const found = await trainings.findById(params.code).lean();
      if (!found) throw notFound(`No training ${params.code}`);
      return { status: 200, body: toTraining(found) };
    },
  });

  const putTraining = routes.add({
    method: 'put',
    path: '/api/v1/trainings/:code',
    summary: 'Create or replace a training',
    tag: 'Catalogue',
    roles: ['admin'],
    params: trainingCode,
    body: trainingInput,
    responses: { 200: { description: 'The training', schema: trainingSchema } },
    handler: async ({ params, body }) => {
      if (!(await partnerships.exists({ _id: body.partnershipId }))) {
        const { partnershipId } = body;
        throw fieldRefusal('partnershipId', 'unknown-partnership', `no partnership ${partnershipId}`, { partnershipId });
      }
      const training = { ...body, activities: body.activities ?? [], sample: false };
      await trainings.updateOne({ _id: params.code }, { $set: training }, { upsert: true });
      return { status: 200, body: { code: params.code, ...training } };
    },
  });

  const policyOf = async (id: string) => {
    const partnership = await partnerships.findById(id).lean();
    if (!partnership) throw new Error(`partnership ${id} not found`);
    return readPolicy(id, partnership.policy);
  };

  return {
    listPartnerships,
    policyOf,
    operations: { allPartnerships, putPartnership, putPolicy, policyHistory, allTrainings, getTraining, putTraining },
  };
}

/** A partnership's policy, changed by its coordinator or an admin, each change kept in its history. */
function policyRoutes(routes: Routes, db: Connection, forget: () => void) {
  const partnerships = partnershipModel(db);
  const policyChanges = policyChangeModel(db);

  /** A partnership for an admin, or for its own reviewer or coordinator; 404 for another's (not revealed). */
  const partnershipFor = async (principal: Principal, id: string) => {
    const found = principal.role === 'admin' || partnershipOf(principal) === id ? await partnerships.findById(id).lean() : null;
    if (!found) throw notFound(`No partnership ${id}`);
    return found;
  };

  const putPolicy = routes.add({
    method: 'put',
    path: '/api/v1/partnerships/:id/policy',
    summary:
      "Replace a partnership's policy (admin, or the partnership's coordinator); open dossiers use it from their next step",
    tag: 'Catalogue',
    roles: ['admin', 'coordinator'],
    params: partnershipId,
    body: policySchema,
    responses: { 200: { description: 'The policy now in force; a change is kept in its history', schema: policySchema } },
    handler: async ({ params, body, principal }) => {
      const before = ((await partnershipFor(principal, params.id)).policy ?? null) as Record<string, unknown> | null;
      const changed = changedFields(before, body);
      if (changed.length === 0) return { status: 200, body };
      // The history first: a policy in force is then never missing from it. Should the policy
      // write fail, the caller is answered 503 and its retry records the change once more.
      // `before` is the policy this request read: two changes at the same moment may both name it.
      const at = new Date().toISOString();
      await policyChanges.collection.insertOne({
        _id: `${params.id}|${at}|${randomUUID().slice(0, 8)}`,
        partnershipId: params.id,
        at,
        by: { sub: principal.sub, role: principal.role },
        changed,
        before,
        after: body,
      } as never);
      await partnerships.updateOne({ _id: params.id }, { $set: { policy: body } });
      forget();
      return { status: 200, body };
    },
  });

  const policyHistory = routes.add({
    method: 'get',
    path: '/api/v1/partnerships/:id/policy-history',
    summary: "A partnership's policy changes, newest first: who, when, the fields changed, the policy before and after",
    tag: 'Catalogue',
    roles: ['admin', ...PARTNERSHIP_ROLES],
    params: partnershipId,
    query: historyQuery,
    responses: { 200: { description: 'Newest first, at most `limit`', schema: z.array(policyChangeSchema) } },
    handler: async ({ params, query, principal }) => {
      await partnershipFor(principal, params.id);
      // A range of `_id` (see store/catalogue.ts), below `before` when that falls within it; the
      // equality on partnershipId keeps out a partnership whose id starts with this one and '|'.
      const prefix = `${params.id}|`;
      const end = `${prefix}\uffff`;
      const below = query.before !== undefined && query.before < end ? query.before : end;
      const found = await policyChanges
        .find({ _id: { $gt: prefix, $lt: below }, partnershipId: params.id })
        .sort({ _id: -1 })
        .limit(query.limit)
        .lean();
      return { status: 200, body: found.map(({ _id, ...change }) => ({ id: _id, ...change })) };
    },
  });

  return { putPolicy, policyHistory };
}
