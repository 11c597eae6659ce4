// Dates as people in Flanders write them ("27 november 2031"), on pages and in notifications
// alike, and durations as people say them. Pure: used where texts are rendered, never to compute.

import { DURATION_PATTERN } from './duration';

const BRUSSELS = 'Europe/Brussels';
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

// Made once: `toLocaleDateString` with options builds a formatter at every call, which a
// notice or a page with a table of dates pays again and again.
const dayMonthYear = (timeZone: string) =>
  new Intl.DateTimeFormat('nl-BE', { timeZone, day: 'numeric', month: 'long', year: 'numeric' });
const DATE_IN_UTC = dayMonthYear('UTC');
const DATE_IN_BRUSSELS = dayMonthYear(BRUSSELS);
const TIME_IN_BRUSSELS = new Intl.DateTimeFormat('nl-BE', { timeZone: BRUSSELS, hour: '2-digit', minute: '2-digit' });

/** "27 november 2031" for a date (YYYY-MM-DD) or a timestamp (its day in Brussels). */
export function longDate(value: string | undefined): string {
  if (!value) return '';
  const dateOnly = DATE_ONLY.test(value);
  const at = new Date(dateOnly ? `${value}T12:00:00Z` : value);
  if (Number.isNaN(at.getTime())) return value;
  return (dateOnly ? DATE_IN_UTC : DATE_IN_BRUSSELS).format(at);
}

/** "27 november 2031 om 14:05" for a timestamp; a date alone reads as `longDate`. */
export function longDateTime(value: string | undefined): string {
  if (!value || DATE_ONLY.test(value)) return longDate(value);
  const at = new Date(value);
  if (Number.isNaN(at.getTime())) return value;
  return `${longDate(value)} om ${TIME_IN_BRUSSELS.format(at)}`;
}

const DURATION_UNITS: Array<[string, string]> = [
  ['jaar', 'jaar'],
  ['maand', 'maanden'],
  ['week', 'weken'],
  ['dag', 'dagen'],
  ['uur', 'uur'],
  ['minuut', 'minuten'],
  ['seconde', 'seconden'],
];

/**
 * An ISO 8601 duration as people say it: "14 dagen", "1 jaar en 6 maanden", "30 seconden"; a
 * zero keeps the unit it was written in ("0 seconden"). Anything else is shown as it is.
 */
export function durationText(iso: string): string {
  const match = DURATION_PATTERN.exec(iso);
  if (!match) return iso;
  const parts = match
    .slice(1)
    .map((amount, index) => ({ amount, unit: DURATION_UNITS[index]! }))
    .filter(({ amount }) => amount !== undefined);
  const nonZero = parts.filter(({ amount }) => Number(amount) !== 0);
  const words = (nonZero.length ? nonZero : parts.slice(0, 1)).map(
    ({ amount, unit }) => `${amount!.replace('.', ',')} ${Number(amount) === 1 ? unit[0] : unit[1]}`,
  );
  return words.length > 1 ? `${words.slice(0, -1).join(', ')} en ${words.at(-1)}` : words[0]!;
}
