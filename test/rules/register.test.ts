import { listingKey } from '../../models/read-models';
import { nameKey, verifyOn } from '../../models/register';
import { RegisterIndex } from '../../models/register-index';
import type { RecognitionStatus } from '../../models/recognition-status';
import { REGISTER_ENTRY } from '../support/register-entry';
import { isPrivateAddress } from '../../platform/webhook-address';

/** A recognition of enterprise 0403170701, valid `from` until `until`, with its history of [at, status]. */
const recognitionOf = (id: string, from: string, until: string, history: Array<[string, RecognitionStatus]>) => ({
  id,
  enterpriseNumber: '0403170701',
  validFrom: from,
  validUntil: until,
  history: history.map(([at, status]) => ({ at, status })),
});

describe('verification on a date', () => {
  const recognition = recognitionOf('r1', '2026-01-10', '2031-01-10', [
    ['2026-01-10T09:00:00.000Z', 'active'],
    ['2026-11-20T10:00:00.000Z', 'suspended'],
    ['2026-11-26T16:00:00.000Z', 'active'],
  ]);

  it('follows the status history, taking each day at its end', () => {
    expect(verifyOn([recognition], '0403170701', '2026-11-19')).toMatchObject({ recognized: true, status: 'active' });
    expect(verifyOn([recognition], '0403170701', '2026-11-20')).toMatchObject({ recognized: false, status: 'suspended' });
    expect(verifyOn([recognition], '0403170701', '2026-11-25')).toMatchObject({ recognized: false, status: 'suspended' });
    expect(verifyOn([recognition], '0403170701', '2026-11-26')).toMatchObject({ recognized: true, status: 'active' });
  });

  it('ends each day at midnight in Brussels: a suspension at 00:30 there is of the next day, winter and summer', () => {
    const suspendedAt = (at: string) => ({
      ...recognition,
      history: [recognition.history[0]!, { at, status: 'suspended' as const }],
    });
    const winter = suspendedAt('2026-11-20T23:30:00.000Z');
    expect(verifyOn([winter], '0403170701', '2026-11-20')).toMatchObject({ recognized: true, status: 'active' });
    expect(verifyOn([winter], '0403170701', '2026-11-21')).toMatchObject({ recognized: false, status: 'suspended' });
    const summer = suspendedAt('2026-07-20T22:30:00.000Z');
    expect(verifyOn([summer], '0403170701', '2026-07-20')).toMatchObject({ recognized: true, status: 'active' });
    expect(verifyOn([summer], '0403170701', '2026-07-21')).toMatchObject({ recognized: false, status: 'suspended' });
  });

  it('knows nothing before the recognition, and no longer after its validity', () => {
    expect(verifyOn([recognition], '0403170701', '2026-01-09')).toEqual({ recognized: false, status: 'none' });
    expect(verifyOn([recognition], '0403170701', '2031-01-11')).toMatchObject({ recognized: false, status: 'expired' });
  });

  it('keeps a recognition whose renewal was asked in time recognised past its end until the decision', () => {
    const kept = { ...recognition, keptActiveAt: '2031-01-10T09:00:00.000Z' };
    expect(verifyOn([kept], '0403170701', '2031-01-20')).toMatchObject({ recognized: true, status: 'active' });
    const rejected = {
      ...kept,
      history: [...kept.history, { at: '2031-02-01T10:00:00.000Z', status: 'expired' as const }],
    };
    expect(verifyOn([rejected], '0403170701', '2031-01-20')).toMatchObject({ recognized: true, status: 'active' });
    expect(verifyOn([rejected], '0403170701', '2031-02-02')).toMatchObject({ recognized: false, status: 'expired' });
  });

  it('answers for the enterprise asked about only', () => {
    expect(verifyOn([recognition], '0202239951', '2026-11-19')).toEqual({ recognized: false, status: 'none' });
  });

  it('takes the recognition whose validity covers the date when a workplace had several', () => {
    const earlier = recognitionOf('r0', '2020-01-01', '2025-01-01', [
      ['2020-01-01T09:00:00.000Z', 'active'],
      ['2023-05-01T09:00:00.000Z', 'withdrawn'],
    ]);
    expect(verifyOn([earlier, recognition], '0403170701', '2023-06-01')).toMatchObject({
      recognitionId: 'r0',
      status: 'withdrawn',
    });
    expect(verifyOn([earlier, recognition], '0403170701', '2026-02-01')).toMatchObject({ recognitionId: 'r1', recognized: true });
  });
});

describe('the register search', () => {
  const entry = REGISTER_ENTRY;
  const search = (index: RegisterIndex, postcode: string) =>
    index.search({ trainingCode: 'ruwbouw-duaal', postcode, page: 1, pageSize: 20 }).items.map((e) => e.id);

  it('no longer finds a workplace under the postcode it moved from, once that search was asked', () => {
    const index = new RegisterIndex();
    index.upsert(entry);
    expect(search(index, '9000')).toEqual(['r1']);
    index.upsert({ ...entry, address: { postcode: '2000', municipality: 'Antwerpen' }, savedAt: '2026-02-01T09:00:00.000Z' });
    expect(search(index, '9000')).toEqual([]);
    expect(search(index, '2000')).toEqual(['r1']);
  });
});

describe('listing keys', () => {
  it('are equal for copies that list alike, whatever their key order or when they were written', () => {
    const a = { id: 'x', status: 'active', address: { postcode: '9000', municipality: 'Gent' }, savedAt: '1' };
    const b = {
      address: { municipality: 'Gent', postcode: '9000' },
      status: 'active',
      id: 'x',
      decisionDue: undefined,
      savedAt: '2',
    };
    expect(listingKey(a)).toBe(listingKey(b));
    expect(listingKey({ ...a, status: 'suspended' })).not.toBe(listingKey(a));
  });
});

describe('company name keys', () => {
  it('ignore case, accents and repeated spaces', () => {
    expect(nameKey('  Électricité   LEMAÎTRE ')).toBe('electricite lemaitre');
  });
});

describe('private webhook addresses', () => {
  it.each([
    '127.0.0.1',
    '10.1.2.3',
    '172.16.5.4',
    '192.168.1.1',
    '169.254.169.254',
    '::1',
    'fd00::1',
    '::ffff:127.0.0.1',
    '0.0.0.0',
  ])('refuses %s', (ip) => expect(isPrivateAddress(ip)).toBe(true));
  it.each(['93.184.216.34', '2606:2800:220:1::1', '8.8.8.8'])('allows %s', (ip) => expect(isPrivateAddress(ip)).toBe(false));
});
