import { checkAccessibilityFully, browserForTests, screenshot, signInAs, signInForPartnership } from './support/browser';
import { ADMIN, COMPANY, reviewerOf } from './support/people';
import { QUESTIONS, approvedRecognition } from './support/sample-application';
import { suiteStack } from './support/stack';

// Improvement plans in Chromium (issue 23), each page with axe at every impact: the coordinator
// keeps templates of actions in the policy, the reviewer's evaluation starts from them, the
// company answers an action on the recognition's page (and a refused answer comes back), and the
// reviewer marks it done. Screenshots for the README.

const stack = suiteStack({ company: COMPANY, reviewer: reviewerOf('bouw'), admin: ADMIN });
const browser = browserForTests();
const { call } = stack;
let recognitionId: string;
let checkId: string;

const TEMPLATES = [
  { id: 'valbeveiliging', description: 'Valbeveiliging op de steigers plaatsen', dueAfter: 'P30D' },
  { id: 'risicoanalyse', description: 'De risicoanalyse van de werkplek bijwerken', dueAfter: 'P2M' },
];

beforeAll(async () => {
  const policy = { selfAssessment: QUESTIONS, improvementTemplates: TEMPLATES };
  expect((await call('admin', 'PUT', '/api/v1/partnerships/bouw/policy', policy)).status).toBe(200);
  recognitionId = await approvedRecognition(call, 'reviewer', { companyName: 'Bouwbedrijf Verbeke' });
  const reported = await call('reviewer', 'POST', `/api/v1/recognitions/${recognitionId}/incidents`, {
    description: 'Een leerling werkte zonder valbeveiliging op de steiger',
  });
  checkId = reported.body.qualityCheckId as string;
  const answered = await call('company', 'POST', `/api/v1/quality-checks/${checkId}/answers`, {
    answers: [
      { id: 'mentor-available', ok: true },
      { id: 'safety', ok: false, comment: 'Valbeveiliging is besteld' },
    ],
  });
  expect(answered.body.status).toBe('answered');
}, 60_000);

test('when the coordinator opens the policy, then the visit’s points and the templates of actions are there and a new one is kept', async () => {
  const tab = await browser().newPage(stack.baseUrl);
  await signInForPartnership(tab, 'coordinator', 'bouw');
  await tab.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Beleid' }).click();
  await tab.getByRole('heading', { name: 'Bezoek en verbeterplannen' }).waitFor();
  const fresh = tab.getByRole('group', { name: 'Nieuwe verbeteractie' });
  await fresh.getByLabel('Wat de onderneming doet').fill('Een tweede mentor aanduiden');
  await fresh.getByLabel('Uiterlijk na (aantal)').fill('6');
  await fresh.getByLabel('Eenheid').selectOption({ label: 'weken' });
  await checkAccessibilityFully(tab, 'coördinator: beleid met verbeteracties');
  await screenshot(tab, 'beleid-verbeteracties');
  await tab.getByRole('button', { name: 'Beleid bewaren' }).click();
  await tab.getByText('Het beleid is bewaard.').waitFor();
  const saved = (await call('admin', 'GET', '/api/v1/partnerships')).body.find((p: { id: string }) => p.id === 'bouw').policy;
  expect(saved.improvementTemplates).toEqual([
    ...TEMPLATES,
    expect.objectContaining({ description: 'Een tweede mentor aanduiden', dueAfter: 'P6W' }),
  ]);
  expect(saved.visitChecklist).toEqual(['Werkplek veilig', 'Uitrusting volgens opleidingsplan', 'Mentor aanwezig']);
  await checkAccessibilityFully(tab, 'coördinator: beleid met verbeteracties bewaard');
  await tab.context().close();
});

test('when the reviewer finds improvement needed, then the templates fill the actions and the plan opens', async () => {
  const tab = await browser().newPage(stack.baseUrl);
  await signInForPartnership(tab, 'reviewer', 'bouw');
  await tab.goto(`/toezicht/${checkId}`);
  await tab.getByRole('heading', { name: 'Kwaliteitscontrole beoordelen' }).waitFor();
  await tab.getByLabel('Verbetering nodig').check();
  expect(await tab.getByLabel('Actie 1', { exact: true }).inputValue()).toBe(TEMPLATES[0]!.description);
  // The third template (added above) is left out by emptying it.
  await tab.getByLabel('Actie 3', { exact: true }).fill('');
  await checkAccessibilityFully(tab, 'beoordelaar: beoordeling met verbeteracties');
  await screenshot(tab, 'beoordeling-verbeteracties');
  await tab.getByRole('button', { name: 'Beoordeling bewaren' }).click();
  await tab.waitForURL((url) => url.pathname === '/toezicht');
  const plans = (await call('reviewer', 'GET', `/api/v1/improvement-plans?recognitionId=${recognitionId}`)).body;
  expect(plans.map((p: { actions: unknown[] }) => p.actions.length)).toEqual([2]);
  await tab.context().close();
});

test('when the company answers an action on the recognition’s page, then a refusal comes back beside it and the answer is kept', async () => {
  const tab = await browser().newPage(stack.baseUrl);
  await signInAs(tab, 'company');
  // The start page says what waits, and leads to the plan.
  await tab.getByRole('link', { name: /^Verbeteracties te beantwoorden: 2 acties voor Ruwbouw duaal/ }).click();
  await tab.waitForURL((url) => url.pathname === `/erkenningen/${recognitionId}`);
  const plan = tab.getByRole('region', { name: 'Verbeterplan' });
  await plan.getByRole('heading', { name: /Actie 1: Valbeveiliging/ }).waitFor();
  await checkAccessibilityFully(tab, 'onderneming: erkenning met verbeterplan');
  await plan.getByRole('button', { name: 'Antwoord versturen' }).first().click();
  await tab.locator('.error-summary').waitFor();
  await checkAccessibilityFully(tab, 'onderneming: verbeterplan (fout)');
  await tab.getByLabel('Uw antwoord op actie 1').fill('De valbeveiliging staat er sinds maandag.');
  await tab.getByRole('button', { name: 'Antwoord versturen' }).first().click();
  await tab.waitForURL((url) => url.pathname === `/erkenningen/${recognitionId}`);
  await plan.getByText('Beantwoord, wacht op beoordeling').waitFor();
  await screenshot(tab, 'verbeterplan-onderneming');
  await checkAccessibilityFully(tab, 'onderneming: verbeterplan beantwoord');
  await tab.context().close();
});

test('when the reviewer marks the answered action done, then the recognition’s page shows it done', async () => {
  const tab = await browser().newPage(stack.baseUrl);
  await signInForPartnership(tab, 'reviewer', 'bouw');
  await tab.getByRole('link', { name: 'Antwoorden op verbeteracties te beoordelen: 1 actie' }).waitFor();
  await tab.goto(`/erkenningen/${recognitionId}`);
  const plan = tab.getByRole('region', { name: 'Verbeterplan' });
  await plan.getByText('De valbeveiliging staat er sinds maandag.').waitFor();
  await checkAccessibilityFully(tab, 'beoordelaar: erkenning met verbeterplan');
  await screenshot(tab, 'verbeterplan-beoordelaar');
  await plan.getByRole('group', { name: 'Is actie 1 uitgevoerd?' }).getByLabel('Ja, uitgevoerd').check();
  await plan.getByRole('button', { name: 'Beoordeling bewaren' }).first().click();
  await tab.waitForURL((url) => url.pathname === `/erkenningen/${recognitionId}`);
  await plan.getByText('Uitgevoerd', { exact: true }).waitFor();
  await checkAccessibilityFully(tab, 'beoordelaar: verbeteractie uitgevoerd');
  await tab.context().close();
});
