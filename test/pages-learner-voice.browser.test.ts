import type { Page } from 'playwright-core';
import { FEEDBACK_QUESTION_TEXT } from '../pages/feedback-questions';
import { PHONE, browserForTests, checkAccessibilityFully, screenshot, signInAs, signInForPartnership } from './support/browser';
import { PLACEMENT_PARTIES, SAMPLE_MENTOR } from './support/people';
import { approvedRecognition, daysFromToday } from './support/sample-application';
import { type Json, suiteStack } from './support/stack';

// The learner's voice in Chromium: the learner answers on a phone through the one-time link, the
// school keeps its searching learners, the reviewer reads the workplace's placements and figures,
// the coordinator the policy's new fields and the monitoring's shortage per province. Every page
// is checked with axe at every impact, and photographed for the README.

const stack = suiteStack(PLACEMENT_PARTIES);
const browser = browserForTests();
const { call } = stack;
const year = daysFromToday(0).slice(0, 4);
let recognitionId: string;
let placements: Json[];

/** A placement at the workplace, proposed by the school and accepted by the company. */
async function running(learnerReference: string): Promise<Json> {
  const body = { recognitionId, learnerReference, startsOn: daysFromToday(0) };
  const proposed = await call('school', 'POST', '/api/v1/placements', body);
  return (await call('company', 'POST', `/api/v1/placements/${proposed.body.id}/acceptance`, { mentor: SAMPLE_MENTOR })).body;
}

beforeAll(async () => {
  recognitionId = await approvedRecognition(call, 'reviewer', { capacity: 4, companyName: 'Schrijnwerkerij Maes' });
  placements = [await running('LL-S-001'), await running('LL-S-002'), await running('LL-S-003'), await running('LL-S-004')];
}, 60_000);

/** Answers every question of the learner's form with the same score. */
async function answerAll(tab: Page, score: string) {
  for (const question of Object.values(FEEDBACK_QUESTION_TEXT)) {
    await tab.getByRole('group', { name: question }).getByLabel(score, { exact: true }).check();
  }
}

test('when a learner opens the link on a phone, then the questions, a refusal and the thanks pass axe', async () => {
  const link = await call('school', 'POST', `/api/v1/placements/${placements[0]!.id}/feedback-link`);
  const tab = await browser().newPage(stack.baseUrl);
  await tab.goto(link.body.url as string);
  await tab.getByRole('heading', { name: 'Hoe was je werkplek?' }).waitFor();
  await checkAccessibilityFully(tab, 'leerling: feedback');
  await screenshot(tab, 'feedback-leerling');
  await tab.setViewportSize(PHONE);
  await checkAccessibilityFully(tab, 'leerling: feedback (telefoon)');
  await screenshot(tab, 'feedback-leerling-telefoon', PHONE);

  await tab.getByRole('button', { name: 'Verstuur mijn antwoorden' }).click();
  await tab.locator('.error-summary').waitFor();
  await checkAccessibilityFully(tab, 'leerling: feedback (fout, telefoon)');
  await answerAll(tab, '3 – eerder wel');
  await tab.getByLabel(/Wil je nog iets kwijt/).fill('Ik mocht veel zelf doen.');
  await tab.getByRole('button', { name: 'Verstuur mijn antwoorden' }).click();
  await tab.getByRole('heading', { name: 'Bedankt!' }).waitFor();
  await checkAccessibilityFully(tab, 'leerling: bedankt (telefoon)');

  await tab.goto(link.body.url as string);
  await tab.getByRole('heading', { name: 'Deze link werkt niet meer' }).waitFor();
  await checkAccessibilityFully(tab, 'leerling: link werkt niet meer (telefoon)');
  await tab.context().close();
});

test('when the school registers a searching learner and removes one, then each page passes axe', async () => {
  const tab = await browser().newPage(stack.baseUrl);
  await signInAs(tab, 'school');
  await tab.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Zoekende leerlingen' }).click();
  await tab.getByRole('heading', { name: 'Zoekende leerlingen', level: 1 }).waitFor();
  await checkAccessibilityFully(tab, 'school: zoekende leerlingen (geen)');

  const register = async (code: string, postcode: string) => {
    await tab.getByLabel('Code van de leerling').fill(code);
    await tab.getByLabel('Opleiding').selectOption({ label: 'Ruwbouw duaal' });
    await tab.getByLabel('Postcode van de woonplaats').fill(postcode);
    await tab.getByRole('button', { name: 'Leerling registreren' }).click();
  };
  await register('ZL-001', '90');
  await tab.locator('.error-summary').waitFor();
  await checkAccessibilityFully(tab, 'school: zoekende leerlingen (fout)');
  await tab.getByLabel('Postcode van de woonplaats').fill('9000');
  await tab.getByRole('button', { name: 'Leerling registreren' }).click();
  await tab.getByText('De leerling staat nu bij de zoekende leerlingen.').waitFor();
  await register('ZL-002', '9300');
  await tab.getByText('De leerling staat nu bij de zoekende leerlingen.').waitFor();
  await register('ZL-003', '2000');
  await tab.getByText('De leerling staat nu bij de zoekende leerlingen.').waitFor();
  await checkAccessibilityFully(tab, 'school: zoekende leerlingen');
  await screenshot(tab, 'zoekende-leerlingen');

  await tab.getByRole('link', { name: 'Verwijderen (ZL-003)' }).click();
  await tab.getByRole('heading', { name: 'Leerling ZL-003 verwijderen?' }).waitFor();
  await checkAccessibilityFully(tab, 'school: zoekende leerling verwijderen');
  await tab.getByRole('button', { name: 'Ja, verwijderen' }).click();
  await tab.getByText('De leerling is verwijderd uit de zoekende leerlingen.').waitFor();
  await tab.context().close();
});

test('when three learners answered, then the reviewer reads the placements and the figures on the recognition, passing axe', async () => {
  const answers = { guidance: 4, learning: 3, safety: 4, atmosphere: 2, recommend: 3 };
  for (const placement of placements.slice(1, 3)) {
    await call('school', 'POST', `/api/v1/placements/${placement.id}/learner-feedback`, { answers });
  }
  await call('school', 'POST', `/api/v1/placements/${placements[3]!.id}/end`, { endedOn: daysFromToday(0) });
  const tab = await browser().newPage(stack.baseUrl);
  await signInForPartnership(tab, 'reviewer', 'bouw');
  await tab.goto(`/erkenningen/${recognitionId}`);
  await tab.getByRole('heading', { name: 'Feedback van leerlingen' }).waitFor();
  await tab.getByText(/Gemiddeld 3,\d+ op 4/).waitFor();
  await checkAccessibilityFully(tab, 'beoordelaar: erkenning met plaatsingen en feedback');
  await screenshot(tab, 'erkenning-plaatsingen-feedback');
  await tab.getByRole('link', { name: 'LL-S-001' }).waitFor();
  await tab.context().close();
});

test('when the coordinator opens the policy and the monitoring, then the new fields and the shortage per province pass axe', async () => {
  const tab = await browser().newPage(stack.baseUrl);
  await signInForPartnership(tab, 'coordinator', 'bouw');
  await tab.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Beleid' }).click();
  await tab.getByLabel('Drempel voor feedback van leerlingen').fill('3,0');
  await tab.getByRole('group', { name: 'Termijn om een voorstel van plaatsing te beantwoorden' }).getByLabel('Aantal').fill('10');
  await checkAccessibilityFully(tab, 'coördinator: beleid met plaatsingen en feedback');
  await tab.getByRole('button', { name: 'Beleid bewaren' }).click();
  await tab.getByText('Het beleid is bewaard.').waitFor();
  await checkAccessibilityFully(tab, 'coördinator: beleid bewaard');

  await tab.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Monitoring' }).click();
  await tab.waitForURL((url) => url.pathname === `/monitoring/${year}`);
  await tab.getByRole('img', { name: /Zoekende leerlingen en vrije plaatsen per provincie/ }).waitFor();
  await checkAccessibilityFully(tab, 'coördinator: monitoring met plaatsingen en tekort');
  await screenshot(tab, 'monitoring-tekort');
  await tab.context().close();
});
