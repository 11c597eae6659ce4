import { z } from 'zod';
import type { ApplicationDossier } from './application-dossier';
import type { QualityCheck } from './quality-check';
import { RECOGNITION_STATUSES, type Recognition, type RecognitionStatus, statusOn } from './recognition';
import { type Burden, daysBetween } from './burden';
import { dayInBrussels, startOfDayInBrussels } from './dates';

export { type Burden, DAY_MS, daysBetween, fieldsFilledIn } from './burden';

// Monitoring (planlast and quality per partnership and year): the burden a dossier puts on a
// company, recorded by the application workflow as its steps happen, and the yearly indicators
// computed from the dossiers' recorded facts. Pure: the workflow and the API both use it.

// Provinces (and the Brussels region) from Belgian postcodes.

export const PROVINCES = [
  'Antwerpen',
  'Limburg',
  'Oost-Vlaanderen',
  'Vlaams-Brabant',
  'West-Vlaanderen',
  'Brussel',
  'Henegouwen',
  'Luik',
  'Luxemburg',
  'Namen',
  'Waals-Brabant',
] as const;
export type Province = (typeof PROVINCES)[number];

const POSTCODE_RANGES: Array<[number, number, Province]> = [
  [1000, 1299, 'Brussel'],
  [1300, 1499, 'Waals-Brabant'],
  [1500, 1999, 'Vlaams-Brabant'],
  [2000, 2999, 'Antwerpen'],
  [3000, 3499, 'Vlaams-Brabant'],
  [3500, 3999, 'Limburg'],
  [4000, 4999, 'Luik'],
  [5000, 5999, 'Namen'],
  [6000, 6599, 'Henegouwen'],
  [6600, 6999, 'Luxemburg'],
  [7000, 7999, 'Henegouwen'],
  [8000, 8999, 'West-Vlaanderen'],
  [9000, 9999, 'Oost-Vlaanderen'],
];

/** The province of a Belgian postcode (Brussel for the capital region); undefined outside 1000–9999. */
export function provinceOf(postcode: string): Province | undefined {
  if (!/^\d{4}$/.test(postcode)) return undefined;
  const code = Number(postcode);
  return POSTCODE_RANGES.find(([from, to]) => code >= from && code <= to)?.[2];
}

// The yearly indicators, per the contract.

const count = z.number().int().min(0);
const placesSchema = z.object({ places: count, occupied: count });

const burdenFields = {
  medianFieldsAsked: z.number().nullable().describe('Median of the fields asked, over the applications with a recorded burden'),
  medianDocumentsAsked: z
    .number()
    .nullable()
    .describe('Median of the documents asked, over the applications with a recorded burden'),
  infoRequestsPerApplication: z.number().describe('Information requests per application received, two decimals (0 for none)'),
};

export const burdenMonth = z
  .object({
    month: z
      .string()
      .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
      .describe('YYYY-MM (in Brussels): the applications submitted in this month'),
    received: count,
    ...burdenFields,
  })
  .meta({ id: 'BurdenMonth' });

/** The indicators of a year, whether of one partnership or of several together. */
const yearFields = {
  applications: z.object({
    received: count,
    approved: count,
    rejected: count,
    lapsed: count,
    withdrawn: count,
    decidedWithinDeadline: count,
    medianDaysToDecision: z.number().nullable(),
  }),
  burden: z.object({ ...burdenFields, renewalsInOneStep: count }),
  burdenByMonth: z
    .array(burdenMonth)
    .describe(
      "The burden by month of submission: the year's months in order, those after today left out while the year runs (not in the CSV)",
    ),
  qualityChecks: z.object({ opened: count, closedWithoutReviewer: count, improvementNeeded: count, suspensions: count }),
  recognitions: z.object(
    Object.fromEntries(RECOGNITION_STATUSES.map((s) => [s, count])) as Record<RecognitionStatus, typeof count>,
  ),
  capacity: z.object({
    places: count,
    occupied: count,
    byProvince: z.object(Object.fromEntries(PROVINCES.map((p) => [p, placesSchema])) as Record<Province, typeof placesSchema>),
  }),
};

export const partnershipIndicators = z.object({ partnershipId: z.string(), ...yearFields }).meta({ id: 'PartnershipIndicators' });

export const totalIndicators = z.object(yearFields).meta({
  id: 'TotalIndicators',
  description:
    "The partnerships of the answer together, counted over all their dossiers (a median is the median of all the dossiers, not of the partnerships' medians); for one partnership its own figures (not in the CSV)",
});

export const monitoringReport = z
  .object({
    year: z.number().int(),
    asOf: z.string().describe('RFC 3339: recognitions and capacity as of this moment (now, or the end of a past year)'),
    years: z
      .object({ from: z.number().int(), to: z.number().int() })
      .describe('The years a report may be asked for: from the first a dossier has data in to this one (in Brussels)'),
    partnerships: z.array(partnershipIndicators),
    total: totalIndicators,
  })
  .meta({ id: 'MonitoringReport' });

export type PartnershipIndicators = z.infer<typeof partnershipIndicators>;
export type TotalIndicators = z.infer<typeof totalIndicators>;
export type BurdenMonth = z.infer<typeof burdenMonth>;
export type MonitoringReport = z.infer<typeof monitoringReport>;

/** What the indicators read of an application dossier. */
export type ApplicationFacts = Pick<
  ApplicationDossier,
  'partnershipId' | 'status' | 'submittedAt' | 'decisionDue' | 'decision' | 'infoRequests'
> & { burden?: Burden };

/** What the indicators read of a quality check. */
export type CheckFacts = Pick<QualityCheck, 'partnershipId' | 'status' | 'openedAt' | 'outcome' | 'evaluatedBy'>;

/** A one-step renewal as the recognition records it (`renewals`), or its current `renewal`. */
export type RenewalFacts = NonNullable<Recognition['renewals']>[number];

/** What the indicators read of a recognition: the register's fields, and its renewals where read. */
export type RecognitionFacts = Pick<Recognition, 'partnershipId' | 'status' | 'history' | 'capacity'> & {
  address: { postcode: string };
  /** Places its active placements take now. */
  occupied?: number;
  renewal?: Recognition['renewal'];
  renewals?: RenewalFacts[];
};

/** When month `month` (0 to 11, 12 the next January) of `year` begins in Brussels, RFC 3339. */
const monthStart = (year: number, month: number) =>
  startOfDayInBrussels(`${year + Math.floor(month / 12)}-${String((month % 12) + 1).padStart(2, '0')}-01`).toISOString();

/** The bounds of a calendar year in Brussels, and the moment its recognitions are counted at. */
export function yearBounds(year: number, now: Date) {
  const start = monthStart(year, 0);
  const end = monthStart(year, 12);
  const asOf = now.toISOString() < end ? now.toISOString() : new Date(Date.parse(end) - 1).toISOString();
  return { start, end, asOf };
}

/**
 * The years with data (in Brussels): from the year of the earliest submission or check opened
 * (`firstInstant`, RFC 3339) or recognition valid (`firstDay`) to this one; this one alone
 * without any. A report of another year would count nothing, yet read every dossier.
 */
export function reportYears(firstInstant: string | undefined, firstDay: string | undefined, now: Date) {
  const to = Number(dayInBrussels(now).slice(0, 4));
  const firsts = [firstInstant && dayInBrussels(new Date(firstInstant)), firstDay].filter((day) => day) as string[];
  return { from: Math.min(to, ...firsts.map((day) => Number(day.slice(0, 4)))), to };
}

export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

const round = (value: number | null, decimals: number) =>
  value === null ? null : Math.round(value * 10 ** decimals) / 10 ** decimals;

/** A renewal counts as one step when nothing changed and it was approved at once, without review. */
export const isOneStepRenewal = (renewal: Recognition['renewal'] | RenewalFacts | undefined) =>
  renewal !== undefined &&
  renewal.status === 'approved' &&
  (renewal.oneStep === true || (renewal.unchanged === true && renewal.decidedBy === 'system'));

/** When each one-step renewal of a recognition was decided (its history, and its current renewal). */
export function oneStepRenewals(recognition: Pick<RecognitionFacts, 'renewal' | 'renewals'>): string[] {
  const moments = new Set<string>();
  for (const renewal of [...(recognition.renewals ?? []), recognition.renewal]) {
    if (isOneStepRenewal(renewal) && renewal?.decidedAt) moments.add(renewal.decidedAt);
  }
  return [...moments];
}

/** The months of a year (YYYY-MM, in Brussels) that have begun by `now`: all twelve of a past year. */
export function monthsOf(year: number, now: Date): string[] {
  return Array.from({ length: 12 }, (_, m) => m)
    .filter((m) => monthStart(year, m) <= now.toISOString())
    .map((m) => `${year}-${String(m + 1).padStart(2, '0')}`);
}

/** The burden of these applications: medians of what the recorded ones asked, information requests per application. */
function burdenOf(applications: ApplicationFacts[]) {
  const withBurden = applications.filter((a) => a.burden);
  const infoRequests = applications.reduce((sum, a) => sum + (a.burden?.infoRequests ?? a.infoRequests.length), 0);
  return {
    medianFieldsAsked: median(withBurden.map((a) => a.burden!.fieldsAsked)),
    medianDocumentsAsked: median(withBurden.map((a) => a.burden!.documentsAsked)),
    infoRequestsPerApplication: applications.length === 0 ? 0 : round(infoRequests / applications.length, 2)!,
  };
}

/**
 * The indicators of one partnership for one year, from its dossiers (those of others are left
 * out); what they count is told at `yearIndicators`.
 */
export function partnershipYear(
  partnershipId: string,
  year: number,
  now: Date,
  dossiers: { applications: ApplicationFacts[]; checks: CheckFacts[]; recognitions: RecognitionFacts[] },
): PartnershipIndicators {
  const mine = <T extends { partnershipId: string }>(items: T[]) => items.filter((i) => i.partnershipId === partnershipId);
  return {
    partnershipId,
    ...yearIndicators(year, now, {
      applications: mine(dossiers.applications),
      checks: mine(dossiers.checks),
      recognitions: mine(dossiers.recognitions),
    }),
  };
}

/**
 * The indicators of a year over all the dossiers given (one partnership's, or several together:
 * then each median is over all their dossiers):
 * - applications: those submitted in the year, by their status now (decided, lapsed, withdrawn);
 * - burden: the recorded `burden` of those applications (medians), their information requests
 *   per application, and the one-step renewals decided in the year; `burdenByMonth` the same
 *   but renewals by the month of submission, for each month of the year begun by `now`;
 * - quality checks: those opened in the year; suspensions of its recognitions in the year;
 * - recognitions and capacity: as of `asOf` (now for a running year, else its last moment).
 */
export function yearIndicators(
  year: number,
  now: Date,
  dossiers: { applications: ApplicationFacts[]; checks: CheckFacts[]; recognitions: RecognitionFacts[] },
): TotalIndicators {
  const { start, end, asOf } = yearBounds(year, now);
  const inYear = (at: string | undefined) => at !== undefined && at >= start && at < end;

  const applications = dossiers.applications.filter((a) => inYear(a.submittedAt));
  const decided = applications.filter((a) => (a.status === 'approved' || a.status === 'rejected') && a.decision);
  const withinDeadline = (a: ApplicationFacts) =>
    a.burden?.decidedWithinDeadline ?? (a.decisionDue !== undefined && a.decision!.decidedAt <= a.decisionDue);
  const daysToDecision = (a: ApplicationFacts) => a.burden?.daysToDecision ?? daysBetween(a.submittedAt, a.decision!.decidedAt);

  const checks = dossiers.checks.filter((c) => inYear(c.openedAt));
  const recognitions = dossiers.recognitions;
  const statusAt = (r: RecognitionFacts) => (asOf === now.toISOString() ? r.status : statusOn(r.history, asOf));

  const byStatus = Object.fromEntries(RECOGNITION_STATUSES.map((s) => [s, 0])) as Record<RecognitionStatus, number>;
  const byProvince = Object.fromEntries(PROVINCES.map((p) => [p, { places: 0, occupied: 0 }])) as Record<
    Province,
    { places: number; occupied: number }
  >;
  let places = 0;
  let occupied = 0;
  for (const recognition of recognitions) {
    const status = statusAt(recognition);
    if (!status) continue;
    byStatus[status] += 1;
    if (status !== 'active') continue;
    places += recognition.capacity;
    occupied += recognition.occupied ?? 0;
    const province = provinceOf(recognition.address.postcode);
    if (province) {
      byProvince[province].places += recognition.capacity;
      byProvince[province].occupied += recognition.occupied ?? 0;
    }
  }

  return {
    applications: {
      received: applications.length,
      approved: applications.filter((a) => a.status === 'approved').length,
      rejected: applications.filter((a) => a.status === 'rejected').length,
      lapsed: applications.filter((a) => a.status === 'lapsed').length,
      withdrawn: applications.filter((a) => a.status === 'withdrawn').length,
      decidedWithinDeadline: decided.filter(withinDeadline).length,
      medianDaysToDecision: round(median(decided.map(daysToDecision)), 1),
    },
    burden: {
      ...burdenOf(applications),
      renewalsInOneStep: recognitions.reduce((sum, r) => sum + oneStepRenewals(r).filter(inYear).length, 0),
    },
    // Submission moments are RFC 3339 in UTC, as the months' bounds: compared as text.
    burdenByMonth: monthsOf(year, now).map((month, m) => {
      const [from, to] = [monthStart(year, m), monthStart(year, m + 1)];
      const submitted = applications.filter((a) => a.submittedAt >= from && a.submittedAt < to);
      return { month, received: submitted.length, ...burdenOf(submitted) };
    }),
    qualityChecks: {
      opened: checks.length,
      closedWithoutReviewer: checks.filter(
        (c) => c.status === 'closed' && c.outcome === 'ok' && (c.evaluatedBy === undefined || c.evaluatedBy === 'system'),
      ).length,
      improvementNeeded: checks.filter((c) => c.outcome === 'improvement-needed').length,
      suspensions: recognitions.reduce(
        (sum, r) => sum + r.history.filter((change) => change.status === 'suspended' && inYear(change.at)).length,
        0,
      ),
    },
    recognitions: byStatus,
    // Occupied: the active placements now, of the recognitions active as of the year's moment.
    capacity: { places, occupied, byProvince },
  };
}

/**
 * The report as CSV: a header row of flattened names, one row per partnership. The months
 * (`burdenByMonth`, the only list) and the `total` stay in the JSON: the columns are the same
 * for every year, whichever month it is. `emptyRow` gives the header when there is no row: a
 * partnership's shape with nothing counted.
 */
export function monitoringCsv(
  report: Pick<MonitoringReport, 'year' | 'partnerships'>,
  emptyRow: object = emptyIndicators(''),
): string {
  const flatten = (value: unknown, prefix: string, into: Array<[string, unknown]>) => {
    if (Array.isArray(value)) return into;
    if (value !== null && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) flatten(inner, prefix ? `${prefix}.${key}` : key, into);
    } else into.push([prefix, value]);
    return into;
  };
  const rows = report.partnerships.map((p) => flatten({ year: report.year, ...p }, '', []));
  const header = rows[0]?.map(([name]) => name) ?? flatten({ year: report.year, ...emptyRow }, '', []).map(([n]) => n);
  const cell = (value: unknown) => {
    const text = value === null || value === undefined ? '' : String(value);
    return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return [header.join(','), ...rows.map((row) => row.map(([, value]) => cell(value)).join(','))].join('\r\n') + '\r\n';
}

/** A partnership with nothing in the year: the shape of the CSV's header. */
export const emptyIndicators = (partnershipId: string) =>
  partnershipYear(partnershipId, 2000, new Date(Date.UTC(2000, 5, 1)), { applications: [], checks: [], recognitions: [] });
