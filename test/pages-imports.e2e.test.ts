import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { browserForTests, checkAccessibilityFully, screenshot } from './support/browser';
import { PageVisitor, textOf } from './support/pages';
import { daysFromToday, importCsv as csv, importCsvRow as row } from './support/sample-application';
import { eventually, suiteStack } from './support/stack';

// The administrator takes over today's recognitions through the pages: uploads a CSV, is told
// at once when its header is wrong, and follows the import to its counts and refused rows.

const stack = suiteStack();

test('an admin uploads a CSV, is refused a wrong header beside the field, and follows the import to its refused rows', async () => {
  const admin = await new PageVisitor(stack.baseUrl).signIn('admin');
  const start = await admin.get('/importeren');
  expect(textOf(start.html)).toContain('Bestaande erkenningen importeren');
  const action = /<form method="post" action="([^"]+)" enctype="multipart\/form-data"/.exec(start.html)![1]!;
  expect(action).toBe('/importeren');

  const wrong = await admin.upload(action, {}, { name: 'oud.csv', bytes: Buffer.from(csv([row()], 'naam,adres')) });
  expect(wrong.status).toBe(400);
  expect(wrong.html).toMatch(/id="veld-file-error"[^>]*>[\s\S]*?kolom enterpriseNumber ontbreekt/);

  const file = csv([row(), row({ validUntil: daysFromToday(-1) }), row({ companyName: 'Bakkerij Maes' })]);
  const started = await admin.upload(action, {}, { name: 'erkenningen-2026.csv', bytes: Buffer.from(file) });
  expect(started.location).toMatch(/^\/importeren\/[\w-]+$/);
  const done = await eventually(async () => {
    const page = await admin.get(started.location!);
    return textOf(page.html).includes('Klaar') ? page : undefined;
  });
  const text = textOf(done.html);
  expect(text).toContain('3 van 3 rijen verwerkt');
  expect(text).toMatch(/Overgenomen 2 Overgeslagen \(bestond al\) 0 Geweigerd 1/);
  expect(text).toMatch(/Regel Kolom Waarom 3 validUntil/);
  expect(textOf((await admin.get('/importeren')).html)).toMatch(
    /erkenningen-2026\.csv .* Klaar 2 overgenomen, 0 overgeslagen, 1 geweigerd/,
  );

  // Not for anyone else.
  const school = await new PageVisitor(stack.baseUrl).signIn('school');
  expect((await school.get('/importeren')).status).toBe(403);
});

describe('in Chromium', () => {
  const browser = browserForTests();

  test('the import pages pass axe at every impact, with screenshots', async () => {
    const tab = await browser().newPage(stack.baseUrl);
    await tab.goto('/aanmelden');
    await tab.click('button[value="admin"]');
    await tab.waitForURL((url) => url.pathname === '/');
    await tab.goto('/importeren');
    await checkAccessibilityFully(tab, 'beheerder: importeren');

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'erkend-import-page-'));
    const wrong = path.join(dir, 'oud.csv');
    fs.writeFileSync(wrong, 'naam,adres\nx,y\n');
    await tab.getByLabel('CSV-bestand met de erkenningen').setInputFiles(wrong);
    await tab.getByRole('button', { name: 'Importeren' }).click();
    await tab.locator('.error-summary').waitFor();
    await checkAccessibilityFully(tab, 'beheerder: importeren (fout)');
    await screenshot(tab, 'importeren-fout');

    const good = path.join(dir, 'erkenningen.csv');
    // Enough rows to be running when the page opens: the page follows it without a reload by hand.
    fs.writeFileSync(good, csv([row({ capacity: 'twee' }), ...Array.from({ length: 150 }, () => row())]));
    await tab.getByLabel('CSV-bestand met de erkenningen').setInputFiles(good);
    await tab.getByRole('button', { name: 'Importeren' }).click();
    await tab.waitForURL((url) => /^\/importeren\/[\w-]+$/.test(url.pathname));
    await tab.locator('.tag', { hasText: 'Bezig' }).waitFor();
    await checkAccessibilityFully(tab, 'beheerder: import (bezig)');
    // The progress follows by itself until the import is done.
    await tab.locator('.tag', { hasText: 'Klaar' }).waitFor({ timeout: 150_000 });
    await tab.getByText('151 van 151 rijen verwerkt').waitFor();
    await checkAccessibilityFully(tab, 'beheerder: import');
    await screenshot(tab, 'import');
    await tab.context().close();
  }, 180_000);
});
