import { dayInBrussels } from '../models/dates';
import { policyOfSeconds, sampleApplicationBody } from './support/sample-application';
import { type Json, eventually, suiteStack } from './support/stack';
import { ADMIN, COMPANY, SCHOOL, coordinatorOf, reviewerOf } from './support/people';

// Monitoring with known numbers: a scenario on the dev server with a policy of seconds, and the
// exact indicators it must give for its partnership and year, in JSON and CSV alike.

const POLICY = policyOfSeconds({
  // Long enough that the steps meant to be on time are, on a loaded machine too.
  decisionDeadline: 'PT20S',
  infoRequestDeadline: 'PT10S',
  validity: 'P1Y',
  renewalNotice: 'P3M',
  qualityCheckInterval: 'P1Y',
});

/** The CSV's rows as objects keyed by its header. */
function parseCsv(text: string): Array<Record<string, string>> {
  const [header, ...rows] = text.trimEnd().split('\r\n');
  const columns = header!.split(',');
  return rows.map((row) => Object.fromEntries(row.split(',').map((cell, i) => [columns[i]!, cell])));
}

/** The JSON entry flattened as the CSV names its columns, each value as the CSV writes it (the months are JSON only). */
function flatten(value: unknown, prefix = '', into: Record<string, string> = {}): Record<string, string> {
  if (Array.isArray(value)) return into;
  if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) flatten(inner, prefix ? `${prefix}.${key}` : key, into);
  } else into[prefix] = value === null ? '' : String(value);
  return into;
}

describe('monitoring per partnership and year (dev server, FerretDB)', () => {
  const stack = suiteStack({
    company: COMPANY,
    reviewer: reviewerOf('bouw'),
    coordinator: coordinatorOf('bouw'),
    otherReviewer: reviewerOf('horeca'),
    school: SCHOOL,
    admin: ADMIN,
  });
  const { call, tokens } = stack;
  const year = new Date().getUTCFullYear();

  const apply = async (overrides: Record<string, unknown> = {}) => {
    const answer = await call('company', 'POST', '/api/v1/applications', sampleApplicationBody(overrides));
    expect(answer.body).toMatchObject({ status: 'in_review', partnershipId: 'bouw' });
    return answer.body.id as string;
  };
  const application = async (id: string) => (await call('company', 'GET', `/api/v1/applications/${id}`)).body;
  const approve = async (id: string) => {
    const decided = await call('reviewer', 'POST', `/api/v1/applications/${id}/decision`, {
      outcome: 'approved',
      reasons: ['In orde'],
    });
    expect(decided.body.status).toBe('approved');
    return decided.body.recognitionId as string;
  };
  const incidentCheck = async (recognitionId: string) => {
    expect(
      (await call('school', 'POST', `/api/v1/recognitions/${recognitionId}/incidents`, { description: 'Geen mentor' })).status,
    ).toBe(201);
    return eventually(async () => {
      const open = (await call('company', 'GET', `/api/v1/quality-checks?recognitionId=${recognitionId}&status=open`)).body;
      return (open as Json[])[0];
    });
  };
  const answer = (check: Json, ok: (id: string) => boolean) =>
    call('company', 'POST', `/api/v1/quality-checks/${check.id}/answers`, {
      answers: check.questions.map((q: Json) => ({ id: q.id, ok: ok(q.id) })),
    });

  /** The known year: four applications of bouw and two checks, each dossier's burden as its steps happened. */
  async function knownYear() {
    expect((await call('admin', 'PUT', '/api/v1/partnerships/bouw/policy', POLICY)).status).toBe(200);

    // A: visited and approved at once, within the deadline. B (in Antwerpen): approved once overdue.
    const a = await apply();
    const b = await apply({ address: { street: 'Meir 1', postcode: '2000', municipality: 'Antwerpen' } });
    expect(
      (
        await call('reviewer', 'POST', `/api/v1/applications/${a}/visit`, {
          visitedOn: dayInBrussels(new Date()),
          checklist: { veiligheid: true },
        })
      ).status,
    ).toBe(200);
    const recognitionA = await approve(a);

    // C: an information request, answered at once by a supplement. D: one left to lapse.
    const c = await apply();
    const d = await apply();
    for (const id of [c, d]) {
      const asked = await call('reviewer', 'POST', `/api/v1/applications/${id}/info-requests`, {
        message: 'Stuur een foto van de werkplek',
        items: ['foto werkplek'],
      });
      expect(asked.body.status).toBe('info_requested');
    }
    const supplemented = await call('company', 'POST', `/api/v1/applications/${c}/supplements`, {
      capacity: 3,
      message: 'Foto volgt per post; wij bieden drie plaatsen',
    });
    expect(supplemented.status).toBe(200);
    await eventually(async () => ((await application(d)).status === 'lapsed' ? true : undefined), 30_000);
    await eventually(async () => ((await application(b)).overdue ? true : undefined), 40_000);
    const recognitionB = await approve(b);

    // What each dossier recorded as its steps happened.
    expect((await application(a)).burden).toMatchObject({
      fieldsAsked: 23,
      documentsAsked: 0,
      infoRequests: 0,
      reviewerTouches: 2,
      decidedWithinDeadline: true,
    });
    expect((await application(b)).burden).toMatchObject({ reviewerTouches: 1, decidedWithinDeadline: false });
    expect((await application(c)).burden).toEqual({ fieldsAsked: 24, documentsAsked: 1, infoRequests: 1, reviewerTouches: 1 });
    expect((await application(d)).burden).toEqual({ fieldsAsked: 23, documentsAsked: 1, infoRequests: 1, reviewerTouches: 1 });

    // A green check (all ok: closed without a reviewer), then a renewal in one step; a red one on B.
    const green = await incidentCheck(recognitionA);
    expect((await answer(green, () => true)).body).toMatchObject({ status: 'closed', outcome: 'ok' });
    const renewed = await call('company', 'POST', `/api/v1/recognitions/${recognitionA}/renewal`, { unchanged: true });
    expect(renewed.body.renewal).toMatchObject({ status: 'approved', oneStep: true });
    expect(renewed.body.renewals).toMatchObject([{ status: 'approved', oneStep: true, decidedBy: 'system' }]);
    const red = await incidentCheck(recognitionB);
    expect((await answer(red, (id) => id !== 'safety')).body.status).toBe('answered');
    const evaluated = await call('reviewer', 'POST', `/api/v1/quality-checks/${red.id}/evaluation`, {
      outcome: 'improvement-needed',
      notes: 'Veiligheid verbeteren',
    });
    expect(evaluated.body).toMatchObject({ status: 'closed', outcome: 'improvement-needed' });
  }

  /** Bouw's figures of the year, as its reviewer reads them once the read models have them. */
  async function bouwFigures() {
    const expected = {
      partnershipId: 'bouw',
      applications: {
        received: 4,
        approved: 2,
        rejected: 0,
        lapsed: 1,
        withdrawn: 0,
        decidedWithinDeadline: 1,
        medianDaysToDecision: 0,
      },
      burden: { medianFieldsAsked: 23, medianDocumentsAsked: 0.5, infoRequestsPerApplication: 0.5, renewalsInOneStep: 1 },
      qualityChecks: { opened: 2, closedWithoutReviewer: 1, improvementNeeded: 1, suspensions: 0 },
      recognitions: { active: 2, suspended: 0, withdrawn: 0, expired: 0, ended: 0 },
      capacity: { places: 4, occupied: 0 },
    };
    const path = `/api/v1/monitoring?year=${year}&partnershipId=bouw`;
    // The read models take the workflows' writes within a second; the figures are kept a few seconds.
    const report = await eventually(async () => {
      const found = (await call('reviewer', 'GET', path)).body;
      const bouw = found.partnerships?.[0];
      return JSON.stringify(bouw?.qualityChecks) === JSON.stringify(expected.qualityChecks) ? found : undefined;
    }, 20_000);
    expect(report).toMatchObject({ year, partnerships: [expected] });
    const bouw = report.partnerships[0] as Json;
    expect(bouw.capacity.byProvince).toMatchObject({
      'Oost-Vlaanderen': { places: 2, occupied: 0 },
      Antwerpen: { places: 2, occupied: 0 },
      Brussel: { places: 0, occupied: 0 },
    });
    expect(Object.keys(bouw.capacity.byProvince)).toHaveLength(11);
    // By month: every application of the scenario was submitted this month, the months before it hold none.
    const thisMonth = new Date().toISOString().slice(0, 7);
    expect(bouw.burdenByMonth).toHaveLength(new Date().getUTCMonth() + 1);
    expect(bouw.burdenByMonth.at(-1)).toEqual({
      month: thisMonth,
      received: 4,
      medianFieldsAsked: 23,
      medianDocumentsAsked: 0.5,
      infoRequestsPerApplication: 0.5,
    });
    expect(bouw.burdenByMonth.slice(0, -1).every((m: Json) => m.received === 0 && m.medianFieldsAsked === null)).toBe(true);
    // One partnership's total is its own figures.
    const { partnershipId: _, ...ownTotal } = bouw;
    expect(report.total).toEqual(ownTotal);
    return { bouw, path };
  }

  /** Who else reads the figures, in JSON and as CSV, and who may not. */
  async function othersRead(bouw: Json, path: string) {
    // The admin sees every partnership, bouw among them with the same figures; the coordinator bouw's.
    const all = (await call('admin', 'GET', `/api/v1/monitoring?year=${year}`)).body;
    expect(all.partnerships.length).toBeGreaterThan(1);
    expect(all.partnerships.find((p: Json) => p.partnershipId === 'bouw')).toEqual(bouw);
    expect(all.partnerships.find((p: Json) => p.partnershipId === 'horeca').applications.received).toBe(0);
    // All together: only bouw has applications, so the same burden; the places of all partnerships.
    expect(all.total.burdenByMonth).toEqual(bouw.burdenByMonth);
    expect(all.total.capacity.places).toBe(all.partnerships.reduce((sum: number, p: Json) => sum + p.capacity.places, 0));
    expect((await call('coordinator', 'GET', `/api/v1/monitoring?year=${year}`)).body.partnerships).toEqual([bouw]);

    // CSV: one row per partnership, the same figures as the JSON.
    const csv = await fetch(`${stack.baseUrl}/api/v1/monitoring?year=${year}`, {
      headers: { authorization: `Bearer ${tokens.admin}`, accept: 'text/csv' },
    });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const rows = parseCsv(await csv.text());
    expect(rows.map((row) => row.partnershipId)).toEqual(all.partnerships.map((p: Json) => p.partnershipId));
    const bouwRow = rows.find((row) => row.partnershipId === 'bouw')!;
    expect(bouwRow).toEqual(flatten({ year, ...bouw }));
    expect(bouwRow).toMatchObject({ 'applications.received': '4', 'capacity.byProvince.Antwerpen.places': '2' });

    // Another partnership's reviewer: not bouw's figures, only its own.
    expect((await call('otherReviewer', 'GET', path)).status).toBe(404);
    const own = (await call('otherReviewer', 'GET', `/api/v1/monitoring?year=${year}`)).body;
    expect(own.partnerships.map((p: Json) => p.partnershipId)).toEqual(['horeca']);
    expect(own.partnerships[0].applications.received).toBe(0);

    // Refused: a company, and a year that is not one.
    expect((await call('company', 'GET', `/api/v1/monitoring?year=${year}`)).status).toBe(403);
    expect((await call('admin', 'GET', '/api/v1/monitoring?year=26')).status).toBe(400);
    expect((await call('admin', 'GET', `/api/v1/monitoring?year=${year}&partnershipId=nope`)).status).toBe(404);
    // A year before any dossier has data is refused, naming the field and the years there are.
    const past = await call('reviewer', 'GET', `/api/v1/monitoring?year=${year - 1}`);
    expect(past.status).toBe(400);
    expect(past.body.errors).toEqual([
      {
        path: 'year',
        message: `must be a year with data: ${year} to ${year}`,
        code: 'year-without-data',
        params: { from: year, to: year },
      },
    ]);
  }

  it('gives the exact indicators of a known year, in JSON and CSV, to whom may see them', async () => {
    await knownYear();
    const { bouw, path } = await bouwFigures();
    await othersRead(bouw, path);
  }, 120_000);
});
