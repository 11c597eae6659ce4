import type { Connection } from 'mongoose';
import { z } from 'zod';
import type { ApplicationDossier } from '../models/application-dossier';
import {
  type ApplicationFacts,
  type CheckFacts,
  type RecognitionFacts,
  emptyIndicators,
  monitoringCsv,
  partnershipYear,
  reportYears,
  yearBounds,
  yearIndicators,
} from '../models/monitoring';
import {
  type MonitoringAnswer,
  type PlacementYearFacts,
  emptyPlacementYear,
  monitoringAnswer,
  placementYear,
} from '../models/monitoring-placements';
import type { QualityCheck } from '../models/quality-check';
import { type ImprovementPlanFacts, improvementPlanYear } from '../models/monitoring-improvement-plans';
import { isFinalRecognitionStatus } from '../models/recognition';
import { PARTNERSHIP_ROLES, partnershipOf } from '../platform/auth';
import { applicationModel } from '../store/applications';
import { trainingModel } from '../store/catalogue';
import { improvementPlanModel } from '../store/improvement-plans';
import { learnerFeedbackModel } from '../store/learner-feedback';
import { qualityCheckModel } from '../store/quality-checks';
import { recognitionModel } from '../store/recognitions';
import { searchingLearnerStore } from '../store/searching-learners';
import type { catalogueRoutes } from './catalogue';
import { fieldRefusal, notFound } from './problem';
import type { ReadModels } from './read-models';
import type { Routes } from './routes';

// Monitoring (planlast and quality) per partnership and year, per the contract. The ids come
// from the in-memory read models (partnership, dates, status); the dossiers that count are then
// read by `_id`, a batch at a time, and models/monitoring.ts computes the indicators from their
// recorded facts: per partnership, and of all the partnerships of the answer together (`total`,
// whose medians are over all their dossiers). A partnership's facts of a year are kept for a few
// seconds.

interface Dependencies {
  db: Connection;
  readModels: ReadModels;
  catalogue: ReturnType<typeof catalogueRoutes>;
  now: () => Date;
}

const monitoringQuery = z
  .object({
    year: z
      .string()
      .regex(/^(19|2[01])\d{2}$/, 'must be a year, YYYY')
      .describe(
        "The calendar year (in Brussels), one with data: from the first a dossier has data in (the answer's `years`) to this one",
      ),
    partnershipId: z.string().trim().min(1).max(80).optional(),
  })
  .strict();

/** How long a partnership's facts of a year are kept before they are read again. */
const CACHE_MS = 5_000;
/** Dossiers read by `_id` at a time. */
const BATCH = 50;
/** At most this many searching learners of one partnership's year are read (a bounded query). */
const LEARNERS_READ = 100_000;
/** At most this many improvement plans of one partnership's year are read. */
const PLANS_READ = 100_000;

/** The facts of a partnership's year that the indicators count. */
interface YearFacts {
  applications: ApplicationFacts[];
  checks: CheckFacts[];
  recognitions: RecognitionFacts[];
  /** What the placements' figures count (models/monitoring-placements.ts). */
  placements: PlacementYearFacts;
  /** The improvement plans opened in the year (models/monitoring-improvement-plans.ts). */
  plans: ImprovementPlanFacts[];
}

async function inBatches<T>(ids: string[], read: (id: string) => Promise<T | null>): Promise<T[]> {
  const found: T[] = [];
  for (let i = 0; i < ids.length; i += BATCH) {
    const batch = await Promise.all(ids.slice(i, i + BATCH).map(read));
    for (const doc of batch) if (doc) found.push(doc);
  }
  return found;
}

export function monitoringRoutes(routes: Routes, deps: Dependencies) {
  const { facts, yearsWithData } = yearFacts(deps);

  const report = routes.add({
    method: 'get',
    path: '/api/v1/monitoring',
    summary:
      'Monitoring per partnership and year: applications, burden, quality checks, recognitions, capacity, placements, learners’ feedback, demand',
    tag: 'Monitoring',
    roles: ['admin', ...PARTNERSHIP_ROLES],
    query: monitoringQuery,
    responses: {
      200: {
        description:
          'One entry per partnership (an admin: every partnership, or the one asked; a reviewer or coordinator: its own), each with its burden by month of submission (`burdenByMonth`), and their `total`. With `Accept: text/csv`: one row per partnership, columns named by path (`applications.received`, `capacity.byProvince.Antwerpen.places`), without the months and the total',
        schema: monitoringAnswer,
        text: ['text/csv'],
      },
      404: { description: "No such partnership, or another partnership's" },
    },
    handler: async ({ query, principal, header }) => {
      const year = Number(query.year);
      const now = deps.now();
      const range = yearsWithData(now);
      if (year < range.from || year > range.to) {
        throw fieldRefusal('year', 'year-without-data', `must be a year with data: ${range.from} to ${range.to}`, range);
      }
      const own = partnershipOf(principal);
      let ids: string[];
      if (own !== undefined) {
        if (query.partnershipId !== undefined && query.partnershipId !== own) {
          throw notFound(`No partnership ${query.partnershipId}`);
        }
        ids = [own];
      } else {
        const known = (await deps.catalogue.listPartnerships()).map((p) => p.id);
        if (query.partnershipId !== undefined && !known.includes(query.partnershipId)) {
          throw notFound(`No partnership ${query.partnershipId}`);
        }
        ids = query.partnershipId !== undefined ? [query.partnershipId] : known;
      }
      const each = await Promise.all(ids.map((id) => facts(id, year)));
      const report: MonitoringAnswer = {
        year,
        asOf: yearBounds(year, now).asOf,
        years: range,
        partnerships: ids.map((id, i) => ({
          ...partnershipYear(id, year, now, each[i]!),
          ...placementYear(year, now, each[i]!.placements),
          ...improvementPlanYear(year, now, each[i]!.plans),
        })),
        total: {
          ...yearIndicators(year, now, {
            applications: each.flatMap((f) => f.applications),
            checks: each.flatMap((f) => f.checks),
            recognitions: each.flatMap((f) => f.recognitions),
          }),
          // Each training is one partnership's: no learner counts twice.
          ...placementYear(year, now, {
            placements: each.flatMap((f) => f.placements.placements),
            recognitions: each.flatMap((f) => f.placements.recognitions),
            learners: each.flatMap((f) => f.placements.learners),
            feedback: each.flatMap((f) => f.placements.feedback),
          }),
          ...improvementPlanYear(
            year,
            now,
            each.flatMap((f) => f.plans),
          ),
        },
      };
      if (/\btext\/csv\b/i.test(header('accept') ?? '')) {
        return {
          status: 200,
          body: monitoringCsv(report, {
            ...emptyIndicators(''),
            ...emptyPlacementYear(),
            ...improvementPlanYear(year, now, []),
          }),
          headers: {
            'content-type': 'text/csv; charset=utf-8',
            'content-disposition': `attachment; filename="monitoring-${year}.csv"`,
          },
        };
      }
      return { status: 200, body: report };
    },
  });

  return { report };
}

/** Each partnership's facts of a year, read in batches and kept a while, and the years with data. */
function yearFacts(deps: Dependencies) {
  const applications = applicationModel(deps.db);
  const checks = qualityCheckModel(deps.db);
  const recognitions = recognitionModel(deps.db);
  const placementFacts = placementFactsReader(deps);
  const plans = improvementPlanModel(deps.db);
  const cache = new Map<string, { at: number; value: Promise<YearFacts> }>();
  const all = Number.MAX_SAFE_INTEGER;
  const unordered = () => 0;

  /** The dossiers of one partnership that can count in one year, as the indicators read them. */
  async function read(partnershipId: string, year: number, now: Date): Promise<YearFacts> {
    const { start, end } = yearBounds(year, now);
    const inYear = (at: string) => at >= start && at < end;
    const models = deps.readModels;

    const applicationIds = models.applications
      .list({ partnershipId }, unordered, all)
      .filter((entry) => inYear(entry.submittedAt))
      .map((entry) => entry.id);
    const applicationFacts = await inBatches(applicationIds, (id) =>
      applications
        .findById(id)
        .select({ partnershipId: 1, status: 1, submittedAt: 1, decisionDue: 1, decision: 1, infoRequests: 1, burden: 1 })
        .lean<ApplicationFacts & Pick<ApplicationDossier, 'status'>>(),
    );

    const checkIds = models.checks
      .list({ partnershipId }, unordered, all)
      .filter((entry) => inYear(entry.openedAt))
      .map((entry) => entry.id);
    const checkFacts = await inBatches(checkIds, (id) =>
      checks
        .findById(id)
        .select({ partnershipId: 1, status: 1, openedAt: 1, outcome: 1, evaluatedBy: 1 })
        .lean<CheckFacts & Pick<QualityCheck, 'status'>>(),
    );

    // Status, history, capacity and postcode are in the register's entries; renewals only in
    // the dossier, read for those live at some moment of the year.
    const entries = models.recognitions.list({ partnershipId }, unordered, all);
    const mayHaveRenewed = (entry: (typeof entries)[number]) =>
      (entry.history[0]?.at ?? '') < end && (!isFinalRecognitionStatus(entry.status) || entry.history.at(-1)!.at >= start);
    const renewals = new Map(
      (
        await inBatches(
          entries.filter(mayHaveRenewed).map((entry) => entry.id),
          (id) => recognitions.findById(id).select({ renewal: 1, renewals: 1 }).lean(),
        )
      ).map((doc) => [doc._id, doc]),
    );
    const recognitionFacts: RecognitionFacts[] = entries.map((entry) => ({
      partnershipId: entry.partnershipId,
      status: entry.status,
      history: entry.history,
      capacity: entry.capacity,
      address: entry.address,
      occupied: models.register.occupiedOf(entry.id),
      renewal: renewals.get(entry.id)?.renewal,
      renewals: renewals.get(entry.id)?.renewals,
    }));

    return {
      applications: applicationFacts,
      checks: checkFacts,
      recognitions: recognitionFacts,
      placements: await placementFacts(partnershipId, entries, start, end),
      // Bounded: far more than a partnership opens in a year.
      plans: await plans
        .find({ partnershipId, openedAt: { $gte: start, $lt: end } })
        .select({ openedAt: 1, status: 1, overdueAt: 1, settledAt: 1 })
        .limit(PLANS_READ)
        .lean(),
    };
  }

  let years: { at: number; value: ReturnType<typeof reportYears> } | undefined;
  /** The years with data, from the read models (kept as long as a partnership's facts). */
  function yearsWithData(now: Date) {
    if (years && Date.now() - years.at < CACHE_MS) return years.value;
    const models = deps.readModels;
    const first = (values: Iterable<string>) => {
      let least: string | undefined;
      for (const value of values) if (least === undefined || value < least) least = value;
      return least;
    };
    const firstInstant = first([
      ...models.applications.entries().map((entry) => entry.submittedAt),
      ...models.checks.entries().map((entry) => entry.openedAt),
    ]);
    const firstDay = first(models.recognitions.entries().map((entry) => entry.validFrom));
    years = { at: Date.now(), value: reportYears(firstInstant, firstDay, now) };
    return years.value;
  }

  function facts(partnershipId: string, year: number): Promise<YearFacts> {
    const key = `${year}|${partnershipId}`;
    const held = cache.get(key);
    if (held && Date.now() - held.at < CACHE_MS) return held.value;
    const value = read(partnershipId, year, deps.now());
    cache.set(key, { at: Date.now(), value });
    value.catch(() => cache.delete(key));
    for (const [k, v] of cache) if (Date.now() - v.at >= CACHE_MS) cache.delete(k);
    return value;
  }

  return { facts, yearsWithData };
}

/**
 * The placements at a partnership's recognitions and their free places (read models), the
 * feedback on those that ran (by `_id`, the placement's), and the learners searching for one
 * of its trainings (a bounded query).
 */
function placementFactsReader(deps: Dependencies) {
  const learnerFeedback = learnerFeedbackModel(deps.db);
  const trainings = trainingModel(deps.db);
  const searching = searchingLearnerStore(deps.db);
  const unordered = () => 0;
  const all = Number.MAX_SAFE_INTEGER;

  return async function placementFacts(
    partnershipId: string,
    entries: ReturnType<ReadModels['recognitions']['list']>,
    start: string,
    end: string,
  ): Promise<PlacementYearFacts> {
    const models = deps.readModels;
    const placements = entries.flatMap((entry) => models.placements.list({ recognitionId: entry.id }, unordered, all));
    const mayHaveFeedback = placements.filter((p) => p.answeredAt !== undefined && p.status !== 'declined' && p.createdAt < end);
    const feedback = await inBatches(
      mayHaveFeedback.map((p) => p.id),
      (id) => learnerFeedback.findById(id).select({ answers: 1, at: 1 }).lean(),
    );
    const trainingCodes = (await trainings.find({ partnershipId }).select({ _id: 1 }).lean()).map((t) => t._id);
    return {
      placements,
      recognitions: entries.map((entry) => ({ ...entry, freePlaces: models.register.freeCapacityOf(entry) })),
      learners: trainingCodes.length === 0 ? [] : await searching.ofYear(trainingCodes, start, end, LEARNERS_READ),
      feedback,
    };
  };
}
