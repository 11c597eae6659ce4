import { browserForTests, checkAccessibilityFully, screenshot, signInWithToken } from './support/browser';
import { PageVisitor, textOf } from './support/pages';
import { COMPANY, DEV_SCHOOL, reviewerOf } from './support/people';
import { sampleApplicationBody } from './support/sample-application';
import { type Json, suiteStack } from './support/stack';

// A school that reported an incident follows the quality check it opened: where it stands and
// its outcome, never the company's answers or the reviewer's notes; another school sees nothing.

const stack = suiteStack({
  company: COMPANY,
  reviewer: reviewerOf('bouw'),
  // School A as the pages' development identity signs in.
  schoolA: DEV_SCHOOL,
  schoolB: { sub: 'teacher-b', role: 'school', schoolId: 'school-2' },
});
const { call, tokens } = stack;
let recognitionId: string;

beforeAll(async () => {
  const applied = await call('company', 'POST', '/api/v1/applications', sampleApplicationBody({ trainingCode: 'ruwbouw-duaal' }));
  expect(applied.body).toMatchObject({ status: 'in_review' });
  const decided = await call('reviewer', 'POST', `/api/v1/applications/${applied.body.id}/decision`, {
    outcome: 'approved',
    reasons: ['In orde'],
  });
  recognitionId = decided.body.recognitionId as string;
}, 60_000);

const SCHOOL_VIEW_FIELDS = ['companyName', 'dueOn', 'id', 'openedAt', 'reason', 'recognitionId', 'status', 'trainingCode'];

test('school A follows its report to the outcome without the answers; school B gets 404 and an empty list; the pages say it in Dutch', async () => {
  const reported = await call('schoolA', 'POST', `/api/v1/recognitions/${recognitionId}/incidents`, {
    description: 'De leerling werkte zonder mentor op het dak.',
  });
  expect(reported.status).toBe(201);
  expect(reported.body).toEqual({ qualityCheckId: expect.any(String), status: 'open' });
  const checkId = reported.body.qualityCheckId as string;

  // A sees the check open, in the reduced view.
  const open = await call('schoolA', 'GET', `/api/v1/quality-checks/${checkId}`);
  expect(open.status).toBe(200);
  expect(open.body).toMatchObject({
    id: checkId,
    recognitionId,
    companyName: 'Bouwbedrijf De Vries',
    trainingCode: 'ruwbouw-duaal',
    reason: 'incident',
    status: 'open',
  });
  expect(Object.keys(open.body).sort()).toEqual(SCHOOL_VIEW_FIELDS);
  const listed = await call('schoolA', 'GET', '/api/v1/quality-checks?reportedBy=me');
  expect(listed.body).toEqual([open.body]);

  // B: neither the check nor its existence; an empty list, whatever it asks.
  const other = await call('schoolB', 'GET', `/api/v1/quality-checks/${checkId}`);
  expect(other.status).toBe(404);
  const unknown = await call('schoolB', 'GET', '/api/v1/quality-checks/no-such-check');
  expect(other.body.detail).toBe(unknown.body.detail.replace('no-such-check', checkId));
  expect((await call('schoolB', 'GET', '/api/v1/quality-checks?reportedBy=me')).body).toEqual([]);
  expect((await call('schoolB', 'GET', `/api/v1/quality-checks?recognitionId=${recognitionId}`)).body).toEqual([]);

  // The company answers one "nee"; the reviewer asks for improvement.
  const check = (await call('company', 'GET', `/api/v1/quality-checks/${checkId}`)).body as Json;
  const answered = await call('company', 'POST', `/api/v1/quality-checks/${checkId}/answers`, {
    answers: check.questions.map((q: Json, i: number) => ({ id: q.id, ok: i > 0, comment: 'Geheime uitleg van de onderneming' })),
  });
  expect(answered.body).toMatchObject({ status: 'answered' });
  expect((await call('schoolA', 'GET', `/api/v1/quality-checks/${checkId}`)).body).toMatchObject({ status: 'answered' });
  const evaluated = await call('reviewer', 'POST', `/api/v1/quality-checks/${checkId}/evaluation`, {
    outcome: 'improvement-needed',
    notes: 'Interne nota van de beoordelaar',
  });
  expect(evaluated.body).toMatchObject({ status: 'closed', outcome: 'improvement-needed' });

  const closed = await call('schoolA', 'GET', `/api/v1/quality-checks/${checkId}`);
  expect(closed.body).toMatchObject({ status: 'closed', outcome: 'improvement-needed', closedAt: expect.any(String) });
  expect(Object.keys(closed.body).sort()).toEqual([...SCHOOL_VIEW_FIELDS, 'closedAt', 'outcome'].sort());
  expect(JSON.stringify(closed.body)).not.toMatch(/Geheime uitleg|Interne nota|zonder mentor/);
  expect((await call('schoolA', 'GET', '/api/v1/quality-checks')).body).toEqual([closed.body]);
  expect((await call('schoolB', 'GET', `/api/v1/quality-checks/${checkId}`)).status).toBe(404);

  // The pages: school A's list and the check, in Dutch, without the answers or notes.
  const school = await new PageVisitor(stack.baseUrl).signIn('school');
  expect(textOf((await school.get('/')).html)).toContain('Uw meldingen van problemen volgen');
  const list = await school.get('/meldingen');
  expect(list.status).toBe(200);
  expect(list.html).toContain(`href="/meldingen/${checkId}"`);
  const listText = textOf(list.html);
  expect(listText).toContain('Bouwbedrijf De Vries, Ruwbouw duaal');
  expect(listText).toContain('Afgesloten');
  expect(listText).toContain('Verbetering nodig');
  const one = await school.get(`/meldingen/${checkId}`);
  expect(one.status).toBe(200);
  const text = textOf(one.html);
  expect(text).toContain('de onderneming moet de werkplek verbeteren');
  expect(text).toContain('Verbetering nodig');
  expect(text).not.toMatch(/Geheime uitleg|Interne nota/);
  expect((await school.get('/meldingen/no-such-check')).status).toBe(404);
});

test('the report page links the confirmation to the check the school follows', async () => {
  const school = await new PageVisitor(stack.baseUrl).signIn('school');
  const path = `/erkenningen/${recognitionId}/melding?onderneming=0403170701`;
  await school.get(path);
  const reported = await school.post(path, { description: 'Geen valbeveiliging op de steiger.' });
  expect(reported.status).toBe(200);
  const checkId = new URL(reported.location!, 'http://pages').searchParams.get('controle');
  expect(reported.html).toContain(`href="/meldingen/${checkId}"`);
  const followed = await school.get(`/meldingen/${checkId}`);
  expect(followed.status).toBe(200);
  expect(textOf(followed.html)).toContain('Te beantwoorden');
  expect(textOf(followed.html)).toContain('Nog niet beslist');
});

describe('in Chromium', () => {
  const browser = browserForTests();

  test('the reports (none yet, a closed and an open check), the report form with its refusal and a check pass axe, with screenshots', async () => {
    // School B has reported nothing.
    const other = await browser().newPage(stack.baseUrl);
    await signInWithToken(other, tokens.schoolB!);
    await other.goto('/meldingen');
    await other.getByText('U hebt nog geen problemen gemeld.').waitFor();
    await checkAccessibilityFully(other, 'school: meldingen (geen)');
    await other.context().close();

    const tab = await browser().newPage(stack.baseUrl);
    await tab.goto('/aanmelden');
    await tab.click('button[value="school"]');
    await tab.waitForURL((url) => url.pathname === '/');
    await tab.goto(`/erkenningen/${recognitionId}/melding?onderneming=0403170701`);
    await tab.getByRole('button', { name: 'Melding versturen' }).click();
    await tab.locator('.error-summary').waitFor();
    await checkAccessibilityFully(tab, 'school: probleem melden (fout)');
    await screenshot(tab, 'school-melding-fout');
    await tab.getByRole('textbox').fill('De leerling kreeg geen veiligheidsschoenen.');
    await tab.getByRole('button', { name: 'Melding versturen' }).click();
    await tab.getByText('Uw melding is doorgegeven').waitFor();
    await checkAccessibilityFully(tab, 'school: probleem gemeld');

    await tab.getByRole('link', { name: 'Volg wat er met uw melding gebeurt' }).click();
    await tab.getByRole('heading', { name: 'Uw melding' }).waitFor();
    await checkAccessibilityFully(tab, 'school: melding (lopend)');
    await screenshot(tab, 'school-melding');

    await tab.goto('/meldingen');
    await tab.getByText('Verbetering nodig').waitFor();
    await checkAccessibilityFully(tab, 'school: meldingen');
    await screenshot(tab, 'school-meldingen');
    await tab.getByRole('row').filter({ hasText: 'Afgesloten' }).getByRole('link').click();
    await tab.getByText('de onderneming moet de werkplek verbeteren').waitFor();
    await checkAccessibilityFully(tab, 'school: melding (afgesloten)');
    await screenshot(tab, 'school-melding-afgesloten');
    await tab.context().close();
  });
});
