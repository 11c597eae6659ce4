import type { Connection } from 'mongoose';
import { z } from 'zod';
import { type Partnership, jointCommittee, partnershipSchema, toPartnership, trainingSchema } from '../models/catalogue';
import { emailAddress } from '../models/formats';
import { DEFAULT_POLICY, policySchema, readPolicy } from '../models/policy';
import { fieldProblem, notFound } from './problem';
import type { Routes } from './routes';
import { partnershipModel, trainingModel } from '../store/catalogue';

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

const trainingInput = z.object({ name: z.string().trim().min(1).max(200), partnershipId: z.string().trim().min(1) }).strict();

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

  routes.add({
    method: 'get',
    path: '/api/v1/partnerships',
    summary: 'Sector partnerships with their joint committees and policy',
    tag: 'Catalogue',
    responses: { 200: { description: 'All partnerships', schema: z.array(partnershipSchema) } },
    handler: async () => ({ status: 200, body: await listPartnerships() }),
  });

  routes.add({
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

  routes.add({
    method: 'put',
    path: '/api/v1/partnerships/:id/policy',
    summary: "Replace a partnership's policy; open dossiers use it from their next step",
    tag: 'Catalogue',
    roles: ['admin'],
    params: partnershipId,
    body: policySchema,
    responses: { 200: { description: 'The policy now in force', schema: policySchema } },
    handler: async ({ params, body }) => {
      const result = await partnerships.updateOne({ _id: params.id }, { $set: { policy: body } });
      forget();
      if (result.matchedCount === 0) throw notFound(`No partnership ${params.id}`);
      return { status: 200, body };
    },
  });

  routes.add({
    method: 'get',
    path: '/api/v1/trainings',
    summary: 'Dual trainings and the partnership each belongs to',
    tag: 'Catalogue',
    responses: { 200: { description: 'All trainings', schema: z.array(trainingSchema) } },
    handler: async () => ({
      status: 200,
      body: (await trainings.find().sort({ _id: 1 }).lean()).map(({ _id, ...fields }) =>
        trainingSchema.parse({ code: _id, ...fields }),
      ),
    }),
  });

  routes.add({
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
        throw fieldProblem('partnershipId', `no partnership ${body.partnershipId}`);
      }
      await trainings.updateOne({ _id: params.code }, { $set: { ...body, sample: false } }, { upsert: true });
      return { status: 200, body: { code: params.code, ...body, sample: false } };
    },
  });

  const policyOf = async (id: string) => {
    const partnership = await partnerships.findById(id).lean();
    if (!partnership) throw new Error(`partnership ${id} not found`);
    return readPolicy(id, partnership.policy);
  };

  return { listPartnerships, policyOf };
}
