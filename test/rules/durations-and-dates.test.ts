import {
  addToDate,
  ageOn,
  dayInBrussels,
  endOfDayInBrussels,
  isValidDate,
  parseDate,
  startOfDayInBrussels,
} from '../../models/dates';
import { addDuration, durationMs, parseDuration } from '../../models/duration';
import { daysLeft, thisYearInBrussels, todayInBrussels } from '../../pages/dutch';

const utc = (iso: string) => new Date(iso);

describe('ISO 8601 durations', () => {
  it('parses every unit the policy uses', () => {
    expect(parseDuration('P14D')).toEqual({ years: 0, months: 0, weeks: 0, days: 14, hours: 0, minutes: 0, seconds: 0 });
    expect(parseDuration('P5Y')).toMatchObject({ years: 5 });
    expect(parseDuration('P3M')).toMatchObject({ months: 3, minutes: 0 });
    expect(parseDuration('PT3M')).toMatchObject({ months: 0, minutes: 3 });
    expect(parseDuration('P2W')).toMatchObject({ weeks: 2 });
    expect(parseDuration('PT30S')).toMatchObject({ seconds: 30 });
    expect(parseDuration('P1Y2M3DT4H5M6.5S')).toEqual({
      years: 1,
      months: 2,
      weeks: 0,
      days: 3,
      hours: 4,
      minutes: 5,
      seconds: 6.5,
    });
  });

  it.each(['', 'P', 'PT', 'P1DT', '14D', 'P-1D', 'P1.5D', 'P1D1Y', 'p14d', 'P14D '])('refuses %j', (input) => {
    expect(() => parseDuration(input)).toThrow(RangeError);
  });

  describe('adding a duration', () => {
    it('adds days and weeks as fixed time', () => {
      expect(addDuration(utc('2026-11-27T10:00:00Z'), 'P14D')).toEqual(utc('2026-12-11T10:00:00Z'));
      expect(addDuration(utc('2026-12-25T00:00:00Z'), 'P1W')).toEqual(utc('2027-01-01T00:00:00Z'));
    });

    it('adds PT30S as thirty seconds', () => {
      expect(addDuration(utc('2026-11-27T23:59:45Z'), 'PT30S')).toEqual(utc('2026-11-28T00:00:15Z'));
      expect(durationMs('PT30S', utc('2026-11-27T00:00:00Z'))).toBe(30_000);
    });

    it('adds months as calendar months, keeping the time of day', () => {
      expect(addDuration(utc('2026-11-27T08:30:00Z'), 'P3M')).toEqual(utc('2027-02-27T08:30:00Z'));
    });

    it('clamps to the end of a shorter month: P1M from 2026-01-31 is 2026-02-28', () => {
      expect(addDuration(utc('2026-01-31T00:00:00Z'), 'P1M')).toEqual(utc('2026-02-28T00:00:00Z'));
      expect(addDuration(utc('2028-01-31T00:00:00Z'), 'P1M')).toEqual(utc('2028-02-29T00:00:00Z'));
      expect(addDuration(utc('2026-08-31T00:00:00Z'), 'P1M')).toEqual(utc('2026-09-30T00:00:00Z'));
    });

    it('adds years as calendar years: P5Y from 2028-02-29 is 2033-02-28', () => {
      expect(addDuration(utc('2028-02-29T00:00:00Z'), 'P5Y')).toEqual(utc('2033-02-28T00:00:00Z'));
      expect(addDuration(utc('2026-02-28T00:00:00Z'), 'P5Y')).toEqual(utc('2031-02-28T00:00:00Z'));
      expect(addDuration(utc('2028-02-29T00:00:00Z'), 'P4Y')).toEqual(utc('2032-02-29T00:00:00Z'));
    });

    it('rolls months over into the next year', () => {
      expect(addDuration(utc('2026-11-30T00:00:00Z'), 'P3M')).toEqual(utc('2027-02-28T00:00:00Z'));
      expect(addDuration(utc('2026-11-15T00:00:00Z'), 'P1Y14M')).toEqual(utc('2029-01-15T00:00:00Z'));
    });

    it('does not change the date it is given', () => {
      const from = utc('2026-01-31T00:00:00Z');
      addDuration(from, 'P1Y1M1D');
      expect(from).toEqual(utc('2026-01-31T00:00:00Z'));
    });
  });

  it('gives the milliseconds a timer sleeps, depending on the calendar for months', () => {
    const day = 24 * 3600 * 1000;
    expect(durationMs('P14D', utc('2026-11-27T00:00:00Z'))).toBe(14 * day);
    expect(durationMs('P1M', utc('2026-01-31T00:00:00Z'))).toBe(28 * day);
    expect(durationMs('P1M', utc('2026-03-01T00:00:00Z'))).toBe(31 * day);
    expect(durationMs('P1Y', utc('2027-03-01T00:00:00Z'))).toBe(366 * day);
  });
});

describe('calendar dates', () => {
  it.each(['2026-11-27', '2028-02-29', '2026-12-31', '2026-01-01'])('accepts %s', (date) => {
    expect(isValidDate(date)).toBe(true);
  });

  it.each([
    '2026-02-29',
    '2026-02-30',
    '2026-02-31',
    '2026-04-31',
    '2026-11-31',
    '2026-1-5',
    '27/11/2026',
    '2026-11-27T00:00:00Z',
    '',
  ])('refuses %j', (date) => {
    expect(isValidDate(date)).toBe(false);
  });

  it.each(['2026-13-01', '2026-00-10', '2026-01-32', '2026-01-00'])('refuses the out-of-range date %j', (date) => {
    expect(isValidDate(date)).toBe(false);
  });

  it('reads a date as its UTC midnight, for arithmetic', () => {
    expect(parseDate('2026-11-27').toISOString()).toBe('2026-11-27T00:00:00.000Z');
  });

  it('adds a duration to a date', () => {
    expect(addToDate('2026-11-27', 'P14D')).toBe('2026-12-11');
    expect(addToDate('2026-11-27', 'P1Y')).toBe('2027-11-27');
    expect(addToDate('2026-01-31', 'P1M')).toBe('2026-02-28');
    expect(addToDate('2028-02-29', 'P5Y')).toBe('2033-02-28');
  });

  describe('age on a day', () => {
    it('turns 25 on the 25th birthday, not the day before', () => {
      expect(ageOn('2001-11-27', '2026-11-27')).toBe(25);
      expect(ageOn('2001-11-28', '2026-11-27')).toBe(24);
      expect(ageOn('2001-12-01', '2026-11-27')).toBe(24);
      expect(ageOn('2001-01-01', '2026-11-27')).toBe(25);
    });

    it('counts a leap-day birthday from 1 March in other years', () => {
      expect(ageOn('2000-02-29', '2025-02-28')).toBe(24);
      expect(ageOn('2000-02-29', '2025-03-01')).toBe(25);
      expect(ageOn('2000-02-29', '2024-02-29')).toBe(24);
      expect(ageOn('2000-02-29', '2024-02-28')).toBe(23);
    });

    it('is 0 on the day of birth', () => {
      expect(ageOn('2026-11-27', '2026-11-27')).toBe(0);
    });
  });
});

describe('days in Brussels', () => {
  it('is already tomorrow at 00:30 in Brussels, in winter (UTC+1) and in summer (UTC+2)', () => {
    expect(dayInBrussels(utc('2026-01-15T23:30:00Z'))).toBe('2026-01-16');
    expect(dayInBrussels(utc('2026-07-15T22:30:00Z'))).toBe('2026-07-16');
    // The first moment of a year in Brussels is the year's, though UTC still counts the old one.
    expect(dayInBrussels(utc('2025-12-31T23:30:00Z'))).toBe('2026-01-01');
  });

  it('is still today up to midnight in Brussels', () => {
    expect(dayInBrussels(utc('2026-01-15T22:59:59.999Z'))).toBe('2026-01-15');
    expect(dayInBrussels(utc('2026-07-15T21:59:59.999Z'))).toBe('2026-07-15');
    expect(dayInBrussels(utc('2026-07-15T00:00:00Z'))).toBe('2026-07-15');
  });

  it('follows the clock change: 29 March 2026 (02:00 → 03:00) and 25 October 2026 (03:00 → 02:00)', () => {
    // The spring day has 23 hours: it begins at 23:00 UTC, the next at 22:00 UTC.
    expect(dayInBrussels(utc('2026-03-28T22:59:59Z'))).toBe('2026-03-28');
    expect(dayInBrussels(utc('2026-03-28T23:00:00Z'))).toBe('2026-03-29');
    expect(dayInBrussels(utc('2026-03-29T21:59:59Z'))).toBe('2026-03-29');
    expect(dayInBrussels(utc('2026-03-29T22:00:00Z'))).toBe('2026-03-30');
    // The autumn day has 25 hours: it begins at 22:00 UTC, the next at 23:00 UTC.
    expect(dayInBrussels(utc('2026-10-24T22:00:00Z'))).toBe('2026-10-25');
    expect(dayInBrussels(utc('2026-10-25T22:59:59Z'))).toBe('2026-10-25');
    expect(dayInBrussels(utc('2026-10-25T23:00:00Z'))).toBe('2026-10-26');
  });

  it.each([
    ['2026-01-16', '2026-01-15T23:00:00.000Z', '2026-01-16T22:59:59.999Z'],
    ['2026-07-16', '2026-07-15T22:00:00.000Z', '2026-07-16T21:59:59.999Z'],
    ['2026-03-29', '2026-03-28T23:00:00.000Z', '2026-03-29T21:59:59.999Z'],
    ['2026-10-25', '2026-10-24T22:00:00.000Z', '2026-10-25T22:59:59.999Z'],
    ['2027-01-01', '2026-12-31T23:00:00.000Z', '2027-01-01T22:59:59.999Z'],
  ])('%s runs from %s to %s', (date, start, end) => {
    expect(startOfDayInBrussels(date).toISOString()).toBe(start);
    expect(endOfDayInBrussels(date).toISOString()).toBe(end);
    expect(dayInBrussels(startOfDayInBrussels(date))).toBe(date);
    expect(dayInBrussels(endOfDayInBrussels(date))).toBe(date);
  });

  it("gives the pages today and this year in Brussels at 00:30 on New Year's Day (fake timers)", () => {
    jest.useFakeTimers({ now: utc('2026-12-31T23:30:00Z') });
    try {
      expect(todayInBrussels()).toBe('2027-01-01');
      expect(thisYearInBrussels()).toBe(2027);
      expect(daysLeft('2027-01-01')).toBe(0);
      jest.setSystemTime(utc('2026-07-15T22:30:00Z'));
      expect(todayInBrussels()).toBe('2026-07-16');
      expect(daysLeft('2026-07-15')).toBe(-1);
    } finally {
      jest.useRealTimers();
    }
  });
});
