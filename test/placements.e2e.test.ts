import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { addToDate } from '../models/dates';
import type { Recognition } from '../models/recognition';
import { ADMIN, COMPANY, OTHER_SCHOOL, SCHOOL, reviewerOf } from './support/people';
import { daysFromToday, sampleApplication, sampleApplicationBody } from './support/sample-application';
import { type Json, eventually, suiteStack } from './support/stack';
import { registerKnows, sampleRecognition as recognition } from './support/sample-recognition';
import { loadRecognitions } from '../store/recognitions';

// Placements: a school's proposal holds one of a recognition's places until it ends; never more
// than its capacity, also when schools propose at the same moment (FerretDB: slot documents).
// The company's answers and a placement's own life: test/placement-agreements.e2e.test.ts.

describe('placements (dev server, FerretDB)', () => {
  const stack = suiteStack({
    company: COMPANY,
    school: SCHOOL,
    otherSchool: OTHER_SCHOOL,
    reviewer: reviewerOf('bouw'),
    otherReviewer: reviewerOf('horeca'),
    admin: ADMIN,
  });
  const { call } = stack;
  const today = daysFromToday(0);

  /** Loads recognitions straight into the store and waits until the API's read models hold them. */
  const load = async (...items: Recognition[]) => {
    await loadRecognitions(stack.db, items);
    for (const item of items) {
      await eventually(async () =>
        (await call('admin', 'GET', `/api/v1/recognitions/${item.id}`)).status === 200 ? true : undefined,
      );
      await registerKnows(call, 'school', item);
    }
  };

  const place = (as: string, recognitionId: string, learnerReference = `LL-${randomUUID().slice(0, 8)}`, startsOn = today) =>
    call(as, 'POST', '/api/v1/placements', { recognitionId, learnerReference, startsOn });

  /** The company accepts the proposal, naming the sample recognition's mentor. */
  const accept = (id: string) =>
    call('company', 'POST', `/api/v1/placements/${id}/acceptance`, { mentor: { firstName: 'Jan', lastName: 'Peeters' } });

  const searchIds = async () => {
    const r = sampleApplication();
    const answer = await call(
      'school',
      'GET',
      `/api/v1/register/search?trainingCode=${r.trainingCode}&postcode=${r.address.postcode}&hasCapacity=true&pageSize=200`,
    );
    return (answer.body.items as Array<{ recognitionId: string; freeCapacity: number }>).map((i) => i.recognitionId);
  };

  it('when schools propose up to the capacity, then the next is 409; ending frees a place; search follows the free places', async () => {
    const r = recognition({ capacity: 2 });
    await load(r);
    expect(await searchIds()).toContain(r.id);

    const first = await place('school', r.id, 'LL-001');
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      id: expect.any(String),
      recognitionId: r.id,
      schoolId: 'school-1',
      learnerReference: 'LL-001',
      startsOn: today,
      status: 'proposed',
      answerDue: expect.any(String),
    });
    expect((await call('admin', 'GET', `/api/v1/recognitions/${r.id}`)).body).toMatchObject({
      placements: { active: 0, proposed: 1 },
      freeCapacity: 1,
    });
    expect((await accept(first.body.id)).body).toMatchObject({ status: 'active', mentor: { firstName: 'Jan' } });

    expect((await place('school', r.id)).status).toBe(201);
    const full = await place('otherSchool', r.id);
    expect(full.status).toBe(409);
    expect(full.body.detail).toMatch(/no free place/);
    expect((await call('reviewer', 'GET', `/api/v1/recognitions/${r.id}`)).body).toMatchObject({
      placements: { active: 1, proposed: 1 },
      freeCapacity: 0,
    });
    expect(await searchIds()).not.toContain(r.id);

    // Another school cannot end it (nor see it); its own school can.
    expect((await call('otherSchool', 'POST', `/api/v1/placements/${first.body.id}/end`, { endedOn: today })).status).toBe(404);
    const ended = await call('school', 'POST', `/api/v1/placements/${first.body.id}/end`, { endedOn: today });
    expect([ended.status, ended.body.status, ended.body.endedOn]).toEqual([200, 'ended', today]);
    expect(await searchIds()).toContain(r.id);
    expect((await call('admin', 'GET', `/api/v1/recognitions/${r.id}`)).body).toMatchObject({ freeCapacity: 1 });
    expect((await place('otherSchool', r.id)).status).toBe(201);

    // Lists: the school its own; the partnership's reviewer and an admin per recognition.
    const own = await call('school', 'GET', '/api/v1/placements');
    expect((own.body as Array<{ schoolId: string }>).every((p) => p.schoolId === 'school-1')).toBe(true);
    expect((own.body as Array<{ id: string; status: string }>).find((p) => p.id === first.body.id)?.status).toBe('ended');
    const forReviewer = await call('reviewer', 'GET', `/api/v1/placements?recognitionId=${r.id}&status=proposed`);
    expect(forReviewer.body).toHaveLength(2);
    expect((await call('admin', 'GET', `/api/v1/placements?recognitionId=${r.id}`)).body).toHaveLength(3);
    expect((await call('otherReviewer', 'GET', `/api/v1/placements?recognitionId=${r.id}`)).status).toBe(404);
    expect((await call('reviewer', 'GET', '/api/v1/placements')).status).toBe(400);
  });

  it('when six proposals come at once for two places, then two are made and four refused', async () => {
    const r = recognition({ capacity: 2 });
    await load(r);
    const answers = await Promise.all(
      Array.from({ length: 6 }, (_, i) => place(i % 2 ? 'school' : 'otherSchool', r.id, `PAR-${i}`)),
    );
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toEqual([201, 201, 409, 409, 409, 409]);
    const listed = await call('admin', 'GET', `/api/v1/placements?recognitionId=${r.id}&status=proposed`);
    expect(listed.body).toHaveLength(2);
    expect((await call('admin', 'GET', `/api/v1/recognitions/${r.id}`)).body).toMatchObject({
      placements: { active: 0, proposed: 2 },
      freeCapacity: 0,
    });
  });

  it('refuses a national number as learner code (400, field error) and an inactive recognition (409)', async () => {
    const active = recognition();
    const suspended = recognition({
      status: 'suspended',
      history: [
        { at: `${daysFromToday(-400)}T10:00:00.000Z`, status: 'active' },
        { at: `${daysFromToday(-3)}T10:00:00.000Z`, status: 'suspended', reasons: ['Geen mentor'] },
      ],
    });
    await load(active, suspended);
    for (const nationalNumber of ['85073003328', '85.07.30-033.28', '85 07 30 033 28']) {
      const refused = await place('school', active.id, nationalNumber);
      expect(refused.status).toBe(400);
      expect(refused.body.errors).toEqual([expect.objectContaining({ path: 'learnerReference' })]);
    }
    expect((await place('school', suspended.id)).status).toBe(409);
    // Outside the recognition's validity.
    const refused = await place('school', active.id, 'LL-LATE', addToDate(active.validUntil, 'P1D'));
    expect([refused.status, refused.body.detail]).toEqual([409, expect.stringMatching(/not active/)]);
    expect((await place('school', randomUUID())).status).toBe(400);
  });

  it('tells the schools with learners placed there of a suspension: a notice, and their webhooks whatever they follow', async () => {
    const received: Json[] = [];
    let secret = '';
    const receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        received.push(new Webhook(secret).verify(body, req.headers as Record<string, string>) as Json);
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    try {
      // The school follows another company: only its placement makes this recognition its concern.
      const subscribed = await call('school', 'POST', '/api/v1/subscriptions', {
        url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`,
        enterpriseNumbers: ['0200.065.765'],
        contactEmail: 'stages@school-1.example',
      });
      expect(subscribed.status).toBe(201);
      secret = subscribed.body.secret as string;

      const filed = await call('company', 'POST', '/api/v1/applications', sampleApplicationBody());
      const decided = await call('reviewer', 'POST', `/api/v1/applications/${filed.body.id}/decision`, {
        outcome: 'approved',
        reasons: ['In orde'],
      });
      const id = decided.body.recognitionId as string;
      for (const learner of ['LL-ANNA', 'LL-BERT'])
        expect((await accept((await place('school', id, learner)).body.id)).status).toBe(200);
      // The reviewer sees how many learners a sanction affects.
      expect((await call('reviewer', 'GET', `/api/v1/recognitions/${id}`)).body.placements).toEqual({ active: 2, proposed: 0 });

      const suspended = await call('reviewer', 'POST', `/api/v1/recognitions/${id}/suspension`, {
        reasons: ['Klacht over veiligheid'],
      });
      expect(suspended.status).toBe(200);
      const notice = await eventually(
        async () =>
          (await call('admin', 'GET', `/api/v1/outbox?recognitionId=${id}&schoolId=school-1&template=placements_status_changed`))
            .body[0] as Json,
      );
      expect(notice).toMatchObject({
        to: 'stages@school-1.example',
        audience: 'school',
        template: 'placements_status_changed',
        subject: expect.stringMatching(/^Erkenning geschorst: /),
        text: expect.stringContaining('Uw school heeft daar 2 leerlingen geplaatst:\n- LL-ANNA\n- LL-BERT'),
      });
      expect((await call('admin', 'GET', `/api/v1/outbox?recognitionId=${id}&schoolId=school-2`)).body).toEqual([]);
      const event = await eventually(async () =>
        received.find((e) => e.data.recognitionId === id && e.data.status === 'suspended'),
      );
      expect(event.data.previousStatus).toBe('active');
      // The school's own list marks the placements at the suspended workplace.
      await eventually(async () => {
        const listed = (await call('school', 'GET', `/api/v1/placements?recognitionId=${id}`)).body as Json[];
        return listed.length === 2 && listed.every((p) => p.recognitionStatus === 'suspended') ? true : undefined;
      });
    } finally {
      await new Promise((resolve) => receiver.close(resolve));
    }
  });

  it('monitoring counts the places held by placements and proposals as occupied', async () => {
    const year = new Date().getUTCFullYear();
    const answer = await call('admin', 'GET', `/api/v1/monitoring?year=${year}&partnershipId=bouw`);
    expect(answer.status).toBe(200);
    // The first test left two placements holding a place, the parallel one two.
    expect(answer.body.partnerships[0].capacity).toMatchObject({ occupied: 4 });
  });
});
