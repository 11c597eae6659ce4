import { daysAgo, policyOfSeconds, sampleApplicationBody } from './support/sample-application';
import { type Json, eventually, suiteStack } from './support/stack';
import { ADMIN, COMPANY, SCHOOL, reviewerOf } from './support/people';

// A recognition's life through the HTTP API alone, on the dev server, with a policy of seconds.

const SECONDS_POLICY = policyOfSeconds({
  decisionDeadline: 'PT60S',
  infoRequestDeadline: 'PT60S',
  validity: 'PT30S',
  renewalNotice: 'PT14S',
  qualityCheckInterval: 'PT3S',
});

describe('recognitions API with a policy of seconds (dev server, FerretDB)', () => {
  const stack = suiteStack({
    company: COMPANY,
    reviewer: reviewerOf('metaal'),
    otherReviewer: reviewerOf('bouw'),
    autoReviewer: reviewerOf('auto'),
    school: SCHOOL,
    admin: ADMIN,
  });
  const { call } = stack;

  const recognitionOf = async (id: string) => (await call('company', 'GET', `/api/v1/recognitions/${id}`)).body;
  const openChecks = async (id: string) =>
    (await call('company', 'GET', `/api/v1/quality-checks?recognitionId=${id}&status=open`)).body as Json[];
  const answerAll = (check: Json, ok = true) =>
    call('company', 'POST', `/api/v1/quality-checks/${check.id}/answers`, {
      answers: check.questions.map((q: Json) => ({ id: q.id, ok })),
    });

  it('gets its checks, is suspended and reinstated, renewed in one request, and expires', async () => {
    expect((await call('admin', 'PUT', '/api/v1/partnerships/metaal/policy', SECONDS_POLICY)).status).toBe(200);
    const application = await call(
      'company',
      'POST',
      '/api/v1/applications',
      sampleApplicationBody({ jointCommittee: '111', trainingCode: 'lassen-constructie-duaal' }),
    );
    expect(application.body).toMatchObject({ status: 'in_review', partnershipId: 'metaal' });
    const decided = await call('reviewer', 'POST', `/api/v1/applications/${application.body.id}/decision`, {
      outcome: 'approved',
      reasons: ['In orde'],
    });
    const id = decided.body.recognitionId as string;
    expect(await recognitionOf(id)).toMatchObject({ status: 'active' });
    // Its workflow schedules the first check at once.
    await eventually(async () => (await recognitionOf(id)).nextQualityCheckDue);

    // A periodic check opens after seconds; all green closes it at once.
    const check = await eventually(async () => (await openChecks(id))[0], 60_000);
    expect(check).toMatchObject({ reason: 'periodic', status: 'open', questions: SECONDS_POLICY.selfAssessment });
    const answered = await answerAll(check);
    expect(answered.body).toMatchObject({ status: 'closed', outcome: 'ok' });

    // A wrong answer set names the field; another partnership's reviewer sees nothing.
    const partial = await call('company', 'POST', `/api/v1/quality-checks/${check.id}/answers`, {
      answers: [{ id: 'nope', ok: true }],
    });
    expect(partial.status).toBe(400);
    expect(partial.body.errors[0].path).toBe('answers.0.id');
    expect((await call('otherReviewer', 'GET', `/api/v1/recognitions/${id}`)).status).toBe(404);

    // Suspension and reinstatement by the reviewer, each with its timestamp in the history.
    const suspended = await call('reviewer', 'POST', `/api/v1/recognitions/${id}/suspension`, {
      reasons: ['Klacht over veiligheid'],
    });
    expect(suspended.body.status).toBe('suspended');
    expect((await call('company', 'POST', `/api/v1/recognitions/${id}/renewal`, { unchanged: true })).status).toBe(409);
    expect((await call('reviewer', 'POST', `/api/v1/recognitions/${id}/suspension`, { reasons: ['Nog eens'] })).status).toBe(409);
    const reinstated = await call('reviewer', 'POST', `/api/v1/recognitions/${id}/reinstatement`, { reasons: ['Opgelost'] });
    expect(reinstated.body.status).toBe('active');

    // An incident from a school opens an unscheduled check; an ineligible mentor change is refused.
    const incident = await call('school', 'POST', `/api/v1/recognitions/${id}/incidents`, {
      description: 'Geen mentor aanwezig',
    });
    expect(incident.status).toBe(201);
    const young = {
      firstName: 'Tom',
      lastName: 'Jong',
      birthDate: daysAgo(21 * 365),
      yearsOfExperience: 1,
      criminalRecordExtractDate: daysAgo(30),
    };
    const refused = await call('company', 'PUT', `/api/v1/recognitions/${id}/mentors`, [young]);
    expect(refused.status).toBe(400);
    expect(refused.body.errors.map((e: Json) => e.path)).toEqual(['mentors.0.birthDate', 'mentors.0.yearsOfExperience']);

    // From the next step on, the partnership asks no questions: checks close themselves.
    expect(
      (await call('admin', 'PUT', '/api/v1/partnerships/metaal/policy', { ...SECONDS_POLICY, selfAssessment: [] })).status,
    ).toBe(200);
    for (const open of await openChecks(id)) expect((await answerAll(open)).body.status).toBe('closed');

    // Invited to renew, and renewed in one request.
    await eventually(async () => ((await recognitionOf(id)).renewal?.status === 'invited' ? true : undefined), 90_000);
    const renewed = await call('company', 'POST', `/api/v1/recognitions/${id}/renewal`, { unchanged: true });
    expect(renewed.body.renewal).toMatchObject({ status: 'approved', unchanged: true });
    const firstPeriod = renewed.body;

    // The second period starts where the first ended, and expires without renewal.
    await eventually(
      async () => ((await recognitionOf(id)).validUntilAt !== firstPeriod.validUntilAt ? true : undefined),
      90_000,
    );
    const expired = await eventually(async () => {
      const current = await recognitionOf(id);
      return current.status === 'expired' ? current : undefined;
    }, 120_000);
    expect(expired.history.map((h: Json) => h.status)).toEqual(['active', 'suspended', 'active', 'expired']);
    expect(expired.history[1].reasons).toEqual(['Klacht over veiligheid']);
    expect((await call('company', 'POST', `/api/v1/recognitions/${id}/termination`)).status).toBe(409);
    const closedChecks = (await call('reviewer', 'GET', `/api/v1/quality-checks?recognitionId=${id}&status=closed`))
      .body as Json[];
    expect(closedChecks.map((c) => c.reason)).toEqual(expect.arrayContaining(['periodic', 'incident']));
    // Its policy's timers take most of a minute: three times that when the machine is busy.
  }, 300_000);

  it('is withdrawn by a reviewer, ended by the company, and renewed with changes after a reviewer’s decision', async () => {
    const policy = {
      ...SECONDS_POLICY,
      validity: 'PT40S',
      renewalNotice: 'PT36S',
      qualityCheckInterval: 'PT1H',
      selfAssessment: [],
    };
    expect((await call('admin', 'PUT', '/api/v1/partnerships/auto/policy', policy)).status).toBe(200);
    const recognize = async () => {
      const application = await call(
        'company',
        'POST',
        '/api/v1/applications',
        sampleApplicationBody({ jointCommittee: '112', trainingCode: 'autotechnieken-duaal' }),
      );
      const decided = await call('autoReviewer', 'POST', `/api/v1/applications/${application.body.id}/decision`, {
        outcome: 'approved',
        reasons: [],
      });
      return decided.body.recognitionId as string;
    };
    const [withdrawn, ended, renewed] = [await recognize(), await recognize(), await recognize()];

    const withdrawal = await call('autoReviewer', 'POST', `/api/v1/recognitions/${withdrawn}/withdrawal`, {
      reasons: ['Ernstige tekortkomingen'],
    });
    expect(withdrawal.body).toMatchObject({
      status: 'withdrawn',
      history: [expect.anything(), expect.objectContaining({ status: 'withdrawn', reasons: ['Ernstige tekortkomingen'] })],
    });
    expect((await call('autoReviewer', 'POST', `/api/v1/recognitions/${withdrawn}/reinstatement`, {})).status).toBe(409);
    expect((await call('company', 'POST', `/api/v1/recognitions/${ended}/termination`)).body.status).toBe('ended');

    // Changes go to a reviewer; approved, they apply and the validity is extended.
    await eventually(async () => ((await recognitionOf(renewed)).renewal?.status === 'invited' ? true : undefined), 45_000);
    const requested = await call('company', 'POST', `/api/v1/recognitions/${renewed}/renewal`, { changes: { capacity: 4 } });
    expect(requested.body.renewal).toMatchObject({ status: 'requested', changes: { capacity: 4 } });
    const refusedChange = await call('company', 'POST', `/api/v1/recognitions/${renewed}/renewal`, { changes: {} });
    expect(refusedChange.status).toBe(400);
    const approved = await call('autoReviewer', 'POST', `/api/v1/recognitions/${renewed}/renewal/decision`, {
      outcome: 'approved',
      reasons: [],
    });
    expect(approved.body).toMatchObject({ capacity: 4, renewal: { status: 'approved', decidedBy: 'reviewer-auto' } });
  }, 60_000);
});
