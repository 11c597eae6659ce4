import { addToDate } from '../models/dates';
import { sampleApplicationBody } from './support/sample-application';
import { suiteStack } from './support/stack';
import { COMPANY, SCHOOL, reviewerOf } from './support/people';

// The API tells today by its clock, as a day in Brussels: at 00:30 there UTC still counts the
// day before, an hour (winter) or two (summer) behind. The API's clock is set to such a moment;
// the workflows run on the real one, so the moment is a recent one and the sample's dates hold
// for both.

const principals = { company: COMPANY, reviewer: reviewerOf('bouw'), school: SCHOOL };

/** The latest of these moments of a year (month, day and UTC time) that has passed. */
function latest(moments: string[]): Date {
  const year = new Date().getUTCFullYear();
  const passed = [year - 1, year].flatMap((y) => moments.map((m) => Date.parse(`${y}-${m}`))).filter((t) => t <= Date.now());
  return new Date(Math.max(...passed));
}

// 00:30 in Brussels on the 16th, in months wholly of winter time (UTC+1) or of summer time (UTC+2).
const WINTER = latest(['11-15T23:30:00Z', '12-15T23:30:00Z', '01-15T23:30:00Z', '02-15T23:30:00Z']);
const SUMMER = latest(['04-15T22:30:00Z', '05-15T22:30:00Z', '06-15T22:30:00Z', '07-15T22:30:00Z', '08-15T22:30:00Z']);

describe('days in Brussels at 00:30 there (dev server, FerretDB)', () => {
  let clock = new Date();
  const stack = suiteStack(principals, { now: () => clock, limits: { incidentReportsPerSchoolPerDay: 1 } });
  const { call, tokens } = stack;

  it.each([
    ['winter', WINTER],
    ['summer', SUMMER],
  ])('takes today in %s as the day in Brussels: visits, mandates and the incident quota', async (_season, moment) => {
    clock = moment;
    const utcDay = moment.toISOString().slice(0, 10);
    const today = addToDate(utcDay, 'P1D');

    const submitted = await call('company', 'POST', '/api/v1/applications', sampleApplicationBody({}, moment));
    expect(submitted.body.status).toBe('in_review');
    const id = submitted.body.id as string;

    // A visit of today is recorded; one of tomorrow has not happened yet.
    const visit = (visitedOn: string) =>
      call('reviewer', 'POST', `/api/v1/applications/${id}/visit`, { visitedOn, checklist: { 'werkplek veilig': true } });
    const tomorrow = await visit(addToDate(today, 'P1D'));
    expect(tomorrow.status).toBe(400);
    expect(tomorrow.body.errors).toEqual([
      { path: 'visitedOn', message: 'a visit cannot be recorded before it happened', code: 'visit-in-future', params: {} },
    ]);
    expect((await visit(today)).status).toBe(200);

    // A mandate may run until today, not until the day before (which UTC still calls today).
    const mandate = (validUntil: string) => call('company', 'POST', '/api/v1/mandates', { schoolId: 'school-1', validUntil });
    expect((await mandate(utcDay)).body.errors).toEqual([
      { path: 'validUntil', message: 'must be today or later', code: 'today-or-later', params: {} },
    ]);
    expect((await mandate(today)).status).toBe(201);

    // One incident report a day: the next one may come at midnight in Brussels, 23.5 hours on.
    const decided = await call('reviewer', 'POST', `/api/v1/applications/${id}/decision`, { outcome: 'approved', reasons: [] });
    const report = () =>
      fetch(`${stack.baseUrl}/api/v1/recognitions/${decided.body.recognitionId}/incidents`, {
        method: 'POST',
        headers: { authorization: `Bearer ${tokens.school}`, 'content-type': 'application/json' },
        body: JSON.stringify({ description: 'Leerling zonder begeleiding' }),
      });
    expect((await report()).status).toBe(201);
    const refused = await report();
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe(String(23.5 * 3600));
  });
});
