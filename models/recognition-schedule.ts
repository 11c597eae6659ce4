import { reminderMoment } from './application-actions';
import { addToDate, startOfDayInBrussels } from './dates';
import { durationMs } from './duration';
import type { Policy } from './policy';
import type { QualityCheck } from './quality-check';
import type { Recognition } from './recognition';

// What a live recognition waits for next. Pure: the recognition workflow sleeps until the
// event's moment, then handles it by its kind.

export type ScheduledEvent =
  | { kind: 'period-end'; at: number }
  | { kind: 'renewal-invitation'; at: number }
  | { kind: 'renewal-overdue'; at: number }
  | { kind: 'renewal-pending'; at: number }
  | { kind: 'periodic-check'; at: number }
  | { kind: 'check-reminder'; at: number; check: QualityCheck }
  | { kind: 'check-overdue'; at: number; check: QualityCheck }
  | { kind: 'condition-reminder'; at: number; condition: Recognition['conditions'][number] }
  | { kind: 'condition-missed'; at: number; condition: Recognition['conditions'][number] };

export interface Schedulable {
  recognition: Recognition;
  /** Quality checks not yet closed. */
  checks: QualityCheck[];
  /** When the next periodic check opens (0: none scheduled). */
  nextCheckAt: number;
  renewedUntil?: string;
}

/**
 * The first of what is scheduled: the end of the period, the renewal invitation, a periodic
 * check, a check's reminder or deadline, a condition's reminder or due date. On a tie the
 * earlier in this list comes first.
 */
export function nextEvent({ recognition: r, checks, nextCheckAt, renewedUntil }: Schedulable, policy: Policy): ScheduledEvent {
  // A condition is missed once its due day has ended in Brussels.
  const dayStart = (date: string) => startOfDayInBrussels(date).getTime();
  const missedAt = (dueOn: string) => dayStart(addToDate(dueOn, 'P1D'));
  const periodEnd = Date.parse(r.validUntilAt);
  // A renewal asked in time keeps the recognition active past its end until the decision.
  const keptActive = r.renewal?.status === 'requested' && !!r.renewal.keptActiveAt;
  const events: ScheduledEvent[] = keptActive ? [] : [{ kind: 'period-end', at: periodEnd }];
  if (r.renewal?.status === 'requested' && r.renewal.decisionDue && !r.renewal.overdue) {
    events.push({ kind: 'renewal-overdue', at: Date.parse(r.renewal.decisionDue) });
  }
  if (!r.renewal && !renewedUntil) {
    events.push({ kind: 'renewal-invitation', at: periodEnd - durationMs(policy.renewalNotice, new Date(periodEnd)) });
  }
  if (r.status === 'active' && checks.length === 0 && nextCheckAt) events.push({ kind: 'periodic-check', at: nextCheckAt });
  for (const check of checks.filter((c) => c.status === 'open')) {
    const due = Date.parse(check.dueAt);
    if (!check.remindedAt) events.push({ kind: 'check-reminder', at: reminderMoment(Date.parse(check.openedAt), due), check });
    events.push({ kind: 'check-overdue', at: due, check });
  }
  for (const condition of r.conditions.filter((c) => !c.metOn && !c.missedAt)) {
    const due = missedAt(condition.dueOn);
    if (!condition.remindedAt) {
      events.push({ kind: 'condition-reminder', at: reminderMoment(dayStart(r.validFrom), due), condition });
    }
    events.push({ kind: 'condition-missed', at: due, condition });
  }
  // Kept active with nothing else due: wake in a year to look again (a decision wakes it sooner).
  if (events.length === 0) return { kind: 'renewal-pending', at: Date.now() + 365 * 24 * 60 * 60 * 1000 };
  return events.reduce((first, event) => (event.at < first.at ? event : first));
}
