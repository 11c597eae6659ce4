import { randomUUID } from 'node:crypto';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { addToDate } from '../models/dates';
import { withCheckDigits } from '../models/identifiers';
import type { Recognition } from '../models/recognition';
import { webhookDeliveryWorkflowId } from '../workflows/webhook-delivery.messages';
import { recordHistory } from './support/histories';
import { COMPANY, OTHER_SCHOOL, SCHOOL, reviewerOf } from './support/people';
import { SAMPLE_ENTERPRISE, daysFromToday, sampleApplicationBody } from './support/sample-application';
import { type Json, apiCaller, eventually, startTestStack, suiteStack } from './support/stack';
import { registerKnows, sampleRecognition as recognition } from './support/sample-recognition';
import { outboxModel } from '../store/outbox';
import { loadRecognitions } from '../store/recognitions';

// The register as schools use it: verify at a date, search, identify, and subscribe to changes.

describe('register for schools (dev server, FerretDB)', () => {
  const stack = suiteStack({ school: SCHOOL, otherSchool: OTHER_SCHOOL, company: COMPANY, reviewer: reviewerOf('bouw') });
  const { call, tokens } = stack;

  /** Loads recognitions and waits until the register shows them (within a second when the machine is idle). */
  const load = async (...items: Recognition[]) => {
    await loadRecognitions(stack.db, items);
    await registerKnows(call, 'school', items[items.length - 1]!);
  };

  it('verifies at a date from the status history: suspended last week, reinstated yesterday', async () => {
    const r = recognition({
      history: [
        { at: `${daysFromToday(-400)}T10:00:00.000Z`, status: 'active' },
        { at: `${daysFromToday(-7)}T09:00:00.000Z`, status: 'suspended', reasons: ['Onveilig'] },
        { at: `${daysFromToday(-1)}T15:00:00.000Z`, status: 'active' },
      ],
    });
    await load(r);
    const verify = (date?: string) =>
      call(
        'school',
        'GET',
        `/api/v1/register/verify?enterpriseNumber=${r.enterpriseNumber}&establishmentNumber=${r.establishmentNumber}&trainingCode=${r.trainingCode}${date ? `&date=${date}` : ''}`,
      );

    expect((await verify()).body).toEqual({
      recognized: true,
      status: 'active',
      recognitionId: r.id,
      validFrom: r.validFrom,
      validUntil: r.validUntil,
    });
    expect((await verify(daysFromToday(-5))).body).toMatchObject({ recognized: false, status: 'suspended' });
    expect((await verify(daysFromToday(-30))).body).toMatchObject({ recognized: true, status: 'active' });
    expect((await verify(daysFromToday(-500))).body).toEqual({ recognized: false, status: 'none' });
    expect((await verify(addToDate(r.validUntil, 'P1D'))).body).toMatchObject({ recognized: false, status: 'expired' });

    // Another enterprise for the same establishment: not recognised.
    const other = await call(
      'school',
      'GET',
      `/api/v1/register/verify?enterpriseNumber=${withCheckDigits('02022399')}&establishmentNumber=${r.establishmentNumber}&trainingCode=${r.trainingCode}`,
    );
    expect(other.body).toEqual({ recognized: false, status: 'none' });
    const bad = await call(
      'school',
      'GET',
      `/api/v1/register/verify?enterpriseNumber=123&establishmentNumber=${r.establishmentNumber}&trainingCode=x`,
    );
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: Json) => e.path)).toEqual(['query.enterpriseNumber']);
    expect(
      (
        await call(
          'company',
          'GET',
          `/api/v1/register/verify?enterpriseNumber=${r.enterpriseNumber}&establishmentNumber=${r.establishmentNumber}&trainingCode=x`,
        )
      ).status,
    ).toBe(403);
  });

  it('searches recognised workplaces by training and postcode, paged, with public fields only', async () => {
    const training = `zoek-${randomUUID().slice(0, 6)}`;
    const inGhent = (name: string, overrides: Partial<Recognition> = {}) =>
      recognition({
        trainingCode: training,
        companyName: name,
        address: { street: 'Veldstraat 1', postcode: '9000', municipality: 'Gent' },
        ...overrides,
      });
    await load(
      inGhent('Atelier Aerts'),
      inGhent('Bakkerij Bosmans'),
      inGhent('Carrosserie Claes', { capacity: 0 }),
      inGhent('Dakwerken Dubois', { status: 'suspended' }),
      inGhent('Elektro Engels', { address: { street: 'Meir 1', postcode: '2000', municipality: 'Antwerpen' } }),
    );
    const page1 = await call('school', 'GET', `/api/v1/register/search?trainingCode=${training}&postcode=9000&pageSize=2`);
    expect(page1.body.items.map((i: Json) => i.companyName)).toEqual(['Atelier Aerts', 'Bakkerij Bosmans']);
    expect(Object.keys(page1.body.items[0]).sort()).toEqual([
      'address',
      'capacity',
      'companyName',
      'establishmentNumber',
      'freeCapacity',
      'recognitionId',
      'trainingCode',
    ]);
    expect(page1.body.items[0].address).toEqual({ postcode: '9000', municipality: 'Gent' });
    const page2 = await call('school', 'GET', page1.body.next);
    expect(page2.body.items.map((i: Json) => i.companyName)).toEqual(['Carrosserie Claes']);
    expect(page2.body.next).toBeUndefined();
    const withCapacity = await call(
      'school',
      'GET',
      `/api/v1/register/search?trainingCode=${training}&postcode=9000&hasCapacity=true`,
    );
    expect(withCapacity.body.items.map((i: Json) => i.companyName)).toEqual(['Atelier Aerts', 'Bakkerij Bosmans']);
    const anywhere = await call('school', 'GET', `/api/v1/register/search?trainingCode=${training}`);
    expect(anywhere.body.items).toHaveLength(4);
  });

  it('finds a company’s recognitions by the start of its name, accents and case ignored, or by number', async () => {
    const enterprise = withCheckDigits(`0${String(Date.now()).slice(-7)}`);
    await load(
      recognition({ enterpriseNumber: enterprise, companyName: 'Électricité Ørsted Lemaître' }),
      recognition({
        enterpriseNumber: enterprise,
        companyName: 'Électricité Ørsted Lemaître',
        trainingCode: 'elektrotechnieken-duaal',
      }),
    );
    const byName = await call('school', 'GET', `/api/v1/register/companies?name=${encodeURIComponent('ELECTRICITE ørsted')}`);
    expect(byName.body).toEqual([expect.objectContaining({ enterpriseNumber: enterprise, recognitions: expect.any(Array) })]);
    expect(byName.body[0].recognitions).toHaveLength(2);
    expect(byName.body[0].recognitions[0].mentors).toBeUndefined();
    const byNumber = await call('school', 'GET', `/api/v1/register/companies?enterpriseNumber=${enterprise}`);
    expect(byNumber.body[0].recognitions).toHaveLength(2);
    expect((await call('school', 'GET', '/api/v1/register/companies')).status).toBe(400);
  });

  describe('subscriptions', () => {
    let receiver: Server;
    let receiverUrl: string;
    let failing = false;
    let refusedWhileDown = 0;
    const received: Array<{ id: string; body: Json }> = [];
    let secret = '';
    const rejectedSignatures: string[] = [];

    beforeAll(async () => {
      receiver = createServer((req, res) => {
        let body = '';
        req.on('data', (chunk) => (body += chunk));
        req.on('end', () => {
          if (failing) {
            refusedWhileDown += 1;
            res.writeHead(503).end();
            return;
          }
          try {
            const payload = new Webhook(secret).verify(body, req.headers as Record<string, string>) as Json;
            if (!received.some((e) => e.id === req.headers['webhook-id']))
              received.push({ id: String(req.headers['webhook-id']), body: payload });
            res.writeHead(204).end();
          } catch (error) {
            rejectedSignatures.push(String(error));
            res.writeHead(400).end();
          }
        });
      });
      await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
      receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
    });
    afterAll(() => new Promise((resolve) => receiver.close(resolve)));

    it('delivers every status change, signed and in order, also after the school was down', async () => {
      const subscribed = await call('school', 'POST', '/api/v1/subscriptions', {
        url: receiverUrl,
        enterpriseNumbers: ['0403.170.701'],
      });
      expect(subscribed.status).toBe(201);
      expect(subscribed.body).toMatchObject({
        url: receiverUrl,
        enterpriseNumbers: [SAMPLE_ENTERPRISE],
        secret: expect.stringMatching(/^whsec_/),
      });
      secret = subscribed.body.secret;
      const subscriptionId = subscribed.body.id as string;
      expect((await call('school', 'GET', `/api/v1/subscriptions/${subscriptionId}`)).body.secret).toBeUndefined();
      expect((await call('otherSchool', 'GET', `/api/v1/subscriptions/${subscriptionId}`)).status).toBe(404);
      expect((await call('school', 'GET', '/api/v1/subscriptions')).body.map((s: Json) => s.id)).toEqual([subscriptionId]);
      expect((await call('otherSchool', 'GET', '/api/v1/subscriptions')).body).toEqual([]);

      const application = await call('company', 'POST', '/api/v1/applications', sampleApplicationBody());
      const decided = await call('reviewer', 'POST', `/api/v1/applications/${application.body.id}/decision`, {
        outcome: 'approved',
        reasons: ['In orde'],
      });
      const id = decided.body.recognitionId as string;
      const eventsFor = () => received.filter((e) => e.body.data.recognitionId === id).map((e) => e.body.data.status);
      await eventually(async () => (eventsFor().length === 1 ? true : undefined), 15_000);
      expect(received.find((e) => e.body.data.recognitionId === id)!.body).toMatchObject({
        type: 'recognition.status_changed',
        data: { recognitionId: id, enterpriseNumber: SAMPLE_ENTERPRISE, status: 'active', previousStatus: null },
      });

      // The school is down while a reviewer suspends and reinstates; both arrive once it is back.
      failing = true;
      const suspended = await call('reviewer', 'POST', `/api/v1/recognitions/${id}/suspension`, { reasons: ['Klacht'] });
      expect(suspended.body.status).toBe('suspended');
      // Within seconds of the change (one when the machine is idle), the register says so.
      const verified = await eventually(async () => {
        const answer = await call(
          'school',
          'GET',
          `/api/v1/register/verify?enterpriseNumber=${SAMPLE_ENTERPRISE}&establishmentNumber=${suspended.body.establishmentNumber}&trainingCode=${suspended.body.trainingCode}`,
        );
        return answer.body.status === 'suspended' ? answer : undefined;
      }, 10_000);
      expect(verified.body).toMatchObject({ recognized: false, status: 'suspended' });
      await call('reviewer', 'POST', `/api/v1/recognitions/${id}/reinstatement`, { reasons: ['Opgelost'] });
      // The school refused a delivery (the suspension, first in line): nothing else came through.
      await eventually(async () => (refusedWhileDown > 0 ? true : undefined), 15_000);
      expect(eventsFor()).toEqual(['active']);
      failing = false;
      await eventually(async () => (eventsFor().length === 3 ? true : undefined), 30_000);
      expect(eventsFor()).toEqual(['active', 'suspended', 'active']);
      expect(received.filter((e) => e.body.data.recognitionId === id).map((e) => e.body.data.previousStatus)).toEqual([
        null,
        'active',
        'suspended',
      ]);
      expect(rejectedSignatures).toEqual([]);

      await recordHistory(
        stack.temporal.workflow.getHandle(webhookDeliveryWorkflowId(subscriptionId)),
        'webhook-delivery-after-outage',
      );
      expect((await call('school', 'DELETE', `/api/v1/subscriptions/${subscriptionId}`)).status).toBe(204);
      expect((await call('school', 'GET', `/api/v1/subscriptions/${subscriptionId}`)).status).toBe(404);
    }, 90_000);

    it('marks a subscription that can never be delivered and tells its school, instead of retrying it forever', async () => {
      // The API took the address (as it may in development); the worker may not deliver there.
      const strictWorker = await startTestStack({ deliverToPrivate: false });
      try {
        const strictCall = apiCaller(() => strictWorker.baseUrl, tokens);
        const subscribed = await strictCall('school', 'POST', '/api/v1/subscriptions', {
          url: receiverUrl,
          enterpriseNumbers: [SAMPLE_ENTERPRISE],
          contactEmail: 'ict@school.example',
        });
        const application = await strictCall('company', 'POST', '/api/v1/applications', sampleApplicationBody());
        await strictCall('reviewer', 'POST', `/api/v1/applications/${application.body.id}/decision`, {
          outcome: 'approved',
          reasons: [],
        });
        const marked = await eventually(async () => {
          const answer = await strictCall('school', 'GET', `/api/v1/subscriptions/${subscribed.body.id}`);
          return answer.body.undeliverable ? answer.body : undefined;
        }, 20_000);
        expect(marked.undeliverable.reason).toMatch(/loopback, private/);
        const notice = await eventually(
          async () => (await outboxModel(strictWorker.db).findById(`${subscribed.body.id}-undeliverable`).lean()) ?? undefined,
        );
        expect(notice).toMatchObject({
          to: 'ict@school.example',
          audience: 'school',
          subject: expect.stringContaining('Abonnement'),
        });
        // Its delivery workflow ends instead of retrying forever.
        const delivery = strictWorker.temporal.workflow.getHandle(webhookDeliveryWorkflowId(subscribed.body.id));
        await eventually(async () => ((await delivery.describe()).status.name === 'COMPLETED' ? true : undefined));
      } finally {
        await strictWorker.stop();
      }
    });

    it('refuses webhook URLs on loopback or private addresses unless allowed', async () => {
      const strict = await startTestStack({ allowPrivateWebhooks: false });
      try {
        const strictCall = apiCaller(() => strict.baseUrl, tokens);
        for (const url of [
          'http://127.0.0.1:8080/hooks',
          'http://10.1.2.3/hooks',
          'http://[::1]/hooks',
          'http://localhost/hooks',
        ]) {
          const refused = await strictCall('school', 'POST', '/api/v1/subscriptions', { url, enterpriseNumbers: [] });
          expect(refused.status).toBe(400);
          expect(refused.body.errors.map((e: Json) => e.path)).toEqual(['url']);
        }
        const notHttp = await strictCall('school', 'POST', '/api/v1/subscriptions', {
          url: 'ftp://example.org/x',
          enterpriseNumbers: [],
        });
        expect(notHttp.body.errors.map((e: Json) => e.path)).toEqual(['url']);
        expect(
          (await strictCall('reviewer', 'POST', '/api/v1/subscriptions', { url: receiverUrl, enterpriseNumbers: [] })).status,
        ).toBe(403);
      } finally {
        await strict.stop();
      }
    });
  });
});
