import { randomBytes, randomUUID } from 'node:crypto';
import type { Caps } from '../models/caps';
import type { Connection } from 'mongoose';
import { z } from 'zod';
import { capResponse } from '../models/caps';
import { dayInBrussels } from '../models/dates';
import { companyRecognitions, identifyQuery, searchQuery, searchResult, verification, verifyQuery } from '../models/register';
import { subscriptionInput, subscriptionView } from '../models/subscription';
import { REGISTER_ROLES } from '../platform/auth';
import { webhookUrlRefusal } from '../platform/webhook-address';
import { Problem, fieldProblem, notFound } from './problem';
import type { ReadModels } from './read-models';
import type { Routes } from './routes';
import { takeCapSlot } from './tenancy';
import { capSlots } from '../store/cap-slots';
import { type StoredSubscription, subscriptionModel, toSubscriptionView } from '../store/subscriptions';

// The register for schools. It never asks Temporal nor queries the store: verify, search and
// identification answer from the process's register index, fed by the change feed within a
// second of a change.

interface RegisterDependencies {
  db: Connection;
  allowPrivateWebhooks: boolean;
  readModels: ReadModels;
  now: () => Date;
  caps: Caps;
}

/** The register (who is recognised) and the schools' subscriptions to its changes. */
export function registerRoutes(routes: Routes, deps: RegisterDependencies) {
  return { ...registerLookups(routes, deps), ...subscriptionRoutes(routes, deps) };
}

/** Is a workplace recognised, and which are: from the register's read model. */
function registerLookups(routes: Routes, deps: RegisterDependencies) {
  const index = () => {
    if (!deps.readModels.ready) throw new Problem(503, 'Service Unavailable', 'The register is still loading; try again shortly');
    return deps.readModels.register;
  };

  const verify = routes.add({
    method: 'get',
    path: '/api/v1/register/verify',
    compiled: true,
    summary: 'Is this workplace recognised for this training on a date (default today)?',
    tag: 'Register',
    roles: REGISTER_ROLES,
    query: verifyQuery,
    responses: { 200: { description: 'The answer, from the status history', schema: verification } },
    handler: async ({ query }) => ({
      status: 200,
      body: index().verify(
        query.enterpriseNumber,
        query.establishmentNumber,
        query.trainingCode,
        query.date ?? dayInBrussels(deps.now()),
      ),
    }),
  });

  const search = routes.add({
    method: 'get',
    path: '/api/v1/register/search',
    compiled: true,
    summary: 'Recognised workplaces by training and postcode, paged; public fields only',
    tag: 'Register',
    roles: REGISTER_ROLES,
    query: searchQuery,
    responses: { 200: { description: 'A page of recognised workplaces, by company name', schema: searchResult } },
    handler: async ({ query, rawQuery }) => {
      const register = index();
      const { items: found, more } = register.search({ ...query, hasCapacity: query.hasCapacity === 'true' });
      const items = found.map((r) => ({
        recognitionId: r.id,
        companyName: r.companyName,
        establishmentNumber: r.establishmentNumber,
        address: { postcode: r.address.postcode, municipality: r.address.municipality },
        trainingCode: r.trainingCode,
        capacity: r.capacity,
        freeCapacity: register.freeCapacityOf(r),
      }));
      const next = new URLSearchParams(rawQuery);
      next.set('page', String(query.page + 1));
      return {
        status: 200,
        body: {
          items,
          page: query.page,
          pageSize: query.pageSize,
          ...(more ? { next: `/api/v1/register/search?${next}` } : {}),
        },
      };
    },
  });

  const searchCompanies = routes.add({
    method: 'get',
    path: '/api/v1/register/companies',
    summary: 'Find a company’s recognitions by the start of its name or by enterprise number',
    tag: 'Register',
    roles: REGISTER_ROLES,
    query: identifyQuery,
    responses: {
      200: { description: 'Companies with their recognitions (at most 50 companies)', schema: z.array(companyRecognitions) },
    },
    handler: async ({ query }) => {
      const found = index().identify(query, 500);
      const companies = new Map<string, z.infer<typeof companyRecognitions>>();
      for (const r of found) {
        const company = companies.get(r.enterpriseNumber) ?? {
          enterpriseNumber: r.enterpriseNumber,
          companyName: r.companyName,
          recognitions: [],
        };
        company.recognitions.push({
          recognitionId: r.id,
          establishmentNumber: r.establishmentNumber,
          trainingCode: r.trainingCode,
          status: r.status,
          validFrom: r.validFrom,
          validUntil: r.validUntil,
          address: { postcode: r.address.postcode, municipality: r.address.municipality },
        });
        companies.set(r.enterpriseNumber, company);
      }
      return { status: 200, body: [...companies.values()].slice(0, 50) };
    },
  });

  return { verify, search, searchCompanies };
}

/** A school's subscriptions to the register's changes, each with its webhook. */
function subscriptionRoutes(routes: Routes, deps: RegisterDependencies) {
  const subscriptions = subscriptionModel(deps.db);
  // A school holds at most `subscriptionsPerSchool` not deleted, each with a slot of that cap.
  const slots = capSlots(deps.db);
  const cap = deps.caps.subscriptionsPerSchool;

  const subscriptionId = z.object({ id: z.string().trim().min(1).max(80) });

  const subscribe = routes.add({
    method: 'post',
    path: '/api/v1/subscriptions',
    summary: 'Subscribe to status changes (school); the secret signs every webhook (Standard Webhooks)',
    tag: 'Register',
    roles: ['school'],
    body: subscriptionInput,
    responses: {
      201: {
        description: 'Subscribed; keep the secret, it is shown once',
        schema: subscriptionView.extend({ secret: z.string() }),
      },
      409: capResponse('subscriptionsPerSchool'),
    },
    handler: async ({ body, principal }) => {
      const refused = await webhookUrlRefusal(body.url, deps.allowPrivateWebhooks);
      if (refused) throw fieldProblem(refused);
      const { schoolId } = principal;
      const id = randomUUID();
      // Those made before the cap hold no slot but count here, so only creations at once could pass it, by as many.
      const held = await subscriptions.countDocuments({ schoolId, deletedAt: { $exists: false } });
      const slot = await takeCapSlot(slots, 'subscriptionsPerSchool', cap, schoolId, id, held);
      const subscription: StoredSubscription & { _id: string } = {
        _id: id,
        url: body.url,
        enterpriseNumbers: body.enterpriseNumbers,
        ...(body.contactEmail ? { contactEmail: body.contactEmail } : {}),
        schoolId,
        createdAt: new Date().toISOString(),
        secret: `whsec_${randomBytes(32).toString('base64')}`,
        slot,
      };
      try {
        await subscriptions.collection.insertOne(subscription as never);
      } catch (error) {
        await slots.free('subscriptionsPerSchool', schoolId, slot, id);
        throw error;
      }
      return {
        status: 201,
        body: { ...toSubscriptionView(subscription), secret: subscription.secret },
        headers: { Location: `/api/v1/subscriptions/${id}` },
      };
    },
  });

  const listSubscriptions = routes.add({
    method: 'get',
    path: '/api/v1/subscriptions',
    summary: 'The school’s subscriptions',
    tag: 'Register',
    roles: ['school'],
    responses: { 200: { description: 'Newest first, without their secrets', schema: z.array(subscriptionView) } },
    handler: async ({ principal }) => {
      const found = await subscriptions
        .find({ schoolId: principal.schoolId, deletedAt: { $exists: false } })
        .sort({ createdAt: -1 })
        .lean();
      return { status: 200, body: found.map(toSubscriptionView) };
    },
  });

  const ownSubscription = async (schoolId: string, id: string) => {
    const found = await subscriptions.findOne({ _id: id, schoolId, deletedAt: { $exists: false } }).lean();
    if (!found) throw notFound(`No subscription ${id}`);
    return found;
  };

  const getSubscription = routes.add({
    method: 'get',
    path: '/api/v1/subscriptions/:id',
    summary: 'One of the school’s subscriptions',
    tag: 'Register',
    roles: ['school'],
    params: subscriptionId,
    responses: { 200: { description: 'The subscription (without its secret)', schema: subscriptionView } },
    handler: async ({ params, principal }) => {
      return { status: 200, body: toSubscriptionView(await ownSubscription(principal.schoolId, params.id)) };
    },
  });

  const unsubscribe = routes.add({
    method: 'delete',
    path: '/api/v1/subscriptions/:id',
    summary: 'Stop a subscription; events not yet delivered are dropped',
    tag: 'Register',
    roles: ['school'],
    params: subscriptionId,
    responses: { 204: { description: 'Stopped' } },
    handler: async ({ params, principal }) => {
      const found = await ownSubscription(principal.schoolId, params.id);
      // Its slot first: cut off in between, the subscription is still there to delete again.
      if (found.slot !== undefined) await slots.free('subscriptionsPerSchool', principal.schoolId, found.slot, params.id);
      await subscriptions.updateOne({ _id: params.id }, { $set: { deletedAt: new Date().toISOString() } });
      return { status: 204 };
    },
  });

  return { subscribe, listSubscriptions, getSubscription, unsubscribe };
}
