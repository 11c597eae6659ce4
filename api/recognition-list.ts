import type { Connection } from 'mongoose';
import { z } from 'zod';
import { isoDate } from '../models/formats';
import { type ListFilter, type RecognitionEntry } from '../models/read-models';
import { RECOGNITION_STATUSES, type Recognition, recognitionWithPlacements } from '../models/recognition';
import { ATTENTION_FILTERS, matchesSearch, overviewOrder } from '../models/recognition-search';
import { PARTNERSHIP_ROLES } from '../platform/auth';
import { improvementPlanModel } from '../store/improvement-plans';
import type { ReadModels } from './read-models';
import type { Routes } from './routes';
import { scopedFilter } from './tenancy';

// The list of recognitions: a company's own, and the partnership's overview (contract v3:
// partnershipId, expiringBefore, attention, q), a page at a time with a Link to the next. Filtered
// and ordered in the read model; only the page's dossiers are read.

const listQuery = z
  .object({
    enterpriseNumber: z.string().trim().optional(),
    status: z.enum(RECOGNITION_STATUSES).optional(),
    renewal: z.enum(['requested']).optional().describe('requested: only those whose renewal awaits the decision'),
    partnershipId: z
      .string()
      .trim()
      .min(1)
      .optional()
      .describe('An admin names any partnership; a reviewer or coordinator naming another than their own gets an empty list'),
    expiringBefore: isoDate.optional().describe('Only those whose validity ends (validUntil) before this day'),
    attention: z
      .enum(ATTENTION_FILTERS)
      .optional()
      .describe(
        'condition-missed: active or suspended, with a mentor-training condition missed and not met (the longest overdue first); plan-overdue: an improvement plan of it is overdue; parked: it waits for an operator; change-pending: a change waits for review (the earliest due first)',
      ),
    q: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .optional()
      .describe('A company name (any case, with or without accents) or the digits of an enterprise or establishment number'),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
    offset: z.coerce
      .number()
      .int()
      .min(0)
      .max(1_000_000)
      .default(0)
      .describe('How many to skip: the `Link` header (rel="next") gives the next page'),
  })
  .strict();

/** The overdue improvement plans one overview reads at most: far more than a partnership has at once. */
const MAX_OVERDUE_PLANS = 10_000;

const listHeaders = {
  Link: {
    description: 'The next page, with the same terms: `</api/v1/recognitions?…&offset=…>; rel="next"`; absent on the last page',
    schema: { type: 'string' as const },
  },
  'X-Total-Count': { description: 'How many recognitions match, on every page together', schema: { type: 'integer' as const } },
};

/**
 * `GET /api/v1/recognitions`; `page` reads the listed dossiers (each by `_id`) and `withPlacements`
 * adds the places their placements take, as the recognition's own answer has them.
 */
export function recognitionListRoute(
  routes: Routes,
  deps: { db: Connection; readModels: ReadModels },
  page: (entries: RecognitionEntry[]) => Promise<unknown[]>,
  withPlacements: (view: Recognition) => z.infer<typeof recognitionWithPlacements>,
) {
  return routes.add({
    method: 'get',
    path: '/api/v1/recognitions',
    compiled: true,
    summary: 'Recognitions: a company its own, a reviewer or coordinator its partnership’s, an admin all',
    tag: 'Recognitions',
    roles: ['company', ...PARTNERSHIP_ROLES, 'admin'],
    query: listQuery,
    responses: {
      200: {
        description: 'Recognitions, a page at a time (`limit`, `offset`; `Link` to the next)',
        schema: z.array(recognitionWithPlacements),
        headers: listHeaders,
      },
    },
    handler: async ({ query, principal, rawQuery }) => {
      const filter: Record<string, unknown> = {};
      if (query.status) filter.status = query.status;
      if (query.renewal) filter.renewalStatus = query.renewal;
      if (query.enterpriseNumber) filter.enterpriseNumber = query.enterpriseNumber.replace(/\D/g, '');
      if (query.partnershipId) filter.partnershipId = query.partnershipId;
      const scoped = scopedFilter(principal, filter);
      if (!scoped) return { status: 200, body: [], headers: { 'X-Total-Count': '0' } };
      const { entries, total } = deps.readModels.recognitions.page(scoped as ListFilter<RecognitionEntry>, overviewOrder(query), {
        limit: query.limit,
        offset: query.offset,
        where: await overviewCondition(deps.db, query, scoped.partnershipId as string | undefined),
      });
      const views = (await page(entries)) as Recognition[];
      const headers: Record<string, string> = { 'X-Total-Count': String(total) };
      if (query.offset + entries.length < total) {
        const next = new URLSearchParams(rawQuery);
        next.set('offset', String(query.offset + entries.length));
        headers.Link = `</api/v1/recognitions?${next}>; rel="next"`;
      }
      return { status: 200, body: views.map(withPlacements), headers };
    },
  });
}

/** What the overview's filters beyond the fields' values ask of an entry. */
async function overviewCondition(db: Connection, query: z.infer<typeof listQuery>, partnershipId: string | undefined) {
  const { expiringBefore, attention, q } = query;
  const planned = attention === 'plan-overdue' ? await overduePlans(db, partnershipId) : undefined;
  return (entry: RecognitionEntry) =>
    (!expiringBefore || entry.validUntil < expiringBefore) &&
    (attention !== 'condition-missed' || entry.missedDueOn !== undefined) &&
    (attention !== 'parked' || entry.parkedSince !== undefined) &&
    (attention !== 'change-pending' || entry.changeDue !== undefined) &&
    (!planned || planned.has(entry.id)) &&
    (!q || matchesSearch(entry, q));
}

/** The recognitions with an overdue improvement plan, of one partnership or (an admin's list) all. */
async function overduePlans(db: Connection, partnershipId: string | undefined) {
  const plans = await improvementPlanModel(db)
    .find({ status: 'overdue', ...(partnershipId ? { partnershipId } : {}) })
    .select({ recognitionId: 1 })
    .limit(MAX_OVERDUE_PLANS)
    .lean();
  return new Set(plans.map((plan) => plan.recognitionId));
}
