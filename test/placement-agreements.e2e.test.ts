import { randomUUID } from 'node:crypto';
import type { Principal } from '../platform/auth';
import type { Recognition } from '../models/recognition';
import { loadRecognitions } from '../store/recognitions';
import { PLACEMENT_PARTIES, SAMPLE_MENTOR } from './support/people';
import { daysFromToday } from './support/sample-application';
import { registerKnows, sampleRecognition } from './support/sample-recognition';
import { type Json, eventually, suiteStack } from './support/stack';

// A placement as an agreement (contract v3): the school proposes on the training's plan, the
// company answers, and it lives until its end. Over HTTP against the dev server and the store;
// the workflow's timers on the time-skipping server: test/workflows/placement-agreement.test.ts.

const OTHER_COMPANY: Principal = { sub: 'other-company', role: 'company', enterpriseNumber: '0200065765' };

describe('placement agreements (dev server, FerretDB)', () => {
  const stack = suiteStack({ ...PLACEMENT_PARTIES, otherCompany: OTHER_COMPANY });
  const { call } = stack;
  const today = daysFromToday(0);

  /** A recognition of the sample company with `capacity` places, known to the register. */
  async function workplace(capacity = 2): Promise<Recognition> {
    const recognition = sampleRecognition({ capacity });
    await loadRecognitions(stack.db, [recognition]);
    await registerKnows(call, 'school', recognition);
    return recognition;
  }

  const propose = (recognitionId: string, extra: Json = {}) =>
    call('school', 'POST', '/api/v1/placements', {
      recognitionId,
      learnerReference: `LL-${randomUUID().slice(0, 8)}`,
      startsOn: today,
      ...extra,
    });
  const freeCapacity = async (id: string) => (await call('company', 'GET', `/api/v1/recognitions/${id}`)).body.freeCapacity;
  const outbox = async (placementId: string) =>
    ((await call('admin', 'GET', '/api/v1/outbox?limit=1000')).body as Json[])
      .filter((message) => (message.id as string).startsWith(placementId))
      .map((message) => `${message.audience}:${message.template}`)
      .sort();

  it('when the school proposes, then the plan is the training’s activities (or those chosen) and the company is told', async () => {
    const r = await workplace();
    const training = (await call('school', 'GET', `/api/v1/trainings/${r.trainingCode}`)).body;
    const all = (training.activities as Json[]).map((activity) => activity.code);
    expect(all.length).toBeGreaterThan(5);

    const proposed = await propose(r.id, { endsOn: daysFromToday(200) });
    expect(proposed.status).toBe(201);
    expect(proposed.body).toMatchObject({ status: 'proposed', agreementType: 'dual', trainingPlan: { activities: all } });
    expect(Date.parse(proposed.body.answerDue) - Date.now()).toBeGreaterThan(13 * 86_400_000);
    await eventually(async () => ((await outbox(proposed.body.id)).includes('company:placement_proposed') ? true : undefined));

    const chosen = await propose(r.id, { agreementType: 'internship', trainingPlan: { activities: all.slice(0, 2) } });
    expect(chosen.body).toMatchObject({ agreementType: 'internship', trainingPlan: { activities: all.slice(0, 2) } });

    const unknown = await propose(r.id, { trainingPlan: { activities: [all[0], 'zwemmen'] } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toEqual([
      expect.objectContaining({ path: 'trainingPlan.activities.1', code: 'unknown-activity', params: { activity: 'zwemmen' } }),
    ]);
  });

  it('when the company accepts with one of its mentors, then it is active; another company sees nothing', async () => {
    const r = await workplace();
    const { id } = (await propose(r.id)).body;
    expect((await call('otherCompany', 'GET', `/api/v1/placements/${id}`)).status).toBe(404);
    expect((await call('otherSchool', 'GET', `/api/v1/placements/${id}`)).status).toBe(404);
    const accept = (as: string, mentor: Json) => call(as, 'POST', `/api/v1/placements/${id}/acceptance`, { mentor });
    expect((await accept('otherCompany', SAMPLE_MENTOR)).status).toBe(404);
    expect((await accept('school', SAMPLE_MENTOR)).status).toBe(403);

    const stranger = await accept('company', { firstName: 'Piet', lastName: 'Janssens' });
    expect([stranger.status, stranger.body.errors?.[0]?.code]).toEqual([400, 'unknown-mentor']);

    const accepted = await accept('company', { firstName: 'jan', lastName: 'peeters' });
    expect(accepted.body).toMatchObject({ status: 'active', mentor: SAMPLE_MENTOR });
    expect((await accept('company', SAMPLE_MENTOR)).status).toBe(409);

    const listed = (await call('company', 'GET', '/api/v1/placements')).body as Json[];
    expect(listed.find((p) => p.id === id)).toMatchObject({ status: 'active', schoolId: 'school-1' });
    expect((await call('otherCompany', 'GET', '/api/v1/placements')).body).toEqual([]);
    expect((await call('otherCompany', 'GET', `/api/v1/placements?recognitionId=${r.id}`)).status).toBe(404);
    await eventually(async () => ((await outbox(id)).includes('school:placement_accepted') ? true : undefined));
  });

  it('when the company declines, then the place is given back and the school hears why', async () => {
    const r = await workplace(1);
    const { id } = (await propose(r.id)).body;
    expect(await freeCapacity(r.id)).toBe(0);
    const declined = await call('company', 'POST', `/api/v1/placements/${id}/decline`, { reason: 'Geen mentor vrij' });
    expect(declined.body).toMatchObject({ status: 'declined', declineReason: 'Geen mentor vrij' });
    expect(await freeCapacity(r.id)).toBe(1);
    await eventually(async () => ((await outbox(id)).includes('school:placement_declined') ? true : undefined));
  });

  it('when either party ends a placement early, then it is terminated with its reason and the school is asked to find a new workplace', async () => {
    const r = await workplace();
    const { id } = (await propose(r.id)).body;
    const terminate = (as: string) =>
      call(as, 'POST', `/api/v1/placements/${id}/termination`, { endedOn: today, reason: 'conflict', note: 'Onenigheid' });
    // Only a running placement ends early.
    expect((await terminate('company')).status).toBe(409);
    await call('company', 'POST', `/api/v1/placements/${id}/acceptance`, { mentor: SAMPLE_MENTOR });
    const early = await call('company', 'POST', `/api/v1/placements/${id}/termination`, {
      endedOn: daysFromToday(-1),
      reason: 'conflict',
    });
    expect([early.status, early.body.errors?.[0]?.path]).toEqual([400, 'endedOn']);
    const bad = await call('company', 'POST', `/api/v1/placements/${id}/termination`, { endedOn: today, reason: 'boredom' });
    expect([bad.status, bad.body.errors?.[0]?.path]).toEqual([400, 'reason']);

    const ended = await terminate('company');
    expect(ended.body).toMatchObject({
      status: 'terminated',
      endedOn: today,
      termination: { reason: 'conflict', by: 'company' },
    });
    expect(await freeCapacity(r.id)).toBe(2);
    await eventually(async () => ((await outbox(id)).includes('school:placement_terminated_find_workplace') ? true : undefined));
  });

  it('when a running placement’s last day is over, then it ends by itself and frees its place', async () => {
    const r = await workplace(1);
    const lastDay = daysFromToday(-1);
    const { id } = (await propose(r.id, { startsOn: daysFromToday(-30), endsOn: lastDay })).body;
    await call('company', 'POST', `/api/v1/placements/${id}/acceptance`, { mentor: SAMPLE_MENTOR });
    const ended = await eventually(async () => {
      const placement = (await call('school', 'GET', `/api/v1/placements/${id}`)).body;
      return placement.status === 'ended' ? placement : undefined;
    }, 30_000);
    expect(ended).toMatchObject({ status: 'ended', endedOn: lastDay });
    await eventually(async () => ((await freeCapacity(r.id)) === 1 ? true : undefined));
  });

  it('when the company does not answer by answerDue, then the proposal expires and frees its place', async () => {
    const r = await workplace(1);
    const policy = (await call('admin', 'GET', '/api/v1/partnerships')).body.find((p: Json) => p.id === 'bouw').policy;
    expect(
      (await call('admin', 'PUT', '/api/v1/partnerships/bouw/policy', { ...policy, placementAnswerDeadline: 'PT2S' })).status,
    ).toBe(200);
    try {
      const { id, answerDue } = (await propose(r.id)).body;
      expect(Date.parse(answerDue) - Date.now()).toBeLessThan(3_000);
      const expired = await eventually(async () => {
        const placement = (await call('school', 'GET', `/api/v1/placements/${id}`)).body;
        return placement.status === 'expired' ? placement : undefined;
      }, 30_000);
      expect(expired.status).toBe('expired');
      // The lists take in a change the worker made within a second.
      await eventually(async () => ((await freeCapacity(r.id)) === 1 ? true : undefined));
      await eventually(async () => ((await outbox(id)).includes('school:placement_expired') ? true : undefined));
    } finally {
      await call('admin', 'PUT', '/api/v1/partnerships/bouw/policy', policy);
    }
  });
});
