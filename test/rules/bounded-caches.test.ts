import { reportYears } from '../../models/monitoring';
import { RegisterIndex } from '../../models/register-index';
import { REGISTER_ENTRY } from '../support/register-entry';

// What the API keeps or reads per request is bounded by its data, not by what callers ask
// (issue 20): a search for a made-up training holds nothing, and monitoring answers only the
// years that have data.

describe('the register search cache', () => {
  const entry = REGISTER_ENTRY;
  const search = (index: RegisterIndex, trainingCode: string, postcode?: string, hasCapacity = false) =>
    index.search({ trainingCode, postcode, hasCapacity, page: 1, pageSize: 20 }).items.map((e) => e.id);

  it('holds nothing for trainings and postcodes no workplace has, however many are asked', () => {
    const index = new RegisterIndex();
    index.upsert(entry);
    for (let i = 0; i < 10_000; i++) {
      expect(search(index, `verzonnen-${i}`, String(1000 + (i % 9000)), i % 2 === 0)).toEqual([]);
    }
    expect(index.cachedSearches).toBe(0);
    expect(search(index, 'ruwbouw-duaal', '9000')).toEqual(['r1']);
    expect(search(index, 'ruwbouw-duaal', '2000')).toEqual([]);
    expect(index.cachedSearches).toBe(1);
  });

  it('holds at most two results per key a workplace has, and forgets a postcode no workplace has any more', () => {
    const index = new RegisterIndex();
    index.upsert(entry);
    const every = () => {
      for (const hasCapacity of [false, true]) {
        for (const [training, postcode] of [
          ['ruwbouw-duaal', '9000'],
          ['ruwbouw-duaal', undefined],
          ['', '9000'],
          ['', undefined],
          ['ruwbouw-duaal', '2000'],
          ['', '2000'],
        ] as const) {
          search(index, training, postcode, hasCapacity);
        }
      }
    };
    every();
    expect(index.cachedSearches).toBe(8);
    // Moved: 9000 is no key any more, 2000 is; still four keys, two results each.
    index.upsert({ ...entry, address: { postcode: '2000', municipality: 'Antwerpen' }, savedAt: '2026-02-01T09:00:00.000Z' });
    every();
    expect(search(index, 'ruwbouw-duaal', '9000')).toEqual([]);
    expect(search(index, 'ruwbouw-duaal', '2000')).toEqual(['r1']);
    expect(index.cachedSearches).toBe(8);
  });
});

describe('the years monitoring reports on', () => {
  const now = new Date('2026-12-06T15:00:00.000Z');

  it('is this year in Brussels alone without any data', () => {
    expect(reportYears(undefined, undefined, now)).toEqual({ from: 2026, to: 2026 });
    // 23:30 UTC on 31 December is already the new year in Brussels.
    expect(reportYears(undefined, undefined, new Date('2026-12-31T23:30:00.000Z'))).toEqual({ from: 2027, to: 2027 });
  });

  it('begins with the year of the earliest submission, check or validity, as days in Brussels', () => {
    expect(reportYears('2023-12-31T23:30:00.000Z', undefined, now)).toEqual({ from: 2024, to: 2026 });
    expect(reportYears('2024-05-01T10:00:00.000Z', '2019-03-01', now)).toEqual({ from: 2019, to: 2026 });
    expect(reportYears('2018-05-01T10:00:00.000Z', '2019-03-01', now)).toEqual({ from: 2018, to: 2026 });
  });

  it('never reaches past this year, whatever a dossier says', () => {
    expect(reportYears('2030-01-01T10:00:00.000Z', '2031-01-01', now)).toEqual({ from: 2026, to: 2026 });
  });
});
