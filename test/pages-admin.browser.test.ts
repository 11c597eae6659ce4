import type { Page } from 'playwright-core';
import { partnershipModel } from '../store/catalogue';
import { DESKTOP, browserForTests, checkAccessibilityFully, screenshot, signInAs } from './support/browser';
import { ADMIN, COMPANY } from './support/people';
import { horecaOverrides, sampleApplicationBody } from './support/sample-application';
import { smtpReceiverForSuite } from './support/smtp-receiver';
import { type Json, eventually, suiteStack } from './support/stack';

// The administrator's "Beheer" in Chromium: the catalogue, a dossier parked by a policy out of
// bounds with the way to resume it, and the outgoing mail with a notice the mail server refused,
// sent again without JavaScript once the server takes mail. Every page is checked with axe at
// every impact and photographed.

const receiver = smtpReceiverForSuite();
const stack = suiteStack({ company: COMPANY, admin: ADMIN }, receiver.options);
const browser = browserForTests();
const { call } = stack;
let smtp: ReturnType<typeof receiver.smtp>;
let failed: Json;
let parkedCompany: string;

beforeAll(async () => {
  smtp = receiver.smtp();
  // The mail server refuses the notices of a kitchen's application: they fail.
  smtp.refuse(550, 'Mailbox unavailable');
  const refused = await call('company', 'POST', '/api/v1/applications', sampleApplicationBody(horecaOverrides));
  expect(refused.status).toBe(202);
  failed = await eventually(async () => {
    const listed = await call('admin', 'GET', '/api/v1/admin/outbox?delivery=failed');
    return listed.body.find((n: Json) => n.applicationId === refused.body.id && n.template === 'received');
  }, 30_000);

  // A policy stored out of bounds (as one from before the bounds would be) parks the next dossier.
  await partnershipModel(stack.db).updateOne({ _id: 'bouw' }, { $set: { 'policy.decisionDeadline': 'P999999Y' } });
  parkedCompany = 'Aannemer Wauters';
  const parked = await call('company', 'POST', '/api/v1/applications', sampleApplicationBody({ companyName: parkedCompany }));
  expect(parked.status).toBe(202);
  await eventually(async () => {
    const listed = await call('admin', 'GET', '/api/v1/admin/parked');
    return listed.body.find((d: Json) => d.id === parked.body.id);
  }, 30_000);
}, 90_000);

const beheer = (tab: Page) => tab.getByRole('navigation', { name: 'Beheer' });

test('when the admin opens Beheer, then the catalogue lists partnerships, committees and trainings and passes axe', async () => {
  const tab = await browser().newPage(stack.baseUrl);
  await signInAs(tab, 'admin');
  await tab.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Beheer' }).click();
  await tab.getByRole('heading', { name: 'Catalogus', level: 1 }).waitFor();
  const bouw = tab.getByRole('row').filter({ hasText: 'Partnerschap Bouw' });
  await expect(bouw.getByRole('cell').nth(1).textContent()).resolves.toBe('PC 124');
  // The API keeps the catalogue for a few seconds: the policy stored out of bounds shows within them.
  await eventually(async () => ((await bouw.getByText('Buiten de grenzen').count()) ? true : (await tab.reload(), undefined)));
  await tab.getByRole('cell', { name: 'keuken-duaal' }).waitFor();
  await checkAccessibilityFully(tab, 'beheer: catalogus');
  await screenshot(tab, 'beheer-catalogus');
  await tab.context().close();
});

test('when a dossier is parked, then the admin sees since when, why in Dutch and the way to resume it, and the page passes axe', async () => {
  const tab = await browser().newPage(stack.baseUrl);
  await signInAs(tab, 'admin');
  await tab.goto('/beheer/catalogus');
  await beheer(tab).getByRole('link', { name: 'Geparkeerde dossiers' }).click();
  await tab.getByRole('heading', { name: 'Geparkeerde dossiers', level: 1 }).waitFor();
  const row = tab.getByRole('row').filter({ hasText: `Aanvraag ${parkedCompany}` });
  await row.getByText('Het beleid van Partnerschap Bouw valt buiten de grenzen: beslissingstermijn.').waitFor();
  await checkAccessibilityFully(tab, 'beheer: geparkeerde dossiers');
  await screenshot(tab, 'beheer-geparkeerd');
  await row.getByRole('link', { name: 'Herstel het beleid van Partnerschap Bouw' }).click();
  await tab.getByRole('heading', { name: 'Beleid', level: 1 }).waitFor();
  await expect(tab.getByLabel('Sectoraal partnerschap').inputValue()).resolves.toBe('bouw');
  await tab.context().close();
});

test('when a notice failed, then the admin finds it under Mislukt and sends it again without JavaScript', async () => {
  const tab = await browser().newPage(stack.baseUrl);
  await signInAs(tab, 'admin');
  await tab.goto('/beheer/catalogus');
  await beheer(tab).getByRole('link', { name: 'Uitgaande berichten' }).click();
  await tab.getByRole('navigation', { name: 'Filter' }).getByRole('link', { name: 'Mislukt' }).click();
  await tab.getByRole('heading', { name: 'Uitgaande berichten', level: 1 }).waitFor();
  const failedRow = (page: Page) => page.locator(`[id="bericht-${failed.id}"]`);
  await failedRow(tab).getByText('Mislukt', { exact: true }).waitFor();
  await failedRow(tab).getByText(/550/).waitFor();
  await failedRow(tab)
    .getByRole('cell', { name: /^Aanvraag tot erkenning ontvangen/ })
    .waitFor();
  await checkAccessibilityFully(tab, 'beheer: uitgaande berichten (mislukt)');
  await screenshot(tab, 'beheer-uitgaande-berichten');

  // The mail server takes mail again: in a browser without JavaScript one click sends it, and
  // the list, looked at again, shows it sent.
  smtp.accept();
  const plain = await browser().newPage(stack.baseUrl, DESKTOP, { scripts: false });
  await signInAs(plain, 'admin');
  await plain.goto('/beheer/uitgaande-berichten?status=mislukt');
  await failedRow(plain)
    .getByRole('button', { name: /^Opnieuw versturen/ })
    .click();
  await plain.getByText('Het bericht wordt opnieuw verstuurd.', { exact: false }).waitFor();
  await eventually(async () => {
    await plain.reload();
    return (await failedRow(plain).getByText('Verzonden', { exact: true }).count()) ? true : undefined;
  }, 30_000);
  await failedRow(plain).getByText('2 pogingen', { exact: false }).waitFor();
  expect(smtp.mailOf(failed.id as string)!.to).toEqual([failed.to]);
  await plain.context().close();

  await tab.goto('/beheer/uitgaande-berichten');
  await failedRow(tab).getByText('Verzonden', { exact: true }).waitFor();
  await checkAccessibilityFully(tab, 'beheer: uitgaande berichten (opnieuw verstuurd)');
  await screenshot(tab, 'beheer-uitgaande-berichten-verzonden');
  await tab.context().close();
});
