import { placementYear } from '../../models/monitoring-placements';
import {
  type MentorsAt,
  eraseFromPlacement,
  inPlacement,
  needlesOf,
  noteMentorsAt,
  personInput,
} from '../../models/personal-data';
import {
  feedbackLinksExpiredBefore,
  placementKeptOnRequest,
  placementPseudonymiseAt,
  placementRetentionDue,
  pseudonymisePlacement,
  searchingLearnersGoneBefore,
} from '../../models/placement-retention';
import { ERASED } from '../../models/retention';

// A placement's personal data as rules: when it is due, what pseudonymising takes and keeps
// (monitoring's figures the same), and how a mentor's erasure request reaches it. The schedule
// and the dossiers' rules: test/rules/retention.test.ts.

const jan = { firstName: 'Jan', lastName: 'Peeters', birthDate: '1980-05-12' };

describe('placements', () => {
  const placement = {
    id: 'p1',
    recognitionId: 'r1',
    companyName: 'Bouwbedrijf Janssens',
    trainingCode: 'ruwbouw-duaal',
    schoolId: 'school-1',
    learnerReference: 'LL-0042',
    startsOn: '2026-02-01',
    endsOn: '2026-06-30',
    agreementType: 'dual' as const,
    trainingPlan: { activities: ['metselen'] },
    status: 'terminated' as const,
    answerDue: '2026-01-20T09:00:00.000Z',
    answeredAt: '2026-01-10T09:00:00.000Z',
    mentor: { id: 'm1', firstName: 'Jan', lastName: 'Peeters' },
    endedOn: '2026-05-15',
    termination: { reason: 'conflict' as const, note: 'Jan Peeters en de leerling botsten', by: 'company' as const },
    createdAt: '2026-01-06T09:00:00.000Z',
  };

  it('pseudonymises a placement a year after it ended: its answer, its expiry or its last day; never while it runs', () => {
    expect(placementPseudonymiseAt(placement)).toBe('2027-05-14T22:00:00.000Z');
    expect(placementRetentionDue(placement, new Date('2027-05-14T21:59:59Z'))).toBe(false);
    expect(placementRetentionDue(placement, new Date('2027-05-14T22:00:00Z'))).toBe(true);
    expect(placementRetentionDue({ ...placement, pseudonymisedAt: 'x' }, new Date('2030-01-01T00:00:00Z'))).toBe(false);
    expect(placementPseudonymiseAt({ ...placement, status: 'declined' })).toBe('2027-01-10T09:00:00.000Z');
    expect(placementPseudonymiseAt({ ...placement, status: 'expired', answeredAt: undefined })).toBe('2027-01-20T09:00:00.000Z');
    for (const status of ['proposed', 'active'] as const)
      expect(placementPseudonymiseAt({ ...placement, status })).toBeUndefined();
  });

  it('takes the mentor’s name and the free texts out, and leaves monitoring the same figures', () => {
    const declined = { ...placement, id: 'p2', status: 'declined' as const, declineReason: 'Jan Peeters is ziek' };
    const feedback = [
      { answers: { guidance: 4, learning: 3, safety: 4, atmosphere: 2, recommend: 3 }, at: '2026-05-01T00:00:00Z' },
    ];
    const before = { placements: [placement, declined], recognitions: [], learners: [], feedback };
    const at = '2027-06-01T01:30:00.000Z';
    const after = { ...before, placements: before.placements.map((p) => pseudonymisePlacement(p, at)) };
    const now = new Date('2027-06-01T00:00:00Z');
    expect(placementYear(2026, now, after)).toEqual(placementYear(2026, now, before));
    expect(JSON.stringify(after.placements)).not.toMatch(/Peeters|botsten|ziek|m1/);
    expect(after.placements[0]).toEqual({
      ...placement,
      mentor: { firstName: ERASED, lastName: ERASED },
      termination: { reason: 'conflict', by: 'company' },
      pseudonymisedAt: at,
    });
    expect(after.placements[1]).not.toHaveProperty('declineReason');
  });

  it('deletes feedback links a week after they expired, and learners placed or deleted before last year began', () => {
    const now = new Date('2027-03-01T03:30:00Z');
    expect(feedbackLinksExpiredBefore(now).toISOString()).toBe('2027-02-22T03:30:00.000Z');
    // 1 January 2026 in Brussels: last year's demand (placed in 2026) still needs those placed since.
    expect(searchingLearnersGoneBefore(now).toISOString()).toBe('2025-12-31T23:00:00.000Z');
    const learners = [
      { postcode: '9000', since: '2025-09-01', createdAt: '2025-09-01T08:00:00Z', placedAt: '2025-12-20T10:00:00Z' },
      { postcode: '9000', since: '2025-10-01', createdAt: '2025-10-01T08:00:00Z', placedAt: '2026-01-03T10:00:00Z' },
      { postcode: '2000', since: '2026-11-01', createdAt: '2026-11-01T08:00:00Z' },
    ];
    const kept = learners.filter((l) => !l.placedAt || l.placedAt >= searchingLearnersGoneBefore(now).toISOString());
    expect(kept).toHaveLength(2);
    const figures = (list: typeof learners) => (year: number) =>
      placementYear(year, now, { placements: [], recognitions: [], learners: list, feedback: [] }).demand;
    for (const year of [2026, 2027]) expect(figures(kept)(year)).toEqual(figures(learners)(year));
  });

  it('finds a mentor on a placement through the recognition that has them with their birth date, and erases them once it ended', () => {
    const person = personInput.parse(jan);
    const needles = needlesOf(person);
    const mentorsAt: MentorsAt = new Map();
    noteMentorsAt(mentorsAt, 'r1', [{ id: 'm1', ...jan }]);
    expect(inPlacement(placement, [], mentorsAt, needles).roles).toEqual(['mentor']);
    // A namesake at another workplace is someone else; a text that names them is about them.
    expect(inPlacement({ ...placement, recognitionId: 'r2' }, [], mentorsAt, needles).roles).toEqual(['named']);
    expect(inPlacement({ ...placement, recognitionId: 'r2', termination: undefined }, [], new Map(), needles).roles).toEqual([]);
    expect(placementKeptOnRequest({ status: 'active' })).toEqual({ reason: 'placement-running' });
    expect(placementKeptOnRequest(placement)).toBeUndefined();
    const erased = eraseFromPlacement(placement, ['mentor'], needles, 'x');
    expect(erased).toMatchObject({
      mentor: { firstName: ERASED, lastName: ERASED },
      termination: { reason: 'conflict', note: `${ERASED} en de leerling botsten` },
      learnerReference: 'LL-0042',
      erasures: [{ at: 'x', roles: ['mentor'] }],
    });
  });
});
