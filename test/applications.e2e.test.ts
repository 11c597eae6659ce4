import { dayInBrussels } from '../models/dates';
import { withCheckDigits } from '../models/identifiers';
import { seedSampleCatalogue, trainingModel } from '../store/catalogue';
import { SAMPLE_ENTERPRISE, horecaOverrides, sampleApplicationBody } from './support/sample-application';
import { type Json, eventually, suiteStack } from './support/stack';
import { ADMIN, COMPANY, SCHOOL, coordinatorOf, reviewerOf } from './support/people';

// The application half of the lifecycle through the HTTP API alone, on the dev server and the
// store, as a company, reviewers, coordinators, a school and an admin use it.

describe('applications API (dev server, FerretDB)', () => {
  const OTHER_ENTERPRISE = withCheckDigits('02022399');
  const stack = suiteStack({
    company: COMPANY,
    otherCompany: { sub: 'other-user', role: 'company', enterpriseNumber: OTHER_ENTERPRISE },
    bouwReviewer: reviewerOf('bouw'),
    horecaReviewer: reviewerOf('horeca'),
    zorgReviewer: reviewerOf('zorg'),
    bouwCoordinator: coordinatorOf('bouw'),
    zorgCoordinator: coordinatorOf('zorg'),
    school: SCHOOL,
    admin: ADMIN,
  });
  const { call, tokens } = stack;

  const submit = (body: unknown, as = 'company', headers: Record<string, string> = {}) =>
    call(as, 'POST', '/api/v1/applications', body, headers);

  it('carries a complete application from submission to an approved, readable recognition', async () => {
    const body = sampleApplicationBody({ enterpriseNumber: 'BE0403170701' });
    const submitted = await submit(body);
    expect(submitted.status).toBe(202);
    expect(submitted.body).toMatchObject({
      status: 'in_review',
      partnershipId: 'bouw',
      enterpriseNumber: SAMPLE_ENTERPRISE,
      establishmentNumber: body.establishmentNumber,
      overdue: false,
    });
    expect(submitted.body.decisionDue).toBeDefined();
    const id = submitted.body.id as string;

    expect((await call('company', 'GET', `/api/v1/applications/${id}`)).body.status).toBe('in_review');
    const reviewerList = await call('bouwReviewer', 'GET', '/api/v1/applications?status=in_review');
    expect(reviewerList.body.map((a: Json) => a.id)).toContain(id);

    const visit = await call('bouwReviewer', 'POST', `/api/v1/applications/${id}/visit`, {
      visitedOn: dayInBrussels(new Date()),
      checklist: { 'veilige werkplek': true, 'opleidingsplan haalbaar': true },
      notes: 'Goede indruk',
    });
    expect(visit.status).toBe(200);
    expect(visit.body.visits).toHaveLength(1);

    const decided = await call('bouwReviewer', 'POST', `/api/v1/applications/${id}/decision`, {
      outcome: 'approved',
      reasons: ['Voldoet aan alle voorwaarden'],
    });
    expect(decided.status).toBe(200);
    expect(decided.body).toMatchObject({ status: 'approved', decision: { outcome: 'approved', decidedBy: 'reviewer-bouw' } });
    expect(decided.body.timeline.map((e: Json) => e.type)).toEqual(['submitted', 'complete', 'visit_recorded', 'decided']);

    const recognition = await call('company', 'GET', `/api/v1/recognitions/${decided.body.recognitionId}`);
    expect(recognition.status).toBe(200);
    const today = dayInBrussels(new Date());
    expect(recognition.body).toMatchObject({
      status: 'active',
      validFrom: today,
      trainingCode: 'ruwbouw-duaal',
      companyName: body.companyName,
    });
    expect(recognition.body.validUntil).toBe(`${Number(today.slice(0, 4)) + 5}${today.slice(4)}`);
    expect(recognition.body.history).toEqual([expect.objectContaining({ status: 'active' })]);

    // Notifications follow the dossier's changes shortly after.
    const outbox = await eventually(async () => {
      const sent = await call('admin', 'GET', `/api/v1/outbox?applicationId=${id}`);
      return sent.body.some((m: Json) => m.template === 'approved') ? sent : undefined;
    });
    const subjects = outbox.body.map((m: Json) => m.subject as string);
    expect(subjects).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Erkend als leeronderneming/),
        expect.stringMatching(/^Aanvraag tot erkenning ontvangen/),
      ]),
    );
    expect(outbox.body.find((m: Json) => m.template === 'approved').to).toBe(body.contact.email);

    // The workplace is now held by the recognition.
    const again = await submit({ ...body });
    expect(again.status).toBe(409);
    expect(again.body.detail).toMatch(/recognition/);
  });

  it('asks for what is missing at intake, and checks the supplement', async () => {
    const submitted = await submit(sampleApplicationBody(horecaOverrides));
    expect(submitted.status).toBe(202);
    expect(submitted.body).toMatchObject({ status: 'info_requested', partnershipId: 'horeca' });
    expect(submitted.body.infoRequests[0].items).toEqual(["Document 'haccp-attest'"]);
    const id = submitted.body.id as string;

    // The reviewer of another partnership does not see it; the horeca reviewer cannot decide yet.
    expect((await call('bouwReviewer', 'GET', `/api/v1/applications/${id}`)).status).toBe(404);
    const early = await call('horecaReviewer', 'POST', `/api/v1/applications/${id}/decision`, {
      outcome: 'approved',
      reasons: [],
    });
    expect(early.status).toBe(409);

    const supplemented = await call('company', 'POST', `/api/v1/applications/${id}/supplements`, {
      documents: [{ kind: 'haccp-attest', name: 'haccp.pdf' }],
      message: 'Attest toegevoegd',
    });
    expect(supplemented.status).toBe(200);
    expect(supplemented.body.status).toBe('in_review');
    expect(supplemented.body.infoRequests[0].answeredAt).toBeDefined();

    const rejected = await call('horecaReviewer', 'POST', `/api/v1/applications/${id}/decision`, {
      outcome: 'rejected',
      reasons: ['Keuken niet conform'],
    });
    expect(rejected.body).toMatchObject({ status: 'rejected', objectionDeadline: expect.any(String) });
    const objected = await call('company', 'POST', `/api/v1/applications/${id}/objection`, {
      grounds: 'Keuken intussen aangepast',
    });
    expect(objected.body.status).toBe('in_review');
  });

  it('refuses what is ineligible with 400 naming the field', async () => {
    const tooYoung = sampleApplicationBody();
    tooYoung.mentors[0]!.birthDate = dayInBrussels(new Date(Date.now() - 22.5 * 365.25 * 24 * 3600 * 1000));
    const young = await submit(tooYoung);
    expect(young.status).toBe(400);
    expect(young.type).toMatch(/^application\/problem\+json/);
    expect(young.body.errors).toEqual([expect.objectContaining({ path: 'mentors.0.birthDate' })]);
    expect(young.body.type).toBe('https://erkend.dev/problems/ineligible');

    const noHonour = await submit(
      sampleApplicationBody({
        declarations: { financialCapacity: true, noConvictions: true, equipmentAndOrganisation: true, honour: false },
      }),
    );
    expect(noHonour.status).toBe(400);
    expect(noHonour.body.errors.map((e: Json) => e.path)).toEqual(['declarations.honour']);

    const badChecksum = await submit(sampleApplicationBody({ enterpriseNumber: '0403.170.702' }));
    expect(badChecksum.body.errors.map((e: Json) => e.path)).toEqual(['enterpriseNumber']);
    expect(badChecksum.body.type).toBe('https://erkend.dev/problems/validation');

    const malformed = await fetch(`${stack.baseUrl}/api/v1/applications`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.company}`, 'content-type': 'application/json' },
      body: '{"enterpriseNumber": ',
    });
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as Json).type).toBe('https://erkend.dev/problems/malformed');

    const unknownTraining = await submit(sampleApplicationBody({ trainingCode: 'astronaut-duaal' }));
    expect(unknownTraining.status).toBe(400);
    expect(unknownTraining.body.errors.map((e: Json) => e.path)).toEqual(['trainingCode']);

    const noReasons = await call('bouwReviewer', 'POST', `/api/v1/applications/whatever/decision`, {
      outcome: 'rejected',
      reasons: [],
    });
    expect(noReasons.status).toBe(400);
    expect(noReasons.body.errors.map((e: Json) => e.path)).toEqual(['reasons']);

    const badPolicy = await call('admin', 'PUT', '/api/v1/partnerships/bouw/policy', { decisionDeadline: 'two weeks' });
    expect(badPolicy.status).toBe(400);
    expect(badPolicy.body.errors.map((e: Json) => e.path)).toEqual(['decisionDeadline']);
  });

  it('answers 401 without a valid token, 403 for a role or enterprise not allowed, 404 across tenants', async () => {
    expect((await call(undefined, 'POST', '/api/v1/applications', sampleApplicationBody())).status).toBe(401);
    expect((await submit(sampleApplicationBody(), 'not-a-jwt')).status).toBe(401);
    expect((await submit(sampleApplicationBody(), 'school')).status).toBe(403);
    const forOther = await submit(sampleApplicationBody({ enterpriseNumber: OTHER_ENTERPRISE }));
    expect(forOther.status).toBe(403);
    expect(forOther.body.errors.map((e: Json) => e.path)).toEqual(['enterpriseNumber']);

    const mine = await submit(sampleApplicationBody());
    const id = mine.body.id as string;
    expect((await call('otherCompany', 'GET', `/api/v1/applications/${id}`)).status).toBe(404);
    expect((await call('otherCompany', 'POST', `/api/v1/applications/${id}/withdrawal`)).status).toBe(404);
    expect((await call('horecaReviewer', 'GET', `/api/v1/applications/${id}`)).status).toBe(404);
    expect((await call('otherCompany', 'GET', '/api/v1/applications')).body.map((a: Json) => a.id)).not.toContain(id);
    expect((await call('horecaReviewer', 'GET', '/api/v1/applications?partnershipId=bouw')).body).toEqual([]);
    expect((await call('admin', 'GET', `/api/v1/applications/${id}`)).status).toBe(200);
    expect((await call('company', 'GET', '/api/v1/outbox')).status).toBe(403);
  });

  it('keeps one dossier per Idempotency-Key and one open application per workplace', async () => {
    const body = sampleApplicationBody();
    const first = await submit(body, 'company', { 'Idempotency-Key': 'aanvraag-42' });
    const second = await submit(body, 'company', { 'Idempotency-Key': 'aanvraag-42' });
    expect(first.status).toBe(202);
    expect(second.status).toBe(202);
    expect(second.body.id).toBe(first.body.id);
    const all = await call('company', 'GET', `/api/v1/applications?limit=1000`);
    expect(all.body.filter((a: Json) => a.establishmentNumber === body.establishmentNumber)).toHaveLength(1);

    const changed = await submit({ ...body, capacity: 5 }, 'company', { 'Idempotency-Key': 'aanvraag-42' });
    expect(changed.status).toBe(422);

    const duplicate = await submit(body);
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.errors.map((e: Json) => e.path)).toEqual(['establishmentNumber']);

    // Withdrawn, the workplace is free again; actions on the closed dossier answer 409.
    const withdrawn = await call('company', 'POST', `/api/v1/applications/${first.body.id}/withdrawal`);
    expect(withdrawn.body.status).toBe('withdrawn');
    expect((await call('company', 'POST', `/api/v1/applications/${first.body.id}/withdrawal`)).status).toBe(409);
    const retried = await submit(body);
    expect(retried.status).toBe(202);
    expect(retried.body.id).not.toBe(first.body.id);
  });

  it('routes to the partnership of the training, and a training across sectors by joint committee', async () => {
    // A kitchen training at a company of the construction committee: the horeca partnership.
    const byTraining = await submit(sampleApplicationBody({ ...horecaOverrides, jointCommittee: '124' }));
    expect(byTraining.body.partnershipId).toBe('horeca');
    // Office support is taught in every sector: the company's joint committee decides.
    const byCommittee = await submit(sampleApplicationBody({ jointCommittee: '302', trainingCode: 'office-support-duaal' }));
    expect(byCommittee.body.partnershipId).toBe('horeca');
    const uncovered = await submit(sampleApplicationBody({ jointCommittee: '999', trainingCode: 'office-support-duaal' }));
    expect(uncovered.body.partnershipId).toBe('vpdl');
    const none = await submit(sampleApplicationBody({ jointCommittee: undefined, trainingCode: 'verkoop-duaal' }));
    expect(none.body.partnershipId).toBe('handel');
  });

  it('lists the catalogue and lets an admin change a policy', async () => {
    const partnerships = await call(undefined, 'GET', '/api/v1/partnerships');
    expect(partnerships.body.length).toBeGreaterThanOrEqual(8);
    expect(partnerships.body.find((p: Json) => p.id === 'horeca')).toMatchObject({
      jointCommittees: ['302'],
      sample: true,
      policy: { decisionDeadline: 'P14D' },
    });
    const trainings = await call(undefined, 'GET', '/api/v1/trainings');
    expect(trainings.body.length).toBeGreaterThanOrEqual(20);

    const policy = { ...partnerships.body.find((p: Json) => p.id === 'logistiek').policy, decisionDeadline: 'PT30S' };
    expect((await call('bouwReviewer', 'PUT', '/api/v1/partnerships/logistiek/policy', policy)).status).toBe(403);
    const changed = await call('admin', 'PUT', '/api/v1/partnerships/logistiek/policy', policy);
    expect(changed.status).toBe(200);
    const after = await call(undefined, 'GET', '/api/v1/partnerships');
    expect(after.body.find((p: Json) => p.id === 'logistiek').policy.decisionDeadline).toBe('PT30S');
  });

  it('gives a training with its activity list, which an admin replaces with the training', async () => {
    const ruwbouw = await call('school', 'GET', '/api/v1/trainings/ruwbouw-duaal');
    expect(ruwbouw.status).toBe(200);
    expect(ruwbouw.body).toMatchObject({ code: 'ruwbouw-duaal', name: 'Ruwbouw duaal', partnershipId: 'bouw', sample: true });
    expect(ruwbouw.body.activities).toContainEqual({ code: 'metselwerk-uitvoeren', title: 'Metselwerk uitvoeren volgens plan' });
    const listed = (await call(undefined, 'GET', '/api/v1/trainings')).body as Json[];
    expect(listed.every((t) => t.activities.length >= 6)).toBe(true);
    // A store seeded before trainings had activities gets them at the next start, while still a sample.
    await trainingModel(stack.db).updateOne({ _id: 'keuken-duaal' }, { $unset: { activities: 1 } });
    expect((await call('school', 'GET', '/api/v1/trainings/keuken-duaal')).body.activities).toEqual([]);
    await seedSampleCatalogue(stack.db);
    const keuken = (await call('school', 'GET', '/api/v1/trainings/keuken-duaal')).body;
    expect(keuken.activities).toContainEqual({ code: 'hygiene-haccp', title: 'Hygiëne en HACCP toepassen' });
    const unknown = await call('school', 'GET', '/api/v1/trainings/astronaut-duaal');
    expect([unknown.status, unknown.type]).toEqual([404, expect.stringContaining('application/problem+json')]);

    const activities = [
      { code: 'bestek-lezen', title: 'Het bestek en de plannen lezen' },
      { code: 'gevel-afwerken', title: 'Gevels afwerken met steenstrips' },
    ];
    const training = { name: 'Gevelbouw duaal', partnershipId: 'bouw' };
    const put = await call('admin', 'PUT', '/api/v1/trainings/gevelbouw-duaal', { ...training, activities });
    expect(put.status).toBe(200);
    expect((await call('company', 'GET', '/api/v1/trainings/gevelbouw-duaal')).body).toEqual({
      code: 'gevelbouw-duaal',
      ...training,
      sample: false,
      activities,
    });
    // Without activities, as before they existed: still a replace, and the training then has none.
    expect((await call('admin', 'PUT', '/api/v1/trainings/gevelbouw-duaal', training)).status).toBe(200);
    expect((await call('company', 'GET', '/api/v1/trainings/gevelbouw-duaal')).body.activities).toEqual([]);

    const twice = [activities[0], { code: 'bestek-lezen', title: 'Nog eens' }];
    const duplicate = await call('admin', 'PUT', '/api/v1/trainings/gevelbouw-duaal', { ...training, activities: twice });
    expect(duplicate.status).toBe(400);
    expect(duplicate.body.errors).toEqual([expect.objectContaining({ path: 'activities.1.code', code: 'duplicate-activity' })]);
  });

  it('lets a coordinator change its own partnership’s policy, and keeps who changed what and when', async () => {
    const policy = (await call(undefined, 'GET', '/api/v1/partnerships')).body.find((p: Json) => p.id === 'zorg').policy;
    const startedAt = new Date().toISOString();
    const byCoordinator = { ...policy, decisionDeadline: 'P21D' };
    const changed = await call('zorgCoordinator', 'PUT', '/api/v1/partnerships/zorg/policy', byCoordinator);
    expect(changed.status).toBe(200);
    expect(changed.body.decisionDeadline).toBe('P21D');
    // Another partnership's policy is not revealed to it; a reviewer may not change one at all.
    expect((await call('zorgCoordinator', 'PUT', '/api/v1/partnerships/bouw/policy', policy)).status).toBe(404);
    expect((await call('zorgReviewer', 'PUT', '/api/v1/partnerships/zorg/policy', policy)).status).toBe(403);
    const byAdmin = { ...byCoordinator, objectionWindow: 'P60D' };
    expect((await call('admin', 'PUT', '/api/v1/partnerships/zorg/policy', byAdmin)).status).toBe(200);
    // The same policy again changes nothing, so it adds nothing to the history.
    expect((await call('zorgCoordinator', 'PUT', '/api/v1/partnerships/zorg/policy', byAdmin)).status).toBe(200);
    const after = await call(undefined, 'GET', '/api/v1/partnerships');
    expect(after.body.find((p: Json) => p.id === 'zorg').policy).toMatchObject({
      decisionDeadline: 'P21D',
      objectionWindow: 'P60D',
    });

    const history = await call('zorgReviewer', 'GET', '/api/v1/partnerships/zorg/policy-history');
    expect(history.status).toBe(200);
    expect(history.body).toEqual([
      expect.objectContaining({
        partnershipId: 'zorg',
        by: { sub: 'admin-user', role: 'admin' },
        changed: ['objectionWindow'],
        before: byCoordinator,
        after: byAdmin,
      }),
      expect.objectContaining({
        by: { sub: 'coordinator-zorg', role: 'coordinator' },
        changed: ['decisionDeadline'],
        before: policy,
        after: byCoordinator,
      }),
    ]);
    const [newest, oldest] = history.body as Json[];
    expect(oldest!.at >= startedAt && newest!.at >= oldest!.at).toBe(true);
    // Paged by `before`; read by the admin and the coordinator too, by no other partnership nor a company.
    const older = await call(
      'zorgCoordinator',
      'GET',
      `/api/v1/partnerships/zorg/policy-history?limit=1&before=${encodeURIComponent(newest!.id)}`,
    );
    expect(older.body).toEqual([oldest]);
    expect((await call('admin', 'GET', '/api/v1/partnerships/zorg/policy-history?limit=1')).body).toEqual([newest]);
    expect((await call('bouwCoordinator', 'GET', '/api/v1/partnerships/zorg/policy-history')).status).toBe(404);
    expect((await call('company', 'GET', '/api/v1/partnerships/zorg/policy-history')).status).toBe(403);
  });

  it('lets a coordinator work its partnership’s queue as a reviewer does, and not another’s', async () => {
    const submitted = await submit(sampleApplicationBody());
    expect(submitted.body.partnershipId).toBe('bouw');
    const id = submitted.body.id as string;
    const queue = await call('bouwCoordinator', 'GET', '/api/v1/applications?status=in_review');
    expect(queue.body.map((a: Json) => a.id)).toContain(id);
    expect((await call('zorgCoordinator', 'GET', `/api/v1/applications/${id}`)).status).toBe(404);
    expect((await call('zorgCoordinator', 'GET', '/api/v1/applications?partnershipId=bouw')).body).toEqual([]);
    const refused = await call('zorgCoordinator', 'POST', `/api/v1/applications/${id}/decision`, {
      outcome: 'approved',
      reasons: [],
    });
    expect(refused.status).toBe(404);

    const decided = await call('bouwCoordinator', 'POST', `/api/v1/applications/${id}/decision`, {
      outcome: 'approved',
      reasons: ['Voldoet aan alle voorwaarden'],
    });
    expect(decided.status).toBe(200);
    expect(decided.body).toMatchObject({ status: 'approved', decision: { decidedBy: 'coordinator-bouw' } });
    const recognitionId = decided.body.recognitionId as string;
    expect((await call('bouwCoordinator', 'GET', `/api/v1/recognitions/${recognitionId}`)).status).toBe(200);
    expect((await call('zorgCoordinator', 'GET', `/api/v1/recognitions/${recognitionId}`)).status).toBe(404);
  });
});
