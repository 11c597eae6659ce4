import { DEFAULT_POLICY } from '../../models/policy';
import type { Recognition } from '../../models/recognition';
import { nextEvent } from '../../models/recognition-schedule';

// What a live recognition waits for: a mentor's training condition is missed once its due day
// has ended in Brussels, not as that day begins in UTC.

const recognition = (dueOn: string): Recognition =>
  ({
    id: 'r1',
    status: 'active',
    validFrom: '2026-12-01',
    validUntil: '2031-12-01',
    validUntilAt: '2031-12-01T10:00:00.000Z',
    renewal: { status: 'approved' },
    conditions: [
      { type: 'mentor-training', mentorId: 'm1', mentorName: 'Jan Peeters', dueOn, remindedAt: '2027-01-01T00:00:00.000Z' },
    ],
  }) as unknown as Recognition;

const missedAt = (dueOn: string) =>
  nextEvent({ recognition: recognition(dueOn), checks: [], nextCheckAt: 0, renewedUntil: '2036-12-01' }, DEFAULT_POLICY);

describe('the moment a training condition is missed', () => {
  it('is the end of its due day in Brussels, in winter and in summer', () => {
    expect(missedAt('2027-03-10')).toMatchObject({ kind: 'condition-missed', at: Date.parse('2027-03-10T23:00:00.000Z') });
    expect(missedAt('2027-07-10')).toMatchObject({ kind: 'condition-missed', at: Date.parse('2027-07-10T22:00:00.000Z') });
  });
});
