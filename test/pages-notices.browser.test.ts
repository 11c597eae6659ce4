import { DESKTOP, browserForTests, checkAccessibilityFully, screenshot, signInAs } from './support/browser';
import { PLACEMENT_PARTIES, SAMPLE_MENTOR } from './support/people';
import { approvedRecognition, daysFromToday } from './support/sample-application';
import { type Json, eventually, suiteStack } from './support/stack';

// The notices of a company and a school in Chromium ("Berichten", issue 23): reached from the
// start page and the menu, unread ones marked in words, one marked read and then all, by forms
// that need no JavaScript; each page checked with axe at every impact, the list photographed.

const stack = suiteStack(PLACEMENT_PARTIES);
const browser = browserForTests();
const { call } = stack;

const unread = async (as: string) =>
  ((await call(as, 'GET', '/api/v1/notices?read=false&limit=200')).body as unknown as Json[]).length;

beforeAll(async () => {
  const recognitionId = await approvedRecognition(call, 'reviewer', { capacity: 3, companyName: 'Bakkerij Claes' });
  const propose = (learnerReference: string) =>
    call('school', 'POST', '/api/v1/placements', { recognitionId, learnerReference, startsOn: daysFromToday(0) });
  const first = await propose('LL-B-001');
  await propose('LL-B-002');
  await call('company', 'POST', `/api/v1/placements/${first.body.id}/acceptance`, { mentor: SAMPLE_MENTOR });
  // The company's approval, both proposals; the school's acceptance.
  const notices = await eventually(async () => {
    const found = (await call('company', 'GET', '/api/v1/notices')).body as unknown as Json[];
    const school = (await call('school', 'GET', '/api/v1/notices')).body as unknown as Json[];
    const proposals = found.filter((n) => n.template === 'placement_proposed').length;
    return proposals === 2 && school.some((n) => n.template === 'placement_accepted') ? found : undefined;
  }, 30_000);
  // One read already, so the list shows both kinds.
  const received = notices.find((n) => n.template === 'received')!;
  expect((await call('company', 'POST', `/api/v1/notices/${received.id}/read`)).status).toBe(204);
}, 90_000);

test('when the company opens its notices from the start page, then unread and read ones show; marking one and then all read works without JavaScript', async () => {
  const count = await unread('company');
  expect(count).toBeGreaterThanOrEqual(3);
  const tab = await browser().newPage(stack.baseUrl);
  await signInAs(tab, 'company');
  await tab.getByRole('link', { name: `${count} ongelezen berichten` }).click();
  await tab.getByRole('heading', { name: 'Berichten', level: 1 }).waitFor();
  expect(await tab.locator('main li').getByText('Ongelezen', { exact: true }).count()).toBe(count);
  await tab.getByText(/gelezen op \d+ \w+ \d{4} om/).waitFor();
  await tab
    .getByRole('link', { name: /^Naar de plaatsing/ })
    .first()
    .waitFor();
  await checkAccessibilityFully(tab, 'onderneming: berichten');
  await screenshot(tab, 'berichten');
  await tab.context().close();

  // The same person in a browser without JavaScript: the buttons are forms.
  const context = await browser().browser.newContext({
    baseURL: stack.baseUrl,
    locale: 'nl-BE',
    timezoneId: 'Europe/Brussels',
    viewport: DESKTOP,
    javaScriptEnabled: false,
  });
  const plain = await context.newPage();
  await signInAs(plain, 'company');
  await plain.getByRole('link', { name: 'Berichten', exact: true }).click();
  const proposal = plain.locator('main li', { hasText: 'Voorstel van plaatsing' }).first();
  await proposal.getByRole('button', { name: 'Markeer als gelezen' }).click();
  await plain.getByText('Het bericht is gemarkeerd als gelezen.').waitFor();
  expect(await unread('company')).toBe(count - 1);
  expect(await plain.locator('main li').getByText('Ongelezen', { exact: true }).count()).toBe(count - 1);

  await plain.getByRole('button', { name: 'Alles als gelezen markeren' }).click();
  await plain.getByText('De berichten op deze pagina zijn gemarkeerd als gelezen.').waitFor();
  expect(await unread('company')).toBe(0);
  expect(await plain.getByRole('button', { name: 'Alles als gelezen markeren' }).count()).toBe(0);
  await plain.getByRole('link', { name: 'Erkend', exact: true }).click();
  await plain.getByRole('link', { name: 'Geen ongelezen berichten' }).waitFor();
  await context.close();
});

test('when the school opens its notices from the menu, then the company’s acceptance leads to the placement', async () => {
  const tab = await browser().newPage(stack.baseUrl);
  await signInAs(tab, 'school');
  await tab.getByRole('link', { name: '1 ongelezen bericht', exact: true }).waitFor();
  await tab.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Berichten' }).click();
  await tab.getByRole('heading', { name: /Plaatsing aanvaard: leerling LL-B-001/ }).waitFor();
  await checkAccessibilityFully(tab, 'school: berichten');
  await tab
    .getByRole('link', { name: /^Naar de plaatsing/ })
    .first()
    .click();
  await tab.getByRole('heading', { name: 'Plaatsing van leerling LL-B-001' }).waitFor();
  await tab.context().close();
});
