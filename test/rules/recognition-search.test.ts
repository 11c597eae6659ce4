import { attentionFields, matchesSearch, overviewOrder } from '../../models/recognition-search';

// The overview's pure rules: what a search matches, what needs attention, the order.

const entry = { companyName: 'Bouwbedrijf Éclair  & Zonen', enterpriseNumber: '0403170701', establishmentNumber: '2123456791' };

test('a search matches the name in any case, with or without accents, or the digits of either number', () => {
  for (const q of ['eclair', 'ÉCLAIR', 'bouwbedrijf éclair', 'Éclair & zonen', 'zonen'])
    expect([q, matchesSearch(entry, q)]).toEqual([q, true]);
  for (const q of ['0403.170.701', 'BE 0403170701', '403170', '2.123.456.791', '456 791'])
    expect([q, matchesSearch(entry, q)]).toEqual([q, true]);
  for (const q of ['eclairs', '0403.170.702', '12', ' ', 'Brasserie']) expect([q, matchesSearch(entry, q)]).toEqual([q, false]);
});

test('a condition missed and not met needs attention, from its earliest due date; a parked one since when', () => {
  const missed = (dueOn: string, metOn?: string) => ({
    type: 'mentor-training' as const,
    mentorName: 'Jan',
    dueOn,
    missedAt: `${dueOn}T23:00:00.000Z`,
    ...(metOn ? { metOn } : {}),
  });
  expect(attentionFields({ status: 'active', conditions: [] })).toEqual({});
  expect(
    attentionFields({
      status: 'active',
      conditions: [missed('2026-03-01', '2026-03-05'), { ...missed('2026-01-01'), missedAt: undefined }],
    }),
  ).toEqual({});
  expect(attentionFields({ status: 'active', conditions: [missed('2026-05-01'), missed('2026-02-01')] })).toEqual({
    missedDueOn: '2026-02-01',
  });
  // Once the recognition ended, a missed condition needs no follow-up; while suspended it does.
  expect(attentionFields({ status: 'ended', conditions: [missed('2026-02-01')] })).toEqual({});
  expect(attentionFields({ status: 'suspended', conditions: [missed('2026-02-01')] })).toEqual({ missedDueOn: '2026-02-01' });
  expect(
    attentionFields({ status: 'active', conditions: [], attention: { reason: 'x', since: '2026-01-02T00:00:00.000Z' } }),
  ).toEqual({
    parkedSince: '2026-01-02T00:00:00.000Z',
  });
});

test('the overview is newest first, the nearest end first when expiring, the oldest missed first; then by name and id', () => {
  const a = { id: 'a', companyName: 'B', validFrom: '2025-01-01', validUntil: '2030-01-01', missedDueOn: '2026-02-01' };
  const b = { id: 'b', companyName: 'A', validFrom: '2024-01-01', validUntil: '2029-01-01', missedDueOn: '2026-01-01' };
  const c = { id: 'c', companyName: 'A', validFrom: '2024-01-01', validUntil: '2029-01-01', missedDueOn: '2026-01-01' };
  const ids = (order: ReturnType<typeof overviewOrder>) => [c, b, a].sort(order).map((e) => e.id);
  expect(ids(overviewOrder({}))).toEqual(['a', 'b', 'c']);
  expect(ids(overviewOrder({ expiringBefore: '2031-01-01' }))).toEqual(['b', 'c', 'a']);
  expect(ids(overviewOrder({ attention: 'condition-missed' }))).toEqual(['b', 'c', 'a']);
});
