// Pure: imported by workflows, so no dependency and no clock of its own.
// ISO 8601 durations as the policy uses them (P14D, P5Y, P3M, PT30S). Years and months are
// calendar units: P5Y from 2026-02-28 ends on 2031-02-28, not after a fixed number of days.
export const DURATION_PATTERN = /^P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

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

/** The moment `iso` after `from`, in UTC; a month end is clamped (Jan 31 + P1M = Feb 28/29). */
export function addDuration(from: Date, iso: string): Date {
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

/** Milliseconds from `from` until `iso` later: what a workflow timer sleeps. */
export function durationMs(iso: string, from: Date): number {
  return addDuration(from, iso).getTime() - from.getTime();
}
