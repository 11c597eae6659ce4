import { addDuration } from './duration';

// Calendar dates (YYYY-MM-DD) as the contract writes them. Pure: used by workflows too.
//
// Two ideas, kept apart. What day it is: the domain's days ("today", a visit's day, validFrom)
// are days in Europe/Brussels, so an instant becomes a day only through `dayInBrussels`, and a
// day runs from `startOfDayInBrussels` to `endOfDayInBrussels`. Arithmetic on days (`addToDate`, `ageOn`) knows no
// zone: it runs on UTC midnights, where every day has 24 hours.

const BRUSSELS_CLOCK = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Brussels',
  hourCycle: 'h23',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
});

/** What a clock in Brussels shows at `at`, read as a UTC moment (whole seconds). */
function brusselsWallClock(at: Date): number {
  const parts = new Map(BRUSSELS_CLOCK.formatToParts(at).map(({ type, value }) => [type, Number(value)]));
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.get(type) ?? Number.NaN;
  return Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second'));
}

/** A UTC midnight's date: for arithmetic on dates only, never to tell what day an instant is. */
const utcDate = (at: Date) => at.toISOString().slice(0, 10);

/** The day in Brussels at the instant `at`. */
export function dayInBrussels(at: Date): string {
  return utcDate(new Date(brusselsWallClock(at)));
}

/** Today: the day in Brussels now (or at the caller's clock's `now`), as a date field holds it. */
export const todayInBrussels = (now: Date = new Date()) => dayInBrussels(now);

/** The instant a day begins in Brussels (midnight there: 23:00 or 22:00 UTC the day before). */
export function startOfDayInBrussels(date: string): Date {
  const midnightUtc = parseDate(date);
  // Brussels changes its clocks at 02:00 or 03:00, never at midnight: the offset found at UTC
  // midnight, an hour or two after Brussels midnight, is the one at Brussels midnight.
  const offset = brusselsWallClock(midnightUtc) - midnightUtc.getTime();
  return new Date(midnightUtc.getTime() - offset);
}

/** The last instant of a day in Brussels (its last millisecond): a day valid whole ends here. */
export function endOfDayInBrussels(date: string): Date {
  return new Date(startOfDayInBrussels(addToDate(date, 'P1D')).getTime() - 1);
}

/** A date's UTC midnight, for arithmetic between dates; the day's start in Brussels is `startOfDayInBrussels`. */
export function parseDate(date: string): Date {
  return new Date(`${date}T00:00:00.000Z`);
}

export function isValidDate(date: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return false;
  const parsed = parseDate(date);
  // Month 13 gives an invalid Date; 2026-02-30 rolls over to March: both are refused.
  return !Number.isNaN(parsed.getTime()) && utcDate(parsed) === date;
}

export function addToDate(date: string, iso: string): string {
  return utcDate(addDuration(parseDate(date), iso));
}

/** Whole years from `birthDate` to `onDate`: one's age on that day. */
export function ageOn(birthDate: string, onDate: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = onDate.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}
