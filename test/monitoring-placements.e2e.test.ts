import { randomUUID } from 'node:crypto';
import { PROVINCES } from '../models/monitoring';
import type { Recognition } from '../models/recognition';
import { learnerFeedbackModel } from '../store/learner-feedback';
import { loadRecognitions } from '../store/recognitions';
import { PLACEMENT_PARTIES, SAMPLE_MENTOR } from './support/people';
import { SAMPLE_ENTERPRISE, daysFromToday } from './support/sample-application';
import { registerKnows, sampleRecognition } from './support/sample-recognition';
import { type Json, eventually, suiteStack } from './support/stack';

// Learners still searching for a workplace, and monitoring's figures of placement agreements
// (contract v3): a partnership's year played with known numbers over HTTP (the learners'
// feedback written straight into the store, as its API is not there yet), then read as JSON
// and as the CSV row.

describe('searching learners and monitoring of placements (dev server, FerretDB)', () => {
  const stack = suiteStack(PLACEMENT_PARTIES);
  const { call } = stack;
  const today = daysFromToday(0);
  const year = today.slice(0, 4);

  const register = (as: string, body: Json) => call(as, 'POST', '/api/v1/searching-learners', body);
  /** A learner of a training of another partnership than the scenario's (bouw), so its figures stay as they are. */
  const elsewhere = (extra: Json = {}) => ({
    learnerReference: `LL-${randomUUID().slice(0, 8)}`,
    trainingCode: 'keuken-duaal',
    postcode: '9000',
    since: daysFromToday(-7),
    ...extra,
  });

  it('a school registers, lists and deletes its own searching learners; the same learner twice is one', async () => {
    const body = elsewhere();
    const first = await register('school', body);
    expect(first.status).toBe(201);
    expect(first.body).toEqual({ id: expect.any(String), ...body, status: 'searching', createdAt: expect.any(String) });
    const again = await register('school', { ...body, postcode: '2000' });
    expect([again.status, again.body.id]).toEqual([200, first.body.id]);
    // The same code at another school is that school's learner.
    expect((await register('otherSchool', body)).status).toBe(201);

    const later = (await register('school', elsewhere())).body;
    const listed = (await call('school', 'GET', '/api/v1/searching-learners')).body as Json[];
    expect(listed.map((l) => l.id)).toEqual([later.id, first.body.id]);
    expect((await call('school', 'GET', '/api/v1/searching-learners?status=placed')).body).toEqual([]);
    expect((await call('school', 'GET', '/api/v1/searching-learners?limit=1001')).status).toBe(400);

    expect((await call('otherSchool', 'DELETE', `/api/v1/searching-learners/${first.body.id}`)).status).toBe(404);
    expect((await call('school', 'DELETE', `/api/v1/searching-learners/${first.body.id}`)).status).toBe(204);
    expect((await call('school', 'DELETE', `/api/v1/searching-learners/${first.body.id}`)).status).toBe(404);
    // Deleted, the code may be registered anew.
    expect((await register('school', body)).status).toBe(201);
  });

  it('refuses a national number, an unknown training, a day to come and a foreign postcode', async () => {
    const refused = async (body: Json) => {
      const answer = await register('school', body);
      return [answer.status, answer.body.errors?.[0]?.path, answer.body.errors?.[0]?.code];
    };
    expect(await refused(elsewhere({ learnerReference: '85.07.30-033.28' }))).toEqual([
      400,
      'learnerReference',
      'national-number',
    ]);
    expect(await refused(elsewhere({ trainingCode: 'zwemmen' }))).toEqual([400, 'trainingCode', 'unknown-training']);
    expect(await refused(elsewhere({ since: daysFromToday(1) }))).toEqual([400, 'since', 'since-in-future']);
    expect(await refused(elsewhere({ postcode: '75001' }))).toEqual([400, 'postcode', 'postcode']);
    expect((await call('company', 'POST', '/api/v1/searching-learners', elsewhere())).status).toBe(403);
  });

  /** A recognition of bouw's training (ruwbouw-duaal) with `capacity` places at `postcode`, known to the register. */
  async function workplace(capacity: number, postcode: string): Promise<Recognition> {
    const base = sampleRecognition({ capacity });
    const recognition = { ...base, address: { ...base.address, postcode } };
    await loadRecognitions(stack.db, [recognition]);
    await registerKnows(call, 'school', recognition);
    return recognition;
  }

  const propose = async (recognitionId: string, learnerReference = `LL-${randomUUID().slice(0, 8)}`) => {
    const answer = await call('school', 'POST', '/api/v1/placements', { recognitionId, learnerReference, startsOn: today });
    expect(answer.status).toBe(201);
    return answer.body.id as string;
  };
  const accept = async (id: string) =>
    expect((await call('company', 'POST', `/api/v1/placements/${id}/acceptance`, { mentor: SAMPLE_MENTOR })).status).toBe(200);
  const terminate = async (id: string, reason: string) =>
    expect((await call('school', 'POST', `/api/v1/placements/${id}/termination`, { endedOn: today, reason })).status).toBe(200);
  const learner = async (learnerReference: string, postcode: string, since: string, trainingCode = 'ruwbouw-duaal') => {
    const answer = await register('school', { learnerReference, trainingCode, postcode, since });
    expect(answer.status).toBe(201);
    return answer.body.id as string;
  };

  it('counts a partnership’s placements, learners’ feedback and demand of the year, as JSON and as its CSV row', async () => {
    // Four workplaces of bouw: Gent (3 places), Antwerpen (2), Hasselt (1, never used), Brugge (2, only declined).
    const gent = await workplace(3, '9000');
    const antwerpen = await workplace(2, '2000');
    await workplace(1, '3500');
    const brugge = await workplace(2, '8000');

    // Six learners searching: two will be placed, one deleted, one is of another partnership's training.
    await learner('ZOEK-1', '9000', daysFromToday(-10));
    await learner('ZOEK-2', '9050', daysFromToday(-20));
    await learner('ZOEK-3', '2000', daysFromToday(-5));
    await learner('ZOEK-4', '2018', daysFromToday(-3));
    const deleted = await learner('ZOEK-5', '1000', daysFromToday(-2));
    await learner('ZOEK-6', '9000', daysFromToday(-2), 'keuken-duaal');
    expect((await call('school', 'DELETE', `/api/v1/searching-learners/${deleted}`)).status).toBe(204);

    // Five placements: one running, two terminated, one declined, one still proposed.
    const running = await propose(gent.id, 'ZOEK-1');
    await accept(running);
    const leftByChoice = await propose(gent.id, 'ZOEK-2');
    await accept(leftByChoice);
    await terminate(leftByChoice, 'learner-choice');
    const inConflict = await propose(antwerpen.id);
    await accept(inConflict);
    await terminate(inConflict, 'conflict');
    const declined = await propose(brugge.id);
    expect((await call('company', 'POST', `/api/v1/placements/${declined}/decline`, { reason: 'Geen mentor vrij' })).status).toBe(
      200,
    );
    await propose(antwerpen.id);

    // ZOEK-1 and ZOEK-2 are placed by their accepted placements, their slot given back.
    const placed = await eventually(async () => {
      const list = (await call('school', 'GET', '/api/v1/searching-learners?status=placed')).body as Json[];
      return list.length === 2 ? list : undefined;
    });
    expect(placed.map((l) => [l.learnerReference, l.placementId])).toEqual([
      ['ZOEK-2', leftByChoice],
      ['ZOEK-1', running],
    ]);
    expect(placed[1]!.placedAt).toEqual(expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/));

    // Feedback on the three placements that ran: (20 + 15 + 15) / 15 answers = 3.33.
    const feedback = learnerFeedbackModel(stack.db);
    const answers = (values: number[]) => ({
      guidance: values[0]!,
      learning: values[1]!,
      safety: values[2]!,
      atmosphere: values[3]!,
      recommend: values[4]!,
    });
    const given = (placementId: string, recognitionId: string, values: number[], at = new Date().toISOString()) => ({
      _id: placementId,
      recognitionId,
      partnershipId: 'bouw',
      enterpriseNumber: SAMPLE_ENTERPRISE,
      schoolId: 'school-1',
      answers: answers(values),
      average: values.reduce((a, b) => a + b, 0) / values.length,
      via: 'school' as const,
      at,
    });
    await feedback.collection.insertMany([
      given(running, gent.id, [4, 4, 4, 4, 4]),
      given(leftByChoice, gent.id, [3, 3, 3, 3, 3]),
      given(inConflict, antwerpen.id, [2, 3, 3, 4, 3]),
    ] as never[]);

    const expected = {
      partnershipId: 'bouw',
      placements: {
        proposed: 1,
        active: 1,
        declined: 1,
        expired: 0,
        ended: 0,
        terminated: 2,
        terminatedByReason: {
          'learner-left-school': 0,
          'learner-choice': 1,
          'company-choice': 0,
          conflict: 1,
          'workplace-not-recognised': 0,
          other: 0,
        },
        unusedRecognitions: 2,
      },
      learnerFeedback: { answers: 3, average: 3.33 },
      demand: {
        searching: 2,
        medianDaysToPlacement: 15,
        byProvince: {
          ...Object.fromEntries(PROVINCES.map((p) => [p, { searching: 0, freePlaces: 0 }])),
          'Oost-Vlaanderen': { searching: 0, freePlaces: 2 },
          Antwerpen: { searching: 2, freePlaces: 1 },
          Limburg: { searching: 0, freePlaces: 1 },
          'West-Vlaanderen': { searching: 0, freePlaces: 2 },
        },
      },
    };
    // The workers' writes reach the read models within a second, and a year's facts are kept five.
    const bouw = async () => (await call('reviewer', 'GET', `/api/v1/monitoring?year=${year}`)).body.partnerships[0] as Json;
    const counted = (figures: Json) => JSON.stringify(pick(figures)) === JSON.stringify(pick(expected));
    await eventually(async () => (counted(await bouw()) ? true : undefined), 30_000).catch(() => undefined);
    const report = (await call('reviewer', 'GET', `/api/v1/monitoring?year=${year}`)).body;
    expect(report.partnerships[0]).toMatchObject(expected);
    // One partnership's total is its own figures.
    const { partnershipId: _, ...own } = expected;
    expect(report.total).toMatchObject(own);

    const csv = await fetch(`${stack.baseUrl}/api/v1/monitoring?year=${year}`, {
      headers: { authorization: `Bearer ${stack.tokens.reviewer}`, accept: 'text/csv' },
    });
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const [header, row] = (await csv.text())
      .trimEnd()
      .split(/\r?\n/)
      .map((line) => line.split(','));
    const cell = (name: string) => row![header!.indexOf(name)];
    expect(
      [
        'placements.proposed',
        'placements.active',
        'placements.declined',
        'placements.expired',
        'placements.ended',
        'placements.terminated',
        'placements.terminatedByReason.learner-choice',
        'placements.terminatedByReason.conflict',
        'placements.unusedRecognitions',
        'learnerFeedback.answers',
        'learnerFeedback.average',
        'demand.searching',
        'demand.medianDaysToPlacement',
        'demand.byProvince.Antwerpen.searching',
        'demand.byProvince.Antwerpen.freePlaces',
        'demand.byProvince.Oost-Vlaanderen.freePlaces',
      ].map(cell),
    ).toEqual(['1', '1', '1', '0', '0', '2', '1', '1', '2', '3', '3.33', '2', '15', '2', '1', '2']);

    // Another partnership's year has none of it: below three answers no average, and no median without placed learners.
    const admin = (await call('admin', 'GET', `/api/v1/monitoring?year=${year}&partnershipId=horeca`)).body.partnerships[0];
    expect(admin).toMatchObject({
      placements: { proposed: 0, unusedRecognitions: 0 },
      learnerFeedback: { answers: 0, average: null },
      demand: { medianDaysToPlacement: null },
    });
  });
});

/** The figures this suite counts, to wait for. */
const pick = ({ placements, learnerFeedback, demand }: Json) => ({ placements, learnerFeedback, demand });
