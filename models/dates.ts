import { addDuration } from './duration';

// Calendar dates (YYYY-MM-DD) as the contract writes them. Pure: used by workflows too.

export function toDateString(at: Date): string {
  return at.toISOString().slice(0, 10);
}

export function parseDate(date: string): Date {
  return new Date(`${date}T00:00:00.000Z`);
}

export function isValidDate(date: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return false;
  const parsed = parseDate(date);
  // Month 13 gives an invalid Date; 2026-02-30 rolls over to March: both are refused.
  return !Number.isNaN(parsed.getTime()) && toDateString(parsed) === date;
}

export function addToDate(date: string, iso: string): string {
  return toDateString(addDuration(parseDate(date), iso));
}

/** Whole years from `birthDate` to `onDate`: one's age on that day. */
export function ageOn(birthDate: string, onDate: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = onDate.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}
