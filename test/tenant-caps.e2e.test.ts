import { randomUUID } from 'node:crypto';
import { CAPS, type CapName } from '../models/caps';
import { withCheckDigits } from '../models/identifiers';
import { daysFromToday, sampleApplicationBody } from './support/sample-application';
import { loadRecognitions } from '../store/recognitions';
import { PageVisitor, textOf } from './support/pages';
import { registerKnows, sampleRecognition } from './support/sample-recognition';
import { type Json, suiteStack } from './support/stack';
import { COMPANY, SCHOOL, reviewerOf } from './support/people';

// Everything a tenant creates has a cap (issue 20, point 2): subscriptions per school, mandates
// per company, active placements per school, searching learners per school, uploads per dossier. One more is refused with 409
// naming the cap, also when many are sent at once, and what a tenant gives up makes room again.
// The caps are set low here; the defaults are in models/caps.ts.

const LIMIT = 3;
const AT_ONCE = 6;

/** Another company, which no application of this suite names, for subscriptions to follow. */
const UNRELATED_ENTERPRISE = withCheckDigits('02022399');

describe('caps per tenant (dev server, FerretDB)', () => {
  const caps = Object.fromEntries(Object.keys(CAPS).map((cap) => [cap, LIMIT])) as Record<CapName, number>;
  const stack = suiteStack(
    {
      company: COMPANY,
      otherCompany: { sub: 'other-company-user', role: 'company', enterpriseNumber: UNRELATED_ENTERPRISE },
      reviewer: reviewerOf('bouw'),
      school: SCHOOL,
      otherSchool: { sub: 'other-school-user', role: 'school', schoolId: 'school-2' },
      thirdSchool: { sub: 'third-school-user', role: 'school', schoolId: 'school-3' },
    },
    { limits: { caps } },
  );
  const { call, tokens } = stack;

  /** The refusal a user gets: 409 problem+json naming the cap and its limit. */
  const capReached = (cap: CapName) => ({
    status: 409,
    type: expect.stringMatching(/^application\/problem\+json/),
    body: {
      type: 'https://erkend.dev/problems/cap-reached',
      title: 'Cap reached',
      status: 409,
      detail: expect.stringContaining(`${cap} allows at most ${LIMIT}`),
      cap,
      limit: LIMIT,
    },
  });

  /** `AT_ONCE` requests sent together: the statuses in order, and one refusal. */
  async function atOnce(send: (i: number) => Promise<{ status: number; type: string; body: Json }>) {
    const answers = await Promise.all(Array.from({ length: AT_ONCE }, (_, i) => send(i)));
    return { statuses: answers.map((a) => a.status).sort(), refused: answers.find((a) => a.status === 409) };
  }

  const created = [...Array<number>(LIMIT).fill(201), ...Array<number>(AT_ONCE - LIMIT).fill(409)];

  it('subscriptions per school: a deleted one makes room; another school has its own', async () => {
    const subscribe = (as = 'school') =>
      call(as, 'POST', '/api/v1/subscriptions', {
        url: `http://127.0.0.1:9/hook/${randomUUID()}`,
        enterpriseNumbers: [UNRELATED_ENTERPRISE],
      });
    const { statuses, refused } = await atOnce(() => subscribe());
    expect(statuses).toEqual(created);
    expect(refused).toEqual(capReached('subscriptionsPerSchool'));
    const held = (await call('school', 'GET', '/api/v1/subscriptions')).body as Array<{ id: string }>;
    expect(held).toHaveLength(LIMIT);
    expect(await subscribe()).toEqual(capReached('subscriptionsPerSchool'));

    expect((await subscribe('otherSchool')).status).toBe(201);
    expect((await call('school', 'DELETE', `/api/v1/subscriptions/${held[0]!.id}`)).status).toBe(204);
    expect((await subscribe()).status).toBe(201);
    expect((await subscribe()).status).toBe(409);

    // The school's page says so in Dutch, its answers kept.
    const page = new PageVisitor(stack.baseUrl);
    await page.get('/aanmelden');
    await page.post('/aanmelden', { token: tokens.school! }, { follow: false });
    await page.get('/abonnementen/nieuw');
    const refusedPage = await page.post('/abonnementen/nieuw', {
      url: 'http://127.0.0.1:9/hook/page',
      enterpriseNumbers: UNRELATED_ENTERPRISE,
    });
    expect(refusedPage.status).toBe(400);
    expect(textOf(refusedPage.html)).toContain(`Dat kan niet: het maximum van ${LIMIT} abonnementen per school is bereikt.`);
    expect(refusedPage.html).toContain('http://127.0.0.1:9/hook/page');
  });

  it('mandates per company: revoked ones count, granting one again takes none; another company has its own', async () => {
    const grant = (schoolId: string, as = 'company') =>
      call(as, 'POST', '/api/v1/mandates', { schoolId, validUntil: daysFromToday(30) });
    const { statuses, refused } = await atOnce((i) => grant(`school-${100 + i}`));
    expect(statuses).toEqual(created);
    expect(refused).toEqual(capReached('mandatesPerCompany'));
    const given = (await call('company', 'GET', '/api/v1/mandates')).body as Array<{ id: string; schoolId: string }>;
    expect(given).toHaveLength(LIMIT);

    // Given again to a school it had mandated: replaced.
    const again = await call('company', 'POST', '/api/v1/mandates', {
      schoolId: given[0]!.schoolId,
      validUntil: daysFromToday(60),
    });
    expect([again.status, again.body.validUntil]).toEqual([201, daysFromToday(60)]);
    // A revoked mandate stays listed, so it still counts.
    expect((await call('company', 'DELETE', `/api/v1/mandates/${encodeURIComponent(given[1]!.id)}`)).status).toBe(200);
    expect(await grant('school-200')).toEqual(capReached('mandatesPerCompany'));
    expect((await grant('school-200', 'otherCompany')).status).toBe(201);
  });

  it('active placements per school: an ended one makes room; the places of refused ones stay free', async () => {
    const application = await call('company', 'POST', '/api/v1/applications', sampleApplicationBody({ capacity: 10 }));
    const decided = await call('reviewer', 'POST', `/api/v1/applications/${application.body.id}/decision`, {
      outcome: 'approved',
      reasons: ['In orde'],
    });
    const recognitionId = decided.body.recognitionId as string;
    const place = (as = 'school') =>
      call(as, 'POST', '/api/v1/placements', {
        recognitionId,
        learnerReference: `LL-${randomUUID().slice(0, 8)}`,
        startsOn: daysFromToday(0),
      });

    const { statuses, refused } = await atOnce(() => place());
    expect(statuses).toEqual(created);
    expect(refused).toEqual(capReached('activePlacementsPerSchool'));
    expect((await call('company', 'GET', `/api/v1/recognitions/${recognitionId}`)).body).toMatchObject({
      placements: { active: 0, proposed: LIMIT },
      freeCapacity: 10 - LIMIT,
    });
    expect(await place()).toEqual(capReached('activePlacementsPerSchool'));
    expect((await place('otherSchool')).status).toBe(201);

    const placed = (await call('school', 'GET', '/api/v1/placements')).body as Array<{ id: string }>;
    const ended = await call('school', 'POST', `/api/v1/placements/${placed[0]!.id}/end`, { endedOn: daysFromToday(0) });
    expect(ended.status).toBe(200);
    expect((await place()).status).toBe(201);
    expect((await place()).status).toBe(409);
  });

  it('searching learners per school: a deleted or placed one makes room; the same learner again takes none', async () => {
    const learner = (learnerReference = `LL-${randomUUID().slice(0, 8)}`, as = 'school') =>
      call(as, 'POST', '/api/v1/searching-learners', {
        learnerReference,
        trainingCode: 'ruwbouw-duaal',
        postcode: '9000',
        since: daysFromToday(-7),
      });
    const { statuses, refused } = await atOnce(() => learner());
    expect(statuses).toEqual(created);
    expect(refused).toEqual(capReached('searchingLearnersPerSchool'));
    const held = (await call('school', 'GET', '/api/v1/searching-learners')).body as Array<{
      id: string;
      learnerReference: string;
    }>;
    expect(held).toHaveLength(LIMIT);
    // One still searching registered again is that one, not one more.
    expect((await learner(held[0]!.learnerReference)).status).toBe(200);
    expect(await learner()).toEqual(capReached('searchingLearnersPerSchool'));
    const elsewhere = await learner(undefined, 'otherSchool');
    expect(elsewhere.status).toBe(201);

    expect((await call('school', 'DELETE', `/api/v1/searching-learners/${held[0]!.id}`)).status).toBe(204);
    expect((await learner()).status).toBe(201);
    expect((await learner()).status).toBe(409);

    // Placed: a placement with the learner's code accepted by the company (the other school's,
    // as this one is at its cap of placements since the test above).
    expect((await learner(undefined, 'otherSchool')).status).toBe(201);
    expect((await learner(undefined, 'otherSchool')).status).toBe(201);
    expect(await learner(undefined, 'otherSchool')).toEqual(capReached('searchingLearnersPerSchool'));
    const recognition = sampleRecognition();
    await loadRecognitions(stack.db, [recognition]);
    await registerKnows(call, 'school', recognition);
    const proposed = await call('otherSchool', 'POST', '/api/v1/placements', {
      recognitionId: recognition.id,
      learnerReference: elsewhere.body.learnerReference,
      startsOn: daysFromToday(0),
    });
    const accepted = await call('company', 'POST', `/api/v1/placements/${proposed.body.id}/acceptance`, {
      mentor: { firstName: 'Jan', lastName: 'Peeters' },
    });
    expect(accepted.status).toBe(200);
    expect((await learner(undefined, 'otherSchool')).status).toBe(201);
    expect((await learner(undefined, 'otherSchool')).status).toBe(409);
  });

  it('searching learners per school: the same learner sent at once is one registration, one slot', async () => {
    const body = { learnerReference: 'LL-SAME', trainingCode: 'ruwbouw-duaal', postcode: '9000', since: daysFromToday(-7) };
    const answers = await Promise.all(
      Array.from({ length: AT_ONCE }, () => call('thirdSchool', 'POST', '/api/v1/searching-learners', body)),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 200, 200, 201]);
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
    expect((await call('thirdSchool', 'GET', '/api/v1/searching-learners')).body).toHaveLength(1);
    // The others' slots were given back: the cap still has room for LIMIT − 1 more.
    const more = (i: number) =>
      call('thirdSchool', 'POST', '/api/v1/searching-learners', { ...body, learnerReference: `LL-${i}` });
    expect([(await more(1)).status, (await more(2)).status, (await more(3)).status]).toEqual([201, 201, 409]);
  });

  it('uploads per dossier: refused once the dossier holds them all, also when sent at once', async () => {
    const application = await call('company', 'POST', '/api/v1/applications', sampleApplicationBody());
    const upload = () => {
      const form = new FormData();
      form.set('kind', 'risk-analysis');
      form.set('file', new Blob([new Uint8Array(Buffer.from('%PDF-1.7\nrisico'))]), 'risico.pdf');
      return fetch(`${stack.baseUrl}/api/v1/applications/${application.body.id}/documents`, {
        method: 'POST',
        headers: { authorization: `Bearer ${tokens.company}` },
        body: form,
      }).then(async (response) => ({
        status: response.status,
        type: response.headers.get('content-type') ?? '',
        body: (await response.json()) as Json,
      }));
    };
    const { statuses, refused } = await atOnce(upload);
    expect(statuses).toEqual(created);
    expect(refused).toEqual(capReached('uploadsPerDossier'));
    expect((await call('company', 'GET', `/api/v1/applications/${application.body.id}/documents`)).body).toHaveLength(LIMIT);
    expect(await upload()).toEqual(capReached('uploadsPerDossier'));
  });

  it('names each cap in the OpenAPI document, at the operation it refuses', async () => {
    const { paths } = (await call(undefined, 'GET', '/openapi.json')).body;
    const refusals = {
      '/api/v1/subscriptions': 'subscriptionsPerSchool',
      '/api/v1/mandates': 'mandatesPerCompany',
      '/api/v1/placements': 'activePlacementsPerSchool',
      '/api/v1/searching-learners': 'searchingLearnersPerSchool',
      '/api/v1/applications/{id}/documents': 'uploadsPerDossier',
    };
    for (const [path, cap] of Object.entries(refusals)) {
      expect({ path, refusal: paths[path].post.responses['409'].description }).toEqual({
        path,
        refusal: expect.stringContaining(`cap ${cap}`),
      });
    }
  });
});
