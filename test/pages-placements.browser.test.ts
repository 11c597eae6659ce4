import type { Page } from 'playwright-core';
import type { Recognition } from '../models/recognition';
import { loadRecognitions } from '../store/recognitions';
import { browserForTests, checkAccessibilityFully, screenshot, signInAs, signInForPartnership } from './support/browser';
import { PageVisitor, textOf } from './support/pages';
import { sampleRecognition } from './support/sample-recognition';
import { eventually, suiteStack } from './support/stack';

// A placement agreement in Chromium, each party by links and buttons from its start page: the
// school proposes from the register search, the company answers on its start page, accepts with
// its mentor and evaluates, declines another, and the school follows, asks the learner and ends
// early. Every page is checked with axe at every impact; each party's main page is photographed.

const stack = suiteStack();
const browser = browserForTests();
const workplace: Recognition = sampleRecognition({
  companyName: 'Werkplaats Wouters',
  capacity: 3,
  address: { street: 'Dorp 2', postcode: '2800', municipality: 'Mechelen' },
});
const searchPath = `/register/zoeken?trainingCode=${workplace.trainingCode}&postcode=2800&hasCapacity=true`;

beforeAll(async () => {
  await loadRecognitions(stack.db, [workplace]);
  const school = await new PageVisitor(stack.baseUrl).signIn('school');
  await eventually(async () => (textOf((await school.get(searchPath)).html).includes('Werkplaats Wouters') ? true : undefined));
}, 60_000);

/** The school proposes a learner from the search with the form's defaults; the page stays on the proposal. */
async function propose(tab: Page, learner: string, photograph = false) {
  await tab.goto(searchPath);
  await tab.getByRole('link', { name: 'Leerling plaatsen bij Werkplaats Wouters' }).click();
  await tab.getByRole('heading', { name: 'Een leerling plaatsen bij Werkplaats Wouters' }).waitFor();
  await tab.getByLabel('Code van de leerling').fill(learner);
  if (photograph) {
    await checkAccessibilityFully(tab, 'school: plaatsing voorstellen');
    await screenshot(tab, 'plaatsing-voorstel-school');
  }
  await tab.getByRole('button', { name: 'Leerling plaatsen' }).click();
  await tab.getByText('Uw voorstel is verstuurd').waitFor();
}

test('when the school proposes and the company answers, evaluates and the school ends early, then every page passes axe, with screenshots', async () => {
  const school = await browser().newPage(stack.baseUrl);
  await signInAs(school, 'school');
  await propose(school, 'LL-W-001', true);
  await checkAccessibilityFully(school, 'school: plaatsing voorgesteld');
  await propose(school, 'LL-W-002');

  // The company: the proposals wait on its start page, nearest answer date first.
  const company = await browser().newPage(stack.baseUrl);
  await signInAs(company, 'company');
  await company.getByRole('link', { name: /Beantwoord het voorstel van plaatsing: leerling LL-W-001/ }).waitFor();
  await checkAccessibilityFully(company, 'onderneming: overzicht met voorstellen');
  await company.getByRole('link', { name: 'Uw plaatsingen' }).click();
  await company.getByText('2 voorstellen wachten op uw antwoord').waitFor();
  await checkAccessibilityFully(company, 'onderneming: plaatsingen (voorstellen)');

  await company.getByRole('link', { name: 'LL-W-001', exact: true }).click();
  await company.getByRole('link', { name: 'Voorstel aanvaarden en een mentor kiezen' }).click();
  await checkAccessibilityFully(company, 'onderneming: plaatsing aanvaarden');
  await screenshot(company, 'plaatsing-aanvaarden');
  await company.getByRole('button', { name: 'Voorstel aanvaarden' }).click();
  await company.getByText('U aanvaardde de plaatsing').waitFor();
  await checkAccessibilityFully(company, 'onderneming: plaatsing lopend');

  // The interim evaluation: refused unanswered, then saved with an answer per activity.
  await company.getByRole('link', { name: 'Tussentijdse evaluatie invullen' }).click();
  await company.getByRole('button', { name: 'Evaluatie bewaren' }).click();
  await company.locator('.error-summary').waitFor();
  await checkAccessibilityFully(company, 'onderneming: evaluatie (fout)');
  const rows = await company.locator('input[type="radio"][value="practised"]').count();
  for (let i = 0; i < rows; i += 1) await company.locator(`input[name="activities.${i}.progress"][value="practised"]`).check();
  await company.locator('input[name="activities.0.progress"][value="mastered"]').check();
  await company.getByLabel(/Opmerking voor de school/).fill('Werkt nauwkeurig en veilig.');
  await checkAccessibilityFully(company, 'onderneming: evaluatie');
  await screenshot(company, 'plaatsing-evaluatie');
  await company.getByRole('button', { name: 'Evaluatie bewaren' }).click();
  await company.getByText('De evaluatie is bewaard.').waitFor();

  // The other proposal declined, after the confirmation.
  await company.getByRole('link', { name: 'Naar alle plaatsingen' }).click();
  await company.getByRole('link', { name: 'LL-W-002', exact: true }).click();
  await company.getByRole('link', { name: 'Voorstel weigeren' }).click();
  await company.getByRole('button', { name: 'Ja, voorstel weigeren' }).click();
  await company.locator('.error-summary').waitFor();
  await checkAccessibilityFully(company, 'onderneming: voorstel weigeren (fout)');
  await company.getByLabel('Waarom weigert u?').fill('Geen mentor vrij tot september.');
  await company.getByRole('button', { name: 'Ja, voorstel weigeren' }).click();
  await company.getByText('U weigerde het voorstel.').waitFor();
  await company.getByRole('link', { name: 'Naar alle plaatsingen' }).click();
  await checkAccessibilityFully(company, 'onderneming: plaatsingen');
  await screenshot(company, 'plaatsingen-onderneming');

  // The school follows: the evaluation on the placement's page, the refusal in its list.
  await school.goto('/plaatsingen');
  await school.getByText('Geweigerd door de onderneming: Geen mentor vrij tot september.').waitFor();
  await checkAccessibilityFully(school, 'school: plaatsingen (lopend en geweigerd)');
  await school.getByRole('link', { name: 'LL-W-001', exact: true }).click();
  await school.getByText('Werkt nauwkeurig en veilig.').waitFor();
  await checkAccessibilityFully(school, 'school: plaatsing met evaluatie');
  await screenshot(school, 'plaatsing-school');

  await school.getByRole('link', { name: 'De vragen samen met de leerling invullen' }).click();
  await checkAccessibilityFully(school, 'school: feedback van de leerling invullen');
  await school.goBack();
  await school.getByRole('button', { name: 'Een eenmalige link voor de leerling maken' }).click();
  await school.getByLabel('Link voor de leerling').waitFor();
  await checkAccessibilityFully(school, 'school: link voor de leerling');
  await school.getByRole('link', { name: 'Terug naar de plaatsing' }).click();

  // Ended early: refused without a reason, then with one.
  await school.getByRole('link', { name: 'Vroegtijdig beëindigen met een reden' }).click();
  await school.getByRole('button', { name: 'Ja, plaatsing vroegtijdig beëindigen' }).click();
  await school.locator('.error-summary').waitFor();
  await checkAccessibilityFully(school, 'school: plaatsing vroegtijdig beëindigen (fout)');
  await school.getByLabel('De leerling koos om te stoppen').check();
  await screenshot(school, 'plaatsing-vroegtijdig-beeindigen');
  await school.getByRole('button', { name: 'Ja, plaatsing vroegtijdig beëindigen' }).click();
  await school.getByText('De plaatsing is vroegtijdig beëindigd.').waitFor();
  await checkAccessibilityFully(school, 'school: plaatsing vroegtijdig beëindigd');

  // The partnership reads the placement.
  const reviewer = await browser().newPage(stack.baseUrl);
  await signInForPartnership(reviewer, 'reviewer', 'bouw');
  await reviewer.goto(school.url().split('?')[0]!);
  await reviewer.getByRole('heading', { name: 'Plaatsing van leerling LL-W-001' }).waitFor();
  await checkAccessibilityFully(reviewer, 'beoordelaar: plaatsing');
  for (const tab of [school, company, reviewer]) await tab.context().close();
});
