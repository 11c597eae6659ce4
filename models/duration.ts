// Pure: imported by workflows, so no dependency and no clock of its own.
// ISO 8601 durations as the policy uses them (P14D, P5Y, P3M, PT30S). Years and months are
// calendar units: P5Y from 2026-02-28 ends on 2031-02-28, not after a fixed number of days.
export const DURATION_PATTERN =
  /^P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

export interface DurationParts {
  years: number;
  months: number;
  weeks: number;
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
}

export function parseDuration(iso: string): DurationParts {
  const match = DURATION_PATTERN.exec(iso);
  if (!match) throw new RangeError(`not an ISO 8601 duration: ${iso}`);
  const [years, months, weeks, days, hours, minutes, seconds] = match.slice(1).map((part) => Number(part ?? 0));
  return {
    years: years ?? 0,
    months: months ?? 0,
    weeks: weeks ?? 0,
    days: days ?? 0,
    hours: hours ?? 0,
    minutes: minutes ?? 0,
    seconds: seconds ?? 0,
  };
}

/**
 * The latest moment date arithmetic may give: far beyond any deadline or validity, yet early
 * enough that every result prints as YYYY-MM-DD. A result outside years 1 to 9999 (or no date
 * at all) is an error, never a date that a timer or the store would choke on.
 */
export const LATEST_MOMENT = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
/** The earliest: the first day of year 1 (Date.UTC would read a year below 100 as 19xx). */
export const EARLIEST_MOMENT = Date.parse('0001-01-01T00:00:00.000Z');

/** What date arithmetic throws for an input that gives no valid moment. */
export class DateOutOfRange extends RangeError {
  override name = 'DateOutOfRange';
}

/** The moment `iso` after `from`, in UTC; a month end is clamped (Jan 31 + P1M = Feb 28/29). */
export function addDuration(from: Date, iso: string): Date {
  const moment = addDurationUnchecked(from, iso);
  const time = moment.getTime();
  if (Number.isNaN(time) || time > LATEST_MOMENT || time < EARLIEST_MOMENT) {
    throw new DateOutOfRange(
      `${iso} after ${Number.isNaN(from.getTime()) ? 'an invalid date' : from.toISOString()} is not a valid date`,
    );
  }
  return moment;
}

function addDurationUnchecked(from: Date, iso: string): Date {
  const d = parseDuration(iso);
  const result = new Date(from.getTime());
  if (d.years || d.months) {
    const day = result.getUTCDate();
    result.setUTCDate(1);
    result.setUTCMonth(result.getUTCMonth() + d.years * 12 + d.months);
    const lastDay = new Date(Date.UTC(result.getUTCFullYear(), result.getUTCMonth() + 1, 0)).getUTCDate();
    result.setUTCDate(Math.min(day, lastDay));
  }
  const fixedMs = ((((d.weeks * 7 + d.days) * 24 + d.hours) * 60 + d.minutes) * 60 + d.seconds) * 1000;
  return new Date(result.getTime() + fixedMs);
}

/**
 * A duration's nominal length (a year of 365.2425 days, a month of a twelfth of that): for
 * bounds such as "at most ten years", where a day more or less does not matter.
 */
export function nominalMs(iso: string): number {
  const d = parseDuration(iso);
  const day = 24 * 3600 * 1000;
  const year = 365.2425 * day;
  return (
    d.years * year + (d.months * year) / 12 + (d.weeks * 7 + d.days) * day + ((d.hours * 60 + d.minutes) * 60 + d.seconds) * 1000
  );
}

/** Milliseconds from `from` until `iso` later: what a workflow timer sleeps. */
export function durationMs(iso: string, from: Date): number {
  return addDuration(from, iso).getTime() - from.getTime();
}
