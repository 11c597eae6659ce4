import { loadRecognitions } from '../store/recognitions';
import { browserForTests, checkAccessibilityFully, screenshot, signInAs, signInForPartnership } from './support/browser';
import { loadOverview, overviewRecognitions } from './support/overview-recognitions';
import { ADMIN } from './support/people';
import { newEstablishmentNumber } from './support/sample-application';
import { sampleRecognition } from './support/sample-recognition';
import { eventually, suiteStack } from './support/stack';

// The partnership's overview of its recognitions (/erkenningen) and the start page's missed
// conditions in Chromium, on known recognitions loaded into the store: filtered with the form,
// paged with "Volgende", empty, and the administrator's partnership filter. Every page is checked
// with axe at every impact; the filtered overview and the start page are photographed.

const stack = suiteStack({ admin: ADMIN });
const browser = browserForTests();
const known = overviewRecognitions();
/** More of bouw than one page shows (25), to page through. */
const builders = Array.from({ length: 26 }, (_, i) =>
  sampleRecognition({ companyName: `Aannemer ${String(i + 1).padStart(2, '0')}`, establishmentNumber: newEstablishmentNumber() }),
);

beforeAll(async () => {
  await loadOverview(stack.db, known);
  await loadRecognitions(stack.db, builders);
  await eventually(async () => {
    const listed = await stack.call('admin', 'GET', '/api/v1/recognitions?limit=1000');
    return (listed.body as unknown as unknown[]).length === 34 ? true : undefined;
  });
}, 60_000);

test('a reviewer finds the missed conditions on the start page and filters, searches and pages the overview', async () => {
  const reviewer = await browser().newPage(stack.baseUrl);
  await signInForPartnership(reviewer, 'reviewer', 'bouw');

  // Oldest first: Mertens's condition was due 90 days ago, Peeters's 30; horeca's is not shown.
  const missed = reviewer.getByRole('heading', { name: 'Gemiste voorwaarden' }).locator('xpath=following-sibling::ul[1]/li');
  await missed.first().waitFor();
  expect(await missed.allInnerTexts()).toEqual([
    expect.stringMatching(
      /^Schrijnwerkerij Mertens \(.+\): opleiding niet gevolgd door Piet Mertens – uiterlijk .+ dagen te laat\)$/,
    ),
    expect.stringMatching(/^Dakwerken Peeters \(.+\): opleiding niet gevolgd door Jan Peeters – uiterlijk /),
  ]);
  await checkAccessibilityFully(reviewer, 'beoordelaar: overzicht met gemiste voorwaarden');
  await screenshot(reviewer, 'overzicht-gemiste-voorwaarden');

  await reviewer.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Erkenningen' }).click();
  await reviewer.getByRole('heading', { name: '33 erkenningen' }).waitFor();
  // What needs attention, in words, without a filter too.
  await reviewer.getByRole('row', { name: /Voegwerken Claes .* Verbeterplan over tijd/ }).waitFor();
  await reviewer.getByRole('row', { name: /Stukadoors Wouters .* Wacht op beheerder/ }).waitFor();
  await checkAccessibilityFully(reviewer, 'beoordelaar: erkenningen');

  await reviewer.getByLabel('Wat aandacht vraagt').selectOption({ label: 'Voorwaarde gemist' });
  await reviewer.getByRole('button', { name: 'Filteren' }).click();
  await reviewer.getByRole('heading', { name: '2 erkenningen' }).waitFor();
  const rows = reviewer.locator('tbody tr');
  expect(await rows.locator('td:first-child').allInnerTexts()).toEqual(['Schrijnwerkerij Mertens', 'Dakwerken Peeters']);
  await reviewer.getByText(/Opleiding van mentor Piet Mertens niet gevolgd/).waitFor();
  await checkAccessibilityFully(reviewer, 'beoordelaar: erkenningen met een gemiste voorwaarde');
  await screenshot(reviewer, 'erkenningen-gefilterd');

  // Each row leads to the recognition.
  await reviewer.getByRole('link', { name: 'Dakwerken Peeters' }).click();
  await reviewer.waitForURL(new RegExp(`/erkenningen/${known.missedLately.id}$`));
  await reviewer.goBack();

  // Search by name without accents, then ending within three months.
  await reviewer.getByLabel('Wat aandacht vraagt').selectOption({ label: 'Alles' });
  await reviewer.getByLabel('Zoeken op naam of nummer').fill('eclair');
  await reviewer.getByRole('button', { name: 'Filteren' }).click();
  await reviewer.getByRole('heading', { name: '1 erkenning' }).waitFor();
  await reviewer.getByRole('link', { name: 'Bouwbedrijf Éclair' }).waitFor();
  await reviewer.getByLabel('Zoeken op naam of nummer').fill('');
  await reviewer.getByLabel('Verloopt binnen drie maanden').check();
  await reviewer.getByRole('button', { name: 'Filteren' }).click();
  await reviewer.getByRole('heading', { name: '1 erkenning' }).waitFor();
  await reviewer.getByRole('cell', { name: 'Verloopt binnen drie maanden' }).waitFor();

  // Nothing found: said so.
  await reviewer.getByLabel('Zoeken op naam of nummer').fill('Nergens');
  await reviewer.getByRole('button', { name: 'Filteren' }).click();
  await reviewer.getByText('Er zijn geen erkenningen die aan deze filters voldoen.').waitFor();
  await checkAccessibilityFully(reviewer, 'beoordelaar: erkenningen (niets gevonden)');

  // Paged: 26 builders, 25 on the first page, the last on the next.
  await reviewer.getByLabel('Verloopt binnen drie maanden').uncheck();
  await reviewer.getByLabel('Zoeken op naam of nummer').fill('Aannemer');
  await reviewer.getByRole('button', { name: 'Filteren' }).click();
  await reviewer.getByRole('heading', { name: '26 erkenningen' }).waitFor();
  expect(await rows.count()).toBe(25);
  await reviewer.getByRole('link', { name: 'Volgende' }).click();
  await reviewer.getByRole('heading', { name: '26 erkenningen' }).waitFor();
  expect(await rows.count()).toBe(1);
  await expect(reviewer.getByRole('link', { name: 'Volgende' }).count()).resolves.toBe(0);
  await expect(reviewer.getByLabel('Zoeken op naam of nummer').inputValue()).resolves.toBe('Aannemer');
  await checkAccessibilityFully(reviewer, 'beoordelaar: erkenningen, volgende pagina');
  await reviewer.context().close();
});

test('an administrator sees every partnership and filters on one; a parked recognition waits for them', async () => {
  const admin = await browser().newPage(stack.baseUrl);
  await signInAs(admin, 'admin');
  await admin.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Erkenningen' }).click();
  await admin.getByRole('heading', { name: '34 erkenningen' }).waitFor();
  await admin.getByLabel('Partnerschap').selectOption('horeca');
  await admin.getByRole('button', { name: 'Filteren' }).click();
  await admin.getByRole('heading', { name: '1 erkenning' }).waitFor();
  await admin.getByRole('link', { name: 'Brasserie Het Plein' }).waitFor();
  await admin.getByLabel('Partnerschap').selectOption({ label: 'Alle partnerschappen' });
  await admin.getByLabel('Wat aandacht vraagt').selectOption({ label: 'Verbeterplan over tijd' });
  await admin.getByRole('button', { name: 'Filteren' }).click();
  await admin.getByRole('heading', { name: '2 erkenningen' }).waitFor();
  expect(await admin.getByRole('cell', { name: 'Verbeterplan over tijd' }).count()).toBe(2);
  await admin.getByLabel('Wat aandacht vraagt').selectOption({ label: 'Wacht op beheerder' });
  await admin.getByRole('button', { name: 'Filteren' }).click();
  await admin.getByRole('heading', { name: '1 erkenning' }).waitFor();
  await admin.getByRole('link', { name: 'Stukadoors Wouters' }).waitFor();
  await checkAccessibilityFully(admin, 'beheerder: erkenningen die wachten');
  await screenshot(admin, 'erkenningen-beheerder');
  await admin.context().close();
});
