import { browserForTests, checkAccessibilityFully, screenshot, signInAs, signInForPartnership } from './support/browser';
import { ADMIN, DEV_COMPANY, reviewerOf } from './support/people';
import { approvedRecognition } from './support/sample-application';
import { suiteStack } from './support/stack';

// A recognition's changes during validity in Chromium: the company changes its contact at once
// and asks for more places, the reviewer approves them, and the timeline tells it all. Every
// page is checked with axe at every impact, and photographed for the README.

const stack = suiteStack({ company: DEV_COMPANY, reviewer: reviewerOf('bouw'), admin: ADMIN });
const browser = browserForTests();
const { call } = stack;
let recognitionId: string;

beforeAll(async () => {
  expect((await call('admin', 'PUT', '/api/v1/partnerships/bouw/policy', { capacityIncreaseWithoutReview: 1 })).status).toBe(200);
  recognitionId = await approvedRecognition(call, 'reviewer', { capacity: 2, companyName: 'Bakkerij Wouters' });
}, 60_000);

test('when the company changes its contact and asks for more places, then it sees what applies and what waits, and each page passes axe', async () => {
  const tab = await browser().newPage(stack.baseUrl);
  await signInAs(tab, 'company');
  await tab.goto(`/erkenningen/${recognitionId}`);
  await tab.getByRole('link', { name: 'Contactpersoon, plaatsen of adres wijzigen' }).click();
  await tab.getByRole('heading', { name: 'Gegevens wijzigen', level: 1 }).waitFor();
  await checkAccessibilityFully(tab, 'onderneming: gegevens wijzigen');
  await screenshot(tab, 'erkenning-wijzigen');

  await tab.getByLabel('Aantal plaatsen voor leerlingen').fill('0');
  await tab.getByRole('button', { name: 'Wijzigingen bewaren' }).click();
  await tab.locator('.error-summary').waitFor();
  await checkAccessibilityFully(tab, 'onderneming: gegevens wijzigen (fout)');

  await tab.getByLabel('Naam van de contactpersoon').fill('Els Wouters');
  await tab.getByLabel('Aantal plaatsen voor leerlingen').fill('5');
  await tab.getByRole('button', { name: 'Wijzigingen bewaren' }).click();
  await tab.getByText('De rest beoordeelt het partnerschap eerst').waitFor();
  await tab.getByRole('heading', { name: 'Uw wijziging ligt bij het partnerschap' }).waitFor();
  await tab.getByText('Els Wouters').first().waitFor();
  await checkAccessibilityFully(tab, 'onderneming: erkenning met wijziging ter beoordeling');
  await screenshot(tab, 'erkenning-wijziging-ter-beoordeling');
  await tab.context().close();
});

test('when the reviewer approves the places, then the recognition and its timeline show them, and each page passes axe', async () => {
  const tab = await browser().newPage(stack.baseUrl);
  await signInForPartnership(tab, 'reviewer', 'bouw');
  // The change waits on the reviewer's start page, with its due date.
  await tab.getByRole('link', { name: 'Beoordeel de wijziging van Bakkerij Wouters (Ruwbouw duaal)' }).click();
  await tab.getByRole('heading', { name: 'Wijziging beoordelen', level: 1 }).waitFor();
  await checkAccessibilityFully(tab, 'beoordelaar: wijziging beoordelen');
  await screenshot(tab, 'erkenning-wijziging-beoordelen');

  await tab.getByRole('button', { name: 'Beslissing bewaren' }).click();
  await tab.locator('.error-summary').waitFor();
  await checkAccessibilityFully(tab, 'beoordelaar: wijziging beoordelen (fout)');
  await tab.getByRole('radio', { name: 'Goedkeuren', exact: true }).check();
  await tab.getByRole('button', { name: 'Beslissing bewaren' }).click();
  await tab.getByText('De beslissing over de wijziging is bewaard').waitFor();
  await tab.getByText('5 leerlingen tegelijk').waitFor();
  await tab.getByRole('heading', { name: 'Wijziging te beoordelen' }).waitFor({ state: 'detached' });
  const timeline = tab.locator('ol.timeline');
  await timeline.getByText('Wijziging goedgekeurd: aantal plaatsen (van 2 naar 5)').waitFor();
  await timeline.getByText('Gewijzigd: contactpersoon').waitFor();
  await timeline.getByText('Erkend').waitFor();
  await checkAccessibilityFully(tab, 'beoordelaar: erkenning met tijdlijn');
  await screenshot(tab, 'erkenning-tijdlijn');
  await tab.context().close();
});
