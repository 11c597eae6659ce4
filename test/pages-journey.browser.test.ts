import type { Page } from 'playwright-core';
import { freshApplicationExample } from '../api/examples';
import { browserForTests, checkAccessibility, screenshot } from './support/browser';
import { suiteStack } from './support/stack';

// The whole journey in Chromium, as a new user walks it after `npm start`: the company applies,
// the partnership's reviewer approves, a school sees "Erkend" for the workplace. Nobody types a
// URL but the first one: every next page is reached by a link or a button. Each main page is
// checked with axe and photographed for the README.

const stack = suiteStack();
const browser = browserForTests();

async function signOut(page: Page) {
  await page.getByRole('button', { name: 'Afmelden' }).click();
  await page.waitForURL('**/aanmelden');
}

async function checked(page: Page, name: string) {
  await checkAccessibility(page, name);
  await screenshot(page, name);
}

test('a company applies, the reviewer approves, and a school sees the workplace recognised', async () => {
  const application = freshApplicationExample();
  const mentor = application.mentors[0]!;
  const page = await browser().newPage(stack.baseUrl);

  // The company: sign-in, start page, the five steps, check your answers, submit.
  await page.goto('/');
  await page.waitForURL('**/aanmelden?terug=%2F');
  await checked(page, 'aanmelden');
  await page.getByRole('button', { name: /Onderneming 0403\.170\.701/ }).click();
  await page.getByRole('link', { name: 'Nieuwe aanvraag tot erkenning' }).click();
  await page.getByRole('link', { name: 'Beginnen' }).click();

  await page.fill('[name="establishmentNumber"]', application.establishmentNumber);
  await page.fill('[name="companyName"]', application.companyName);
  await page.fill('[name="jointCommittee"]', application.jointCommittee);
  await page.getByRole('button', { name: 'Doorgaan' }).click();

  await page.selectOption('[name="trainingCode"]', application.trainingCode);
  await page.fill('[name="capacity"]', String(application.capacity));
  await page.fill('[name="address.street"]', application.address.street);
  await page.fill('[name="address.postcode"]', application.address.postcode);
  await page.fill('[name="address.municipality"]', application.address.municipality);
  await page.getByRole('button', { name: 'Doorgaan' }).click();

  await page.fill('[name="contact.name"]', application.contact.name);
  await page.fill('[name="contact.email"]', application.contact.email);
  await page.getByRole('button', { name: 'Doorgaan' }).click();

  await page.fill('[name="mentors.0.firstName"]', mentor.firstName);
  await page.fill('[name="mentors.0.lastName"]', mentor.lastName);
  await page.fill('[name="mentors.0.birthDate"]', mentor.birthDate);
  await page.fill('[name="mentors.0.yearsOfExperience"]', String(mentor.yearsOfExperience));
  await page.fill('[name="mentors.0.criminalRecordExtractDate"]', mentor.criminalRecordExtractDate);
  await page.fill('[name="mentors.0.mentorTrainingCompletedOn"]', mentor.mentorTrainingCompletedOn);
  await page.getByRole('button', { name: 'Doorgaan' }).click();

  for (const declaration of await page.locator('input[type="checkbox"]').all()) await declaration.check();
  await page.getByRole('button', { name: 'Doorgaan' }).click();

  await page.getByRole('heading', { level: 1 }).waitFor();
  await checked(page, 'aanvraag-controle');
  await page.getByRole('button', { name: 'Aanvraag indienen' }).click();
  await page.waitForURL(/\/aanvragen\/[0-9a-f-]{36}/);
  await page.getByText('In behandeling').first().waitFor();
  await checked(page, 'aanvraag-dossier');
  await signOut(page);

  // The reviewer of the partnership: the start page names the decision to take.
  await page.selectOption('[name="partnershipId"]', 'bouw');
  await page.getByRole('button', { name: 'Als beoordelaar' }).click();
  await page.getByRole('link', { name: new RegExp(`Beslis over ${application.companyName}`) }).waitFor();
  await checked(page, 'overzicht-beoordelaar');
  await page.getByRole('link', { name: 'Dossiers', exact: true }).click();
  await checked(page, 'dossiers');
  await page.getByRole('link', { name: application.companyName }).click();
  await checked(page, 'dossier-beoordelen');
  await page.getByLabel('Goedkeuren').check();
  await page.fill('[name="reasons"]', 'De werkplek voldoet aan alle voorwaarden.');
  await page.getByRole('button', { name: 'Beslissing vastleggen' }).click();
  // The dossier's own link, not the menu's overview of recognitions.
  await page.getByRole('link', { name: 'Naar de erkenning' }).click();
  await page.waitForURL(/\/erkenningen\//);
  await page.getByText('Erkend').first().waitFor();
  await signOut(page);

  // The school: from its start page to the register, where the workplace is "Erkend".
  await page.getByRole('button', { name: /School/ }).click();
  await page.getByRole('link', { name: 'Nakijken of een werkplek erkend is' }).click();
  await page.fill('[name="enterpriseNumber"]', application.enterpriseNumber);
  await page.fill('[name="establishmentNumber"]', application.establishmentNumber);
  await page.selectOption('[name="trainingCode"]', application.trainingCode);
  await page.getByRole('button', { name: 'Nakijken' }).click();
  const verdict = page.locator('.panel .verdict');
  await verdict.waitFor();
  expect(await verdict.innerText()).toBe('Erkend');
  await checked(page, 'register-erkend');
}, 120_000);
