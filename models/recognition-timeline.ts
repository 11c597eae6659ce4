import { z } from 'zod';
import type { ImprovementPlan } from './improvement-plan-rules';
import type { PlacementEntry } from './placement';
import type { QualityCheck } from './quality-check';
import type { Recognition } from './recognition';

// A recognition's whole life in one list, for its parties: built when it is read from what each
// part keeps (the status history and changes on the recognition, its quality checks, improvement
// plans and placements), so no step writes twice. Ids and outcomes only, no one's personal data.

export const TIMELINE_TYPES = [
  'status',
  'change',
  'change-decided',
  'check-opened',
  'check-closed',
  'incident',
  'plan-opened',
  'plan-done',
  'plan-overdue',
  'renewal-requested',
  'renewal-decided',
  'placement-started',
  'placement-ended',
] as const;
export type TimelineType = (typeof TIMELINE_TYPES)[number];

export const timelineEntrySchema = z
  .object({
    at: z.string().describe('RFC 3339, or a date for a placement’s end'),
    type: z.enum(TIMELINE_TYPES),
    by: z.string().optional(),
    data: z.record(z.string(), z.unknown()).optional(),
  })
  .meta({ id: 'RecognitionTimelineEntry' });
export type TimelineEntry = z.infer<typeof timelineEntrySchema>;

/** The latest entries a timeline shows: a bound on the answer. */
export const TIMELINE_LIMIT = 500;

export interface TimelineSources {
  recognition: Recognition;
  checks: QualityCheck[];
  plans: ImprovementPlan[];
  placements: Array<Pick<PlacementEntry, 'id' | 'status' | 'answeredAt' | 'startsOn' | 'endedOn' | 'termination'>>;
}

const entry = (at: string | undefined, type: TimelineType, data?: Record<string, unknown>, by?: string): TimelineEntry[] =>
  at ? [{ at, type, ...(by ? { by } : {}), ...(data ? { data } : {}) }] : [];

/** Oldest first; the latest TIMELINE_LIMIT. */
export function recognitionTimeline({ recognition: r, checks, plans, placements }: TimelineSources): TimelineEntry[] {
  const entries: TimelineEntry[] = [
    ...r.history.flatMap((h) => entry(h.at, 'status', { status: h.status, ...(h.reasons ? { reasons: h.reasons } : {}) }, h.by)),
    ...(r.changes ?? []).flatMap(({ id, at, by, review, capacity, ...change }) => {
      // Places approved later were recorded on the change: they belong to its decision.
      const placesOf = (fields: string[]) => (capacity && fields.includes('capacity') ? { capacity } : {});
      const decided = review?.status === 'approved' ? placesOf(review.fields) : {};
      return [
        ...entry(
          at,
          'change',
          { changeId: id, ...change, ...placesOf(change.applied), ...(review ? { review: review.fields } : {}) },
          by,
        ),
        ...entry(
          review?.decidedAt,
          'change-decided',
          { changeId: id, outcome: review?.status, fields: review?.fields, ...decided },
          review?.decidedBy,
        ),
      ];
    }),
    ...checks.flatMap((c) => [
      ...entry(c.openedAt, 'check-opened', { checkId: c.id, reason: c.reason }),
      ...(c.reports ?? []).flatMap((report) => entry(report.at, 'incident', { checkId: c.id }, report.by)),
      ...entry(c.closedAt, 'check-closed', { checkId: c.id, outcome: c.outcome }, c.evaluatedBy),
    ]),
    ...plans.flatMap((p) => [
      ...entry(p.openedAt, 'plan-opened', { planId: p.id, actions: p.actions.length }, p.openedBy),
      ...entry(p.overdueAt, 'plan-overdue', { planId: p.id }),
      ...entry(p.settledAt, 'plan-done', { planId: p.id }),
    ]),
    ...renewalEntries(r),
    ...placements.flatMap((p) => [
      ...(p.status === 'proposed' || p.status === 'declined' || p.status === 'expired'
        ? []
        : entry(p.answeredAt, 'placement-started', { placementId: p.id, startsOn: p.startsOn })),
      ...entry(p.endedOn, 'placement-ended', { placementId: p.id, ...(p.termination ? { reason: p.termination.reason } : {}) }),
    ]),
  ];
  return entries.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0)).slice(-TIMELINE_LIMIT);
}

function renewalEntries(r: Recognition): TimelineEntry[] {
  // A decided renewal is in `renewals` and, until the next period begins, still the current one.
  const renewals = [...(r.renewals ?? []), ...(r.renewal ? [r.renewal] : [])];
  const seen = new Set<string>();
  return renewals
    .flatMap((d) => [
      ...entry(d.requestedAt, 'renewal-requested', { unchanged: d.unchanged }),
      ...entry(d.decidedAt, 'renewal-decided', { status: d.status, oneStep: d.oneStep }, d.decidedBy),
    ])
    .filter((e) => !seen.has(`${e.type} ${e.at}`) && seen.add(`${e.type} ${e.at}`));
}
