import { z } from 'zod';
import { dayInBrussels, parseDate } from './dates';
import { type LearnerFeedback, summarise } from './learner-feedback';
import {
  DAY_MS,
  PROVINCES,
  type Province,
  type RecognitionFacts,
  median,
  monitoringReport,
  partnershipIndicators,
  provinceOf,
  totalIndicators,
  yearBounds,
} from './monitoring';
import { improvementPlanFigures } from './monitoring-improvement-plans';
import type { PlacementEntry } from './placement';
import { PLACEMENT_STATUSES, type PlacementStatus, TERMINATION_REASONS, type TerminationReason } from './placement-status';
import { statusOn } from './recognition';
import type { SearchingLearner } from './searching-learner';

// Monitoring's figures of placement agreements (contract v3), per partnership and year: the
// placements and how they ended, the learners' feedback, and the demand (learners still
// searching, how long they searched, and the free places per province). Pure: the API reads the
// facts (api/monitoring.ts) and this counts them, beside models/monitoring.ts's indicators.

const count = z.number().int().min(0);
const provinceDemand = z.object({ searching: count, freePlaces: count });

export const placementFigures = {
  placements: z
    .object({
      ...(Object.fromEntries(PLACEMENT_STATUSES.map((s) => [s, count])) as Record<PlacementStatus, typeof count>),
      terminatedByReason: z
        .object(Object.fromEntries(TERMINATION_REASONS.map((r) => [r, count])) as Record<TerminationReason, typeof count>)
        .describe('Of the terminated ones, by reason: every reason, 0 when none'),
      unusedRecognitions: count.describe(
        'Recognitions active at some moment of the year (up to asOf) at which no placement was running during the year',
      ),
    })
    .describe(
      'The placements proposed in the year (createdAt, in Brussels), by their status now (as applications are counted by theirs)',
    ),
  learnerFeedback: z
    .object({
      answers: count.describe('Learners’ feedback given in the year at the partnership’s workplaces'),
      average: z
        .number()
        .nullable()
        .describe(
          'The mean of all their answers (1-4, two decimals); null below three answers, so that no single learner can be read from it',
        ),
    })
    .describe('The learners’ feedback given in the year, over all the partnership’s workplaces'),
  demand: z
    .object({
      searching: count.describe(
        'Learners searching at asOf (registered, not placed, not deleted) whose training is one of the partnership’s',
      ),
      medianDaysToPlacement: z
        .number()
        .nullable()
        .describe(
          'Median days from `since` to the day (in Brussels) they were placed, of those placed in the year; null when none',
        ),
      byProvince: z
        .object(Object.fromEntries(PROVINCES.map((p) => [p, provinceDemand])) as Record<Province, typeof provinceDemand>)
        .describe(
          'Per province: the searching learners by their postcode, and the free places now (capacity minus places held) of the partnership’s recognitions active at asOf',
        ),
    })
    .describe('Learners still searching for a workplace, and the free places'),
};

export const partnershipReport = partnershipIndicators
  .extend(placementFigures)
  .extend(improvementPlanFigures)
  .meta({ id: 'PartnershipReport' });

export const totalReport = totalIndicators.extend(placementFigures).extend(improvementPlanFigures).meta({
  id: 'TotalReport',
  description:
    "The partnerships of the answer together, counted over all their dossiers, placements and learners (a median is over all of them, not of the partnerships' medians); for one partnership its own figures (not in the CSV)",
});

/** The monitoring answer: the indicators per partnership and in total, with the placements' figures. */
export const monitoringAnswer = monitoringReport
  .extend({ partnerships: z.array(partnershipReport), total: totalReport })
  .meta({ id: 'MonitoringAnswer' });

export type PlacementFigures = { [K in keyof typeof placementFigures]: z.infer<(typeof placementFigures)[K]> };
export type PartnershipReport = z.infer<typeof partnershipReport>;
export type MonitoringAnswer = z.infer<typeof monitoringAnswer>;

/** What the figures read of a placement (the read models' entry). */
export type PlacementFacts = Pick<
  PlacementEntry,
  'recognitionId' | 'status' | 'createdAt' | 'answeredAt' | 'endedOn' | 'termination'
>;

/** What the figures read of a recognition: the indicators' facts, its id and its free places now. */
export type WorkplaceFacts = Pick<RecognitionFacts, 'status' | 'history' | 'address'> & { id: string; freePlaces: number };

/** What the figures read of a searching learner. */
export type LearnerFacts = Pick<SearchingLearner, 'postcode' | 'since' | 'createdAt' | 'placedAt'> & { deletedAt?: string };

export interface PlacementYearFacts {
  placements: PlacementFacts[];
  recognitions: WorkplaceFacts[];
  learners: LearnerFacts[];
  feedback: Array<Pick<LearnerFeedback, 'answers' | 'at'>>;
}

/** Whether a recognition was active at some moment from `start` to `asOf`. */
function activeDuring(recognition: WorkplaceFacts, start: string, asOf: string) {
  return (
    statusOn(recognition.history, start) === 'active' ||
    recognition.history.some((change) => change.status === 'active' && change.at >= start && change.at <= asOf)
  );
}

/** Whether a placement ran (accepted, not yet ended) at some moment of the year. */
function ranDuring(placement: PlacementFacts, end: string, firstDay: string) {
  if (!placement.answeredAt || !['active', 'ended', 'terminated'].includes(placement.status)) return false;
  return placement.answeredAt < end && (placement.status === 'active' || (placement.endedOn ?? firstDay) >= firstDay);
}

const daysFromTo = (since: string, day: string) => Math.round((parseDate(day).getTime() - parseDate(since).getTime()) / DAY_MS);

/**
 * The placements' figures of one partnership's year, from its facts: the placements proposed
 * in the year by status now; feedback given in the year; demand as of the year's `asOf`.
 */
export function placementYear(year: number, now: Date, facts: PlacementYearFacts): PlacementFigures {
  const { start, end, asOf } = yearBounds(year, now);
  const firstDay = `${year}-01-01`;
  const inYear = (at: string | undefined) => at !== undefined && at >= start && at < end;

  const proposed = facts.placements.filter((p) => inYear(p.createdAt));
  const byStatus = Object.fromEntries(
    PLACEMENT_STATUSES.map((s) => [s, proposed.filter((p) => p.status === s).length]),
  ) as Record<PlacementStatus, number>;
  const terminatedByReason = Object.fromEntries(
    TERMINATION_REASONS.map((r) => [r, proposed.filter((p) => p.status === 'terminated' && p.termination?.reason === r).length]),
  ) as Record<TerminationReason, number>;
  const used = new Set(facts.placements.filter((p) => ranDuring(p, end, firstDay)).map((p) => p.recognitionId));
  const unusedRecognitions = facts.recognitions.filter((r) => activeDuring(r, start, asOf) && !used.has(r.id)).length;

  const summary = summarise(facts.feedback.filter((f) => inYear(f.at)));

  const at = (value: string | undefined) => value !== undefined && value <= asOf;
  const searching = facts.learners.filter((l) => at(l.createdAt) && !at(l.placedAt) && !at(l.deletedAt));
  const placed = facts.learners.filter((l) => inYear(l.placedAt));
  const medianDays = median(placed.map((l) => daysFromTo(l.since, dayInBrussels(new Date(l.placedAt!)))));
  const byProvince = Object.fromEntries(PROVINCES.map((p) => [p, { searching: 0, freePlaces: 0 }])) as Record<
    Province,
    { searching: number; freePlaces: number }
  >;
  for (const learner of searching) {
    const province = provinceOf(learner.postcode);
    if (province) byProvince[province].searching += 1;
  }
  for (const recognition of facts.recognitions) {
    const province = provinceOf(recognition.address.postcode);
    const status = asOf === now.toISOString() ? recognition.status : statusOn(recognition.history, asOf);
    if (province && status === 'active') byProvince[province].freePlaces += recognition.freePlaces;
  }

  // A figure not given is null, as the other medians: the CSV keeps its column, empty.
  return {
    placements: { ...byStatus, terminatedByReason, unusedRecognitions },
    learnerFeedback: { answers: summary.answers, average: summary.average ?? null },
    demand: { searching: searching.length, medianDaysToPlacement: medianDays, byProvince },
  };
}

/** A partnership without placements: the shape of the CSV's header. */
export const emptyPlacementYear = () =>
  placementYear(2000, new Date(Date.UTC(2000, 5, 1)), { placements: [], recognitions: [], learners: [], feedback: [] });
