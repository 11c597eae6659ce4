import { addToDate, todayInBrussels } from '../models/dates';
import { ADMIN, COMPANY, reviewerOf, samplePdf } from './support/people';
import { QUESTIONS, approvedRecognition, filedApplication } from './support/sample-application';
import { PageVisitor, textOf } from './support/pages';
import { type Json, eventually, suiteStack } from './support/stack';

// Improvement plans over HTTP (contract v3): a reviewer's evaluation with actions opens a plan,
// the company answers each action, the reviewer marks them done or not, and monitoring counts
// the plan. Another company neither sees nor answers it. A site visit asks the policy's points. The plan's timers (reminders, overdue)
// are in test/improvement-plans.time-skipping.test.ts.

const OTHER_COMPANY = { sub: 'other-company', role: 'company' as const, enterpriseNumber: '0202239951' };

describe('improvement plans', () => {
  const stack = suiteStack({
    company: COMPANY,
    otherCompany: OTHER_COMPANY,
    reviewer: reviewerOf('metaal'),
    admin: ADMIN,
    bouwReviewer: reviewerOf('bouw'),
  });
  const { call } = stack;
  let recognitionId: string;
  let planId: string;
  /** One check, answered: refused evaluations leave it so, the one with actions closes it. */
  let checkId: string;
  const today = todayInBrussels();
  const actions = [
    { description: 'Valbeveiliging op de werkvloer plaatsen', dueOn: addToDate(today, 'P30D') },
    { description: 'Mentor volgt de opleiding veilig werken', dueOn: addToDate(today, 'P60D') },
  ];

  /** An incident check the company answered "nee": a reviewer's to evaluate. */
  async function answeredCheck() {
    const reported = await call('reviewer', 'POST', `/api/v1/recognitions/${recognitionId}/incidents`, {
      description: 'De leerling werkt zonder valbeveiliging',
    });
    expect(reported.status).toBe(201);
    const id = reported.body.qualityCheckId as string;
    const answered = await call('company', 'POST', `/api/v1/quality-checks/${id}/answers`, {
      answers: [
        { id: 'mentor-available', ok: true },
        { id: 'safety', ok: false, comment: 'Valbeveiliging besteld' },
      ],
    });
    expect(answered.body.status).toBe('answered');
    return id;
  }

  const plan = async (as = 'company') => (await call(as, 'GET', `/api/v1/improvement-plans/${planId}`)).body;
  const respond = (n: number, body: Json, as = 'company') =>
    call(as, 'POST', `/api/v1/improvement-plans/${planId}/actions/${n}/response`, body);
  const review = (n: number, body: Json, as = 'reviewer') =>
    call(as, 'POST', `/api/v1/improvement-plans/${planId}/actions/${n}/review`, body);

  beforeAll(async () => {
    const policy = { selfAssessment: QUESTIONS };
    expect((await call('admin', 'PUT', '/api/v1/partnerships/metaal/policy', policy)).status).toBe(200);
    recognitionId = await approvedRecognition(call, 'reviewer', {
      jointCommittee: '111',
      trainingCode: 'lassen-constructie-duaal',
      companyName: 'Metaalwerken Peeters',
    });
  });

  it('refuses actions with another outcome than improvement-needed, and a due date in the past', async () => {
    checkId = await answeredCheck();
    const withOk = await call('reviewer', 'POST', `/api/v1/quality-checks/${checkId}/evaluation`, { outcome: 'ok', actions });
    expect(withOk.status).toBe(400);
    expect(withOk.body.errors).toEqual([expect.objectContaining({ path: 'actions', code: 'actions-need-improvement' })]);
    const past = await call('reviewer', 'POST', `/api/v1/quality-checks/${checkId}/evaluation`, {
      outcome: 'improvement-needed',
      actions: [{ description: 'Te laat', dueOn: '2020-01-01' }],
    });
    expect(past.status).toBe(400);
    expect(past.body.errors).toEqual([expect.objectContaining({ path: 'actions.0.dueOn', code: 'today-or-later' })]);
  });

  it('opens a plan from an evaluation with actions, which the company and its partnership see and another company does not', async () => {
    const evaluated = await call('reviewer', 'POST', `/api/v1/quality-checks/${checkId}/evaluation`, {
      outcome: 'improvement-needed',
      notes: 'Veilig werken op hoogte eerst.',
      actions,
    });
    expect(evaluated.status).toBe(200);
    planId = evaluated.body.improvementPlanId as string;
    expect(planId).toEqual(expect.any(String));
    const opened = await eventually(async () => {
      const found = await call('company', 'GET', `/api/v1/improvement-plans/${planId}`);
      return found.status === 200 ? found.body : undefined;
    });
    expect(opened).toMatchObject({
      recognitionId,
      checkId,
      partnershipId: 'metaal',
      status: 'open',
      actions: [
        { n: 1, ...actions[0], status: 'open', responses: [] },
        { n: 2, ...actions[1], status: 'open', responses: [] },
      ],
    });
    const listed = await call('reviewer', 'GET', `/api/v1/improvement-plans?recognitionId=${recognitionId}&status=open`);
    expect(listed.body.map((p: Json) => p.id)).toEqual([planId]);

    expect((await call('otherCompany', 'GET', `/api/v1/improvement-plans/${planId}`)).status).toBe(404);
    expect((await call('otherCompany', 'GET', `/api/v1/improvement-plans?recognitionId=${recognitionId}`)).body).toEqual([]);
    expect((await respond(1, { message: 'Niet van ons' }, 'otherCompany')).status).toBe(404);
    expect((await call('bouwReviewer', 'GET', `/api/v1/improvement-plans/${planId}`)).status).toBe(404);
    expect((await review(1, { outcome: 'done' }, 'bouwReviewer')).status).toBe(404);
  });

  it('takes the company’s answers with its own documents, sends a not-done action back, and is done once every action is', async () => {
    // A document of the company's own (uploaded to an application of its own); another id is refused.
    const applicationId = await filedApplication(call);
    const form = new FormData();
    form.set('kind', 'foto');
    form.set('file', new Blob([new Uint8Array(samplePdf())], { type: 'application/octet-stream' }), 'valbeveiliging.pdf');
    const uploaded = await fetch(`${stack.baseUrl}/api/v1/applications/${applicationId}/documents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${stack.tokens.company}` },
      body: form,
    });
    expect(uploaded.status).toBe(201);
    const documentId = ((await uploaded.json()) as Json).id as string;

    const unknown = await respond(1, { message: 'Zie bijlage', documentIds: ['not-a-document'] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toEqual([expect.objectContaining({ path: 'documentIds.0', code: 'unknown-document' })]);

    const answered = await respond(1, { message: 'De valbeveiliging is geplaatst.', documentIds: [documentId] });
    expect(answered.status).toBe(200);
    expect(answered.body.actions[0]).toMatchObject({
      status: 'answered',
      responses: [{ message: 'De valbeveiliging is geplaatst.', documentIds: [documentId], by: COMPANY.sub }],
    });
    // The company does not review its own answers.
    expect((await review(1, { outcome: 'done' }, 'company')).status).toBe(403);

    const sentBack = await review(1, { outcome: 'not-done', note: 'Op de foto ontbreekt de leuning.' });
    expect(sentBack.body.actions[0]).toMatchObject({ status: 'not-done', review: { outcome: 'not-done' } });
    await respond(1, { message: 'De leuning is er nu ook.' });
    await review(1, { outcome: 'done' });
    const done = await review(2, { outcome: 'done', note: 'Attest gezien bij het bezoek.' });
    expect(done.body).toMatchObject({ status: 'done', settledAt: expect.any(String) });
    expect(done.body.overdueAt).toBeUndefined();
    expect((await plan()).status).toBe('done');

    // A done action takes no more answers or reviews.
    expect((await respond(2, { message: 'Nog iets' })).status).toBe(409);
    expect((await review(1, { outcome: 'not-done' })).status).toBe(409);
  });

  it('counts the plan in monitoring: opened and done in time, none overdue', async () => {
    const year = today.slice(0, 4);
    const report = await eventually(async () => {
      const answer = await call('reviewer', 'GET', `/api/v1/monitoring?year=${year}`);
      const figures = answer.body.partnerships?.[0]?.improvementPlans;
      return figures?.doneInTime === 1 ? answer.body : undefined;
    });
    expect(report.partnerships[0].improvementPlans).toEqual({ opened: 1, doneInTime: 1, overdue: 0 });
    const csv = await fetch(`${stack.baseUrl}/api/v1/monitoring?year=${year}`, {
      headers: { authorization: `Bearer ${stack.tokens.reviewer}`, accept: 'text/csv' },
    });
    const [header, row] = (await csv.text())
      .trimEnd()
      .split('\r\n')
      .map((line) => line.split(','));
    const cell = (name: string) => row![header!.indexOf(name)];
    expect([cell('improvementPlans.opened'), cell('improvementPlans.doneInTime'), cell('improvementPlans.overdue')]).toEqual([
      '1',
      '1',
      '0',
    ]);
  });

  it('asks on a site visit the points of the partnership’s visitChecklist', async () => {
    const points = ['Veiligheidsmateriaal aanwezig', 'Werkplek opgeruimd'];
    expect((await call('admin', 'PUT', '/api/v1/partnerships/bouw/policy', { visitChecklist: points })).status).toBe(200);
    const applicationId = await filedApplication(call);
    await eventually(async () =>
      (await call('admin', 'GET', `/api/v1/applications/${applicationId}`)).body.status === 'in_review' ? true : undefined,
    );
    const reviewer = await new PageVisitor(stack.baseUrl).signIn('reviewer', 'bouw');
    const form = textOf((await reviewer.get(`/dossiers/${applicationId}`)).html);
    for (const point of points) expect(form).toContain(point);
    expect(form).not.toContain('Werkplek veilig');
    const visited = await reviewer.post(`/dossiers/${applicationId}/bezoek`, {
      visitedOn: today,
      'points.0': points[0]!,
      'points.1': points[1]!,
      [`checklist.${points[0]}`]: 'true',
    });
    expect(visited.location).toBe(`/dossiers/${applicationId}?gelukt=bezoek`);
    const view = (await call('admin', 'GET', `/api/v1/applications/${applicationId}`)).body;
    expect(view.visits[0].checklist).toEqual({ [points[0]!]: true, [points[1]!]: false });
  });
});
