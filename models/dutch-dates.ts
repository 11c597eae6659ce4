// Dates as people in Flanders write them ("27 november 2031"), on pages and in notifications
// alike. Pure: used where texts are rendered, never to compute.

const BRUSSELS = 'Europe/Brussels';
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** "27 november 2031" for a date (YYYY-MM-DD) or a timestamp (its day in Brussels). */
export function longDate(value: string | undefined): string {
  if (!value) return '';
  const dateOnly = DATE_ONLY.test(value);
  const at = new Date(dateOnly ? `${value}T12:00:00Z` : value);
  if (Number.isNaN(at.getTime())) return value;
  return at.toLocaleDateString('nl-BE', {
    timeZone: dateOnly ? 'UTC' : BRUSSELS,
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  });
}

/** "27 november 2031 om 14:05" for a timestamp; a date alone reads as `longDate`. */
export function longDateTime(value: string | undefined): string {
  if (!value || DATE_ONLY.test(value)) return longDate(value);
  const at = new Date(value);
  if (Number.isNaN(at.getTime())) return value;
  const time = at.toLocaleTimeString('nl-BE', { timeZone: BRUSSELS, hour: '2-digit', minute: '2-digit' });
  return `${longDate(value)} om ${time}`;
}
