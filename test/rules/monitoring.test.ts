import {
  type ApplicationFacts,
  type CheckFacts,
  PROVINCES,
  type RecognitionFacts,
  daysBetween,
  fieldsFilledIn,
  median,
  monitoringCsv,
  monitoringReport,
  monthsOf,
  oneStepRenewals,
  partnershipYear,
  provinceOf,
  yearBounds,
  yearIndicators,
} from '../../models/monitoring';
import { sampleApplication } from '../support/sample-application';

describe('provinces from postcodes', () => {
  it.each([
    ['1000', 'Brussel'],
    ['1299', 'Brussel'],
    ['1300', 'Waals-Brabant'],
    ['1499', 'Waals-Brabant'],
    ['1500', 'Vlaams-Brabant'],
    ['1999', 'Vlaams-Brabant'],
    ['2000', 'Antwerpen'],
    ['2999', 'Antwerpen'],
    ['3000', 'Vlaams-Brabant'],
    ['3499', 'Vlaams-Brabant'],
    ['3500', 'Limburg'],
    ['3999', 'Limburg'],
    ['4000', 'Luik'],
    ['5000', 'Namen'],
    ['6000', 'Henegouwen'],
    ['6599', 'Henegouwen'],
    ['6600', 'Luxemburg'],
    ['6999', 'Luxemburg'],
    ['7000', 'Henegouwen'],
    ['8000', 'West-Vlaanderen'],
    ['9000', 'Oost-Vlaanderen'],
    ['9999', 'Oost-Vlaanderen'],
  ])('%s is in %s', (postcode, province) => {
    expect(provinceOf(postcode)).toBe(province);
  });

  it('knows no province outside the Belgian ranges', () => {
    for (const postcode of ['0999', '999', '10000', 'B-1000', '']) expect(provinceOf(postcode)).toBeUndefined();
  });
});

describe('the burden of an application', () => {
  it('counts the values filled in, documents and notes aside', () => {
    const input = sampleApplication({ documents: [{ kind: 'haccp', name: 'haccp.pdf' }] });
    // enterprise, establishment, name, joint committee, training, capacity (6); address (3);
    // contact (3); one mentor (7); declarations (4).
    expect(fieldsFilledIn(input)).toBe(23);
    expect(fieldsFilledIn({ capacity: 3, message: 'Meer plaatsen', documents: [{ kind: 'a', name: 'b' }] })).toBe(1);
    expect(fieldsFilledIn({ contact: { name: 'An', email: 'an@x.example' }, address: undefined })).toBe(2);
  });

  it('measures days to the thousandth, and takes the median', () => {
    expect(daysBetween('2026-01-01T00:00:00Z', '2026-01-15T12:00:00Z')).toBe(14.5);
    expect(median([])).toBeNull();
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
  });
});

describe('the indicators of a partnership and year', () => {
  const now = new Date('2026-11-28T12:00:00Z');
  const decision = (decidedAt: string) => ({ outcome: 'approved' as const, reasons: [], decidedAt, decidedBy: 'r' });
  const application = (fields: Partial<ApplicationFacts>): ApplicationFacts => ({
    partnershipId: 'bouw',
    status: 'in_review',
    submittedAt: '2026-03-01T10:00:00.000Z',
    infoRequests: [],
    ...fields,
  });
  const applications: ApplicationFacts[] = [
    application({
      status: 'approved',
      decisionDue: '2026-03-15T10:00:00.000Z',
      decision: decision('2026-03-05T10:00:00.000Z'),
      burden: {
        fieldsAsked: 20,
        documentsAsked: 1,
        infoRequests: 0,
        reviewerTouches: 1,
        daysToDecision: 4,
        decidedWithinDeadline: true,
      },
    }),
    application({
      status: 'approved',
      decisionDue: '2026-03-15T10:00:00.000Z',
      decision: decision('2026-03-21T10:00:00.000Z'),
      burden: {
        fieldsAsked: 30,
        documentsAsked: 3,
        infoRequests: 1,
        reviewerTouches: 3,
        daysToDecision: 20,
        decidedWithinDeadline: false,
      },
    }),
    // Recorded before the burden was: its decision's facts come from the dossier's dates.
    application({
      status: 'rejected',
      decisionDue: '2026-03-15T10:00:00.000Z',
      decision: { ...decision('2026-03-11T10:00:00.000Z'), outcome: 'rejected' },
      infoRequests: [{ id: 'i', requestedAt: '', requestedBy: 'r', message: 'm', items: ['x'], dueAt: '' }],
    }),
    application({ status: 'lapsed', burden: { fieldsAsked: 25, documentsAsked: 2, infoRequests: 1, reviewerTouches: 0 } }),
    application({ status: 'withdrawn', submittedAt: '2026-12-31T22:59:59.999Z' }),
    // Another year, another partnership: not counted.
    application({ status: 'approved', submittedAt: '2025-12-31T22:59:59.999Z', decision: decision('2026-01-02T00:00:00Z') }),
    application({ partnershipId: 'horeca' }),
  ];
  const check = (fields: Partial<CheckFacts>): CheckFacts => ({
    partnershipId: 'bouw',
    status: 'closed',
    openedAt: '2026-05-01T00:00:00.000Z',
    ...fields,
  });
  const checks: CheckFacts[] = [
    check({ outcome: 'ok', evaluatedBy: 'system' }),
    check({ outcome: 'ok', evaluatedBy: 'reviewer-1' }),
    check({ outcome: 'improvement-needed', evaluatedBy: 'reviewer-1' }),
    check({ status: 'open' }),
    check({ outcome: 'ok', evaluatedBy: 'system', openedAt: '2025-06-01T00:00:00.000Z' }),
  ];
  const recognition = (fields: Partial<RecognitionFacts>): RecognitionFacts => ({
    partnershipId: 'bouw',
    status: 'active',
    capacity: 2,
    address: { postcode: '9000' },
    history: [{ at: '2025-06-01T00:00:00.000Z', status: 'active' }],
    ...fields,
  });
  const recognitions: RecognitionFacts[] = [
    recognition({
      renewals: [
        { status: 'approved', unchanged: true, oneStep: true, decidedAt: '2026-04-01T00:00:00.000Z', decidedBy: 'system' },
        { status: 'approved', oneStep: false, decidedAt: '2026-05-01T00:00:00.000Z', decidedBy: 'reviewer-1' },
      ],
    }),
    // A one-step renewal recorded before `renewals` was: its current renewal says so.
    recognition({
      capacity: 3,
      address: { postcode: '2000' },
      renewal: { status: 'approved', unchanged: true, decidedAt: '2026-06-01T00:00:00.000Z', decidedBy: 'system' },
    }),
    recognition({
      status: 'suspended',
      capacity: 5,
      history: [
        { at: '2025-06-01T00:00:00.000Z', status: 'active' },
        { at: '2026-07-01T00:00:00.000Z', status: 'suspended' },
      ],
    }),
    recognition({
      status: 'ended',
      history: [
        { at: '2024-01-01T00:00:00.000Z', status: 'active' },
        { at: '2025-03-01T00:00:00.000Z', status: 'ended' },
      ],
    }),
    recognition({ history: [{ at: '2026-02-01T00:00:00.000Z', status: 'active' }], address: { postcode: '1000' } }),
  ];
  const dossiers = { applications, checks, recognitions };

  it('counts the year still running as of now', () => {
    const report = partnershipYear('bouw', 2026, now, dossiers);
    expect(report.applications).toEqual({
      received: 5,
      approved: 2,
      rejected: 1,
      lapsed: 1,
      withdrawn: 1,
      decidedWithinDeadline: 2,
      medianDaysToDecision: 10,
    });
    expect(report.burden).toEqual({
      medianFieldsAsked: 25,
      medianDocumentsAsked: 2,
      infoRequestsPerApplication: 0.6,
      renewalsInOneStep: 2,
    });
    expect(report.qualityChecks).toEqual({ opened: 4, closedWithoutReviewer: 1, improvementNeeded: 1, suspensions: 1 });
    expect(report.recognitions).toEqual({ active: 3, suspended: 1, withdrawn: 0, expired: 0, ended: 1 });
    expect(report.capacity.places).toBe(7);
    expect(report.capacity.occupied).toBe(0);
    expect(report.capacity.byProvince['Oost-Vlaanderen']).toEqual({ places: 2, occupied: 0 });
    expect(report.capacity.byProvince.Antwerpen).toEqual({ places: 3, occupied: 0 });
    expect(report.capacity.byProvince.Brussel).toEqual({ places: 2, occupied: 0 });
    expect(Object.keys(report.capacity.byProvince)).toEqual([...PROVINCES]);
    const { partnershipId: _, ...total } = report;
    const years = { from: 2026, to: 2026 };
    const parsed = monitoringReport.safeParse({ year: 2026, asOf: now.toISOString(), years, partnerships: [report], total });
    expect(parsed.error?.issues ?? []).toEqual([]);
  });

  it('gives the burden by month of submission, up to the month of today in a running year', () => {
    expect(monthsOf(2026, now)).toEqual([...Array(11)].map((_, m) => `2026-${String(m + 1).padStart(2, '0')}`));
    expect(monthsOf(2026, new Date('2026-01-01T00:00:00.000Z'))).toEqual(['2026-01']);
    expect(monthsOf(2025, now)).toHaveLength(12);
    expect(monthsOf(2027, now)).toEqual([]);

    const months = partnershipYear('bouw', 2026, now, dossiers).burdenByMonth;
    expect(months.map((m) => m.month)).toEqual(monthsOf(2026, now));
    // March: the four submitted then (fields 20, 30 and 25 recorded; 0 + 1 + 1 + 1 information requests).
    expect(months[2]).toEqual({
      month: '2026-03',
      received: 4,
      medianFieldsAsked: 25,
      medianDocumentsAsked: 2,
      infoRequestsPerApplication: 0.75,
    });
    const empty = { received: 0, medianFieldsAsked: null, medianDocumentsAsked: null, infoRequestsPerApplication: 0 };
    expect(months[0]).toEqual({ month: '2026-01', ...empty });
    expect(months[10]).toEqual({ month: '2026-11', ...empty });
    // The one of 31 December 2025 counts in that year's last month, by its moment in Brussels.
    const past = partnershipYear('bouw', 2025, now, dossiers).burdenByMonth;
    expect(past).toHaveLength(12);
    expect(past[11]).toEqual({ ...empty, month: '2025-12', received: 1 });
    expect(past.slice(0, 11).every((m) => m.received === 0)).toBe(true);
    expect(partnershipYear('bouw', 2027, now, dossiers).burdenByMonth).toEqual([]);
  });

  it('counts years and months in Brussels: 00:30 there on 1 January is the new year, on 1 July the new month', () => {
    const newYear = application({ submittedAt: '2026-12-31T23:30:00.000Z' });
    const july = application({ submittedAt: '2027-06-30T22:30:00.000Z' });
    const at = new Date('2027-08-01T12:00:00Z');
    const year = (y: number) => partnershipYear('bouw', y, at, { applications: [newYear, july], checks: [], recognitions: [] });
    expect(year(2026).applications.received).toBe(0);
    expect(year(2027).applications.received).toBe(2);
    expect(year(2027).burdenByMonth.map((m) => m.received)).toEqual([1, 0, 0, 0, 0, 0, 1, 0]);
    expect(yearBounds(2026, at)).toEqual({
      start: '2025-12-31T23:00:00.000Z',
      end: '2026-12-31T23:00:00.000Z',
      asOf: '2026-12-31T22:59:59.999Z',
    });
    expect(monthsOf(2027, new Date('2026-12-31T23:00:00.000Z'))).toEqual(['2027-01']);
    expect(monthsOf(2027, new Date('2026-12-31T22:59:59.999Z'))).toEqual([]);
  });

  it("counts the partnerships together over all their dossiers, not from each one's medians", () => {
    const may = (partnershipId: string, fieldsAsked: number, infoRequests = 0) =>
      application({
        partnershipId,
        submittedAt: '2026-05-10T08:00:00.000Z',
        burden: { fieldsAsked, documentsAsked: 1, infoRequests, reviewerTouches: 0 },
      });
    const together = {
      applications: [may('bouw', 10), may('bouw', 20, 1), may('bouw', 30), may('horeca', 40, 1)],
      checks: [check({}), check({ partnershipId: 'horeca' })],
      recognitions: [recognition({}), recognition({ partnershipId: 'horeca', capacity: 4 })],
    };
    // Bouw's median is 20 and horeca's 40; the four together have 25, not 30.
    expect(partnershipYear('bouw', 2026, now, together).burden.medianFieldsAsked).toBe(20);
    expect(partnershipYear('horeca', 2026, now, together).burden.medianFieldsAsked).toBe(40);
    const total = yearIndicators(2026, now, together);
    expect(total.burden).toMatchObject({ medianFieldsAsked: 25, medianDocumentsAsked: 1, infoRequestsPerApplication: 0.5 });
    expect(total.burdenByMonth[4]).toEqual({
      month: '2026-05',
      received: 4,
      medianFieldsAsked: 25,
      medianDocumentsAsked: 1,
      infoRequestsPerApplication: 0.5,
    });
    expect(total.applications.received).toBe(4);
    expect(total.qualityChecks.opened).toBe(2);
    expect(total.capacity.places).toBe(6);
    // One partnership's total is its own figures.
    const { partnershipId: _, ...bouw } = partnershipYear('bouw', 2026, now, dossiers);
    expect(
      yearIndicators(2026, now, { applications: applications.filter((a) => a.partnershipId === 'bouw'), checks, recognitions }),
    ).toEqual(bouw);
  });

  it('counts a past year with the recognitions as they stood at its end', () => {
    const report = partnershipYear('bouw', 2025, now, dossiers);
    expect(report.applications).toMatchObject({ received: 1, approved: 1, decidedWithinDeadline: 0 });
    expect(report.qualityChecks).toEqual({ opened: 1, closedWithoutReviewer: 1, improvementNeeded: 0, suspensions: 0 });
    // The suspended one was active then; the one of 2026 did not exist yet.
    expect(report.recognitions).toEqual({ active: 3, suspended: 0, withdrawn: 0, expired: 0, ended: 1 });
    expect(report.capacity.places).toBe(10);
    expect(report.burden.renewalsInOneStep).toBe(0);
  });

  it('gives zeros and no medians for a partnership without dossiers', () => {
    const report = partnershipYear('horeca', 2024, now, dossiers);
    expect(report.applications).toMatchObject({ received: 0, medianDaysToDecision: null });
    expect(report.burden).toEqual({
      medianFieldsAsked: null,
      medianDocumentsAsked: null,
      infoRequestsPerApplication: 0,
      renewalsInOneStep: 0,
    });
  });

  it('does not count one renewal twice when it is both recorded and current', () => {
    const renewal = { status: 'approved' as const, unchanged: true, decidedAt: '2026-04-01T00:00:00.000Z', decidedBy: 'system' };
    expect(oneStepRenewals({ renewal, renewals: [{ ...renewal, oneStep: true }] })).toEqual(['2026-04-01T00:00:00.000Z']);
    expect(oneStepRenewals({ renewal: { ...renewal, decidedBy: 'reviewer-1' } })).toEqual([]);
  });

  it('writes one CSV row per partnership, its columns named by path, agreeing with the JSON', () => {
    const report = {
      year: 2026,
      asOf: now.toISOString(),
      partnerships: [partnershipYear('bouw', 2026, now, dossiers), partnershipYear('horeca', 2026, now, dossiers)],
    };
    const [header, ...rows] = monitoringCsv(report).trimEnd().split('\r\n');
    const columns = header!.split(',');
    expect(columns.slice(0, 3)).toEqual(['year', 'partnershipId', 'applications.received']);
    expect(columns).toContain('capacity.byProvince.Antwerpen.places');
    expect(columns).toContain('capacity.byProvince.Oost-Vlaanderen.occupied');
    expect(rows).toHaveLength(2);
    // The months stay in the JSON: the same columns in every month of the year.
    expect(columns.filter((column) => column.includes('Month'))).toEqual([]);
    expect(columns).toHaveLength(
      monitoringCsv({ year: 2025, partnerships: [partnershipYear('bouw', 2025, now, dossiers)] })
        .split('\r\n')[0]!
        .split(',').length,
    );
    const bouw = Object.fromEntries(columns.map((column, i) => [column, rows[0]!.split(',')[i]]));
    expect(bouw).toMatchObject({
      year: '2026',
      partnershipId: 'bouw',
      'applications.received': '5',
      'applications.medianDaysToDecision': '10',
      'burden.infoRequestsPerApplication': '0.6',
      'capacity.byProvince.Antwerpen.places': '3',
    });
    const horeca = Object.fromEntries(columns.map((column, i) => [column, rows[1]!.split(',')[i]]));
    expect(horeca['applications.medianDaysToDecision']).toBe('');
    // Without partnerships, still the header.
    expect(monitoringCsv({ ...report, partnerships: [] }).split('\r\n')[0]).toBe(header);
  });
});
