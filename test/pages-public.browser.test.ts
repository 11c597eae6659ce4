import { loadRecognitions } from '../store/recognitions';
import { PHONE, browserForTests, checkAccessibilityFully, screenshot, signInAs } from './support/browser';
import { PageVisitor, textOf } from './support/pages';
import { sampleRecognition } from './support/sample-recognition';
import { eventually, suiteStack } from './support/stack';

// The public register in Chromium: anyone, from the sign-in page and without signing in, finds
// a recognised workplace for a training in a municipality, is told a postcode that is none, and
// verifies a recognition by its certificate's link; the company finds the certificate on its
// recognition; a school finds a company by name. Every page is checked with axe at every impact,
// and the new ones photographed.

const stack = suiteStack();
const browser = browserForTests();

const bakery = sampleRecognition({
  id: 'pub-bakkerij',
  companyName: 'Bakkerij De Zon',
  address: { street: 'Kerkstraat 1', postcode: '9100', municipality: 'Sint-Niklaas' },
  capacity: 2,
});
const builder = sampleRecognition({
  id: 'pub-bouw',
  companyName: 'Bouwbedrijf Wauters',
  address: { street: 'Stationsstraat 9', postcode: '9100', municipality: 'Sint-Niklaas' },
});

beforeAll(async () => {
  await loadRecognitions(stack.db, [bakery, builder]);
  const anyone = new PageVisitor(stack.baseUrl);
  await eventually(async () =>
    textOf((await anyone.get('/werkplek-zoeken?municipality=sint-niklaas')).html).includes('Bouwbedrijf Wauters')
      ? true
      : undefined,
  );
}, 60_000);

test('when anyone searches from the sign-in page, then the search, its results, a refusal and none found pass axe', async () => {
  const tab = await browser().newPage(stack.baseUrl);
  await tab.goto('/aanmelden');
  await tab.getByRole('link', { name: 'een erkende werkplek zoeken' }).click();
  await tab.getByRole('heading', { name: 'Een erkende werkplek zoeken' }).waitFor();
  await checkAccessibilityFully(tab, 'publiek: werkplek zoeken');

  await tab.getByLabel('Opleiding').selectOption(bakery.trainingCode);
  await tab.getByLabel('Gemeente').fill('sint niklaas');
  await tab.getByRole('button', { name: 'Zoeken' }).click();
  await tab.getByRole('heading', { name: 'Erkende werkplekken' }).waitFor();
  await tab.getByRole('cell', { name: 'Bakkerij De Zon', exact: true }).waitFor();
  expect(await tab.getByRole('cell', { name: 'ja', exact: true }).count()).toBe(2);
  expect(await tab.getByLabel('Gemeente').inputValue()).toBe('sint niklaas');
  await checkAccessibilityFully(tab, 'publiek: werkplek zoeken (resultaten)');
  await screenshot(tab, 'werkplek-zoeken');
  await tab.setViewportSize(PHONE);
  await checkAccessibilityFully(tab, 'publiek: werkplek zoeken (resultaten, telefoon)');
  await screenshot(tab, 'werkplek-zoeken-telefoon', PHONE);

  await tab.getByLabel('Gemeente').fill('');
  await tab.getByLabel('Of postcode').fill('91');
  await tab.getByRole('button', { name: 'Zoeken' }).click();
  await tab.locator('.error-summary').waitFor();
  expect(await tab.getByLabel('Of postcode').inputValue()).toBe('91');
  await checkAccessibilityFully(tab, 'publiek: werkplek zoeken (fout)');

  await tab.getByLabel('Of postcode').fill('8000');
  await tab.getByRole('button', { name: 'Zoeken' }).click();
  await tab.getByText('Er is geen erkende werkplek die aan uw zoekvraag voldoet').waitFor();
  await checkAccessibilityFully(tab, 'publiek: werkplek zoeken (geen)');
});

test('when anyone follows a result to its verification, then the recognition with its status today, and an unknown one, pass axe', async () => {
  const tab = await browser().newPage(stack.baseUrl);
  await tab.goto('/werkplek-zoeken?postcode=9100');
  await tab.getByRole('link', { name: 'Erkenning nakijken van Bakkerij De Zon' }).click();
  await tab.getByRole('heading', { name: 'Bakkerij De Zon' }).waitFor();
  await tab.locator('.tag', { hasText: 'Erkend' }).waitFor();
  await checkAccessibilityFully(tab, 'publiek: verificatie');
  await screenshot(tab, 'verificatie');
  await tab.goto('/verificatie/onbekend');
  await tab.getByRole('heading', { name: 'Erkenning niet gevonden' }).waitFor();
  await checkAccessibilityFully(tab, 'publiek: verificatie (onbekend)');
});

test('when the company opens its recognition, then the certificate is offered; a school finds a company by name, both pass axe', async () => {
  const company = await browser().newPage(stack.baseUrl);
  await signInAs(company, 'company');
  await company.goto(`/erkenningen/${bakery.id}`);
  await company.getByRole('link', { name: 'Attest downloaden (PDF)' }).waitFor();
  await checkAccessibilityFully(company, 'onderneming: erkenning met attest');

  const school = await browser().newPage(stack.baseUrl);
  await signInAs(school, 'school');
  await school.getByRole('link', { name: 'Werkplek zoeken' }).first().click();
  await school.getByLabel('Naam van de onderneming').fill('bouwbedrijf');
  await school.getByRole('button', { name: 'Zoeken' }).click();
  await school.getByRole('heading', { name: 'Ondernemingen met die naam' }).waitFor();
  await school.getByRole('cell', { name: 'Bouwbedrijf Wauters', exact: true }).waitFor();
  await checkAccessibilityFully(school, 'school: werkplek zoeken op naam');
  await screenshot(school, 'register-zoeken-naam');
});
