import fs from 'node:fs';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import {
  AXE_SUMMARY_FILE,
  PHONE,
  SCREENSHOTS_DIR,
  type TestBrowser,
  axeSummary,
  checkAccessibility,
  openBrowser,
  saveAxeSummary,
  screenshot,
} from './support/browser';
import { scratchDir } from './support/environment';

// The browser harness itself, on pages of its own: Chromium starts on this machine, axe-core
// runs under the app's Content-Security-Policy, finds nothing serious on a sound Dutch page and
// names what is wrong on a broken one, and screenshots are written. The app's pages have suites
// of their own.

// As the app sends it (api/security-headers.ts): no inline script, no inline style.
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; " +
  "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

const page = (title: string, body: string) => `<!doctype html>
<html lang="nl">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${title}</title>
  <link rel="stylesheet" href="/stijl.css">
</head>
<body>
${body}
</body>
</html>
`;

const GOOD = page(
  'Erkenning aanvragen – Erkend',
  `<header><p>Erkend</p></header>
<main>
  <h1>Erkenning aanvragen</h1>
  <p>Vraag een erkenning aan als leeronderneming voor duaal leren.</p>
  <form action="/aanvraag" method="post">
    <label for="ondernemingsnummer">Ondernemingsnummer</label>
    <input id="ondernemingsnummer" name="ondernemingsnummer" inputmode="numeric" autocomplete="off" required>
    <label for="naam">Naam van de onderneming</label>
    <input id="naam" name="naam" autocomplete="organization" required>
    <button type="submit">Aanvraag indienen</button>
  </form>
  <img src="/logo.svg" alt="Logo van Erkend" width="64" height="64">
</main>`,
);

const BAD = page(
  'Foute pagina',
  `<main>
  <h1>Foute pagina</h1>
  <form action="/aanvraag" method="post">
    <input name="ondernemingsnummer">
    <button type="submit">Indienen</button>
  </form>
  <img src="/logo.svg" width="64" height="64">
</main>`,
);

const CSS = `body { font-family: sans-serif; margin: 0 auto; max-width: 40rem; padding: 1rem; color: #1a1a1a; background: #fff; }
label, input, button { display: block; margin: 0.5rem 0; font-size: 1rem; }
input { width: 100%; padding: 0.5rem; box-sizing: border-box; }
button { padding: 0.5rem 1rem; background: #0b5394; color: #fff; border: 0; }
`;

const LOGO =
  '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64">' +
  '<rect width="64" height="64" rx="8" fill="#0b5394"/><path d="M18 33l9 9 19-20" stroke="#fff" stroke-width="6" fill="none"/></svg>';

const files: Record<string, [string, string]> = {
  '/goed': ['text/html; charset=utf-8', GOOD],
  '/fout': ['text/html; charset=utf-8', BAD],
  '/stijl.css': ['text/css; charset=utf-8', CSS],
  '/logo.svg': ['image/svg+xml', LOGO],
};

let server: Server;
let baseUrl: string;
let browser: TestBrowser;
const acceptLanguages: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    acceptLanguages.push(req.headers['accept-language'] ?? '');
    const file = files[req.url ?? ''];
    if (!file) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('niet gevonden');
      return;
    }
    res.writeHead(200, { 'content-type': file[0], 'content-security-policy': CSP }).end(file[1]);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await openBrowser();
}, 30_000);

afterAll(async () => {
  await browser?.close();
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
});

test('a sound Dutch page: no serious or critical violation under the CSP, in nl-BE, and its screenshots', async () => {
  const tab = await browser.newPage(baseUrl);
  const response = await tab.goto('/goed');
  expect(response?.status()).toBe(200);
  expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
  expect(acceptLanguages.at(-1)).toMatch(/^nl-BE/);
  expect(await tab.evaluate('navigator.language')).toBe('nl-BE');

  const results = await checkAccessibility(tab, 'harness: geldige pagina');
  expect(results.passes.map((rule) => rule.id)).toEqual(expect.arrayContaining(['label', 'image-alt', 'html-has-lang']));
  expect(results.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')).toEqual([]);

  // Its labels name the fields, as a person (or a screen reader) finds them.
  await tab.getByLabel('Ondernemingsnummer').fill('0403170701');
  expect(await tab.getByRole('textbox', { name: 'Ondernemingsnummer' }).inputValue()).toBe('0403170701');

  const dir = path.join(scratchDir(), 'screenshots');
  const desktop = await screenshot(tab, 'harness-desktop', { dir });
  const phone = await screenshot(tab, 'harness-phone', { ...PHONE, dir });
  expect(pngWidth(desktop)).toBe(1280);
  expect(pngWidth(phone)).toBe(PHONE.width);
  expect(tab.viewportSize()).toEqual({ width: 1280, height: 900 });
  await tab.context().close();
});

test('a page with a field without label and an image without alt text fails, naming both', async () => {
  const tab = await browser.newPage(baseUrl);
  await tab.goto('/fout');
  const failure = await checkAccessibility(tab, 'harness: foute pagina').then(
    () => undefined,
    (error: Error) => error,
  );
  expect(failure?.message).toContain('harness: foute pagina');
  expect(failure?.message).toMatch(/\[critical\] image-alt: .*\n {4}- img: <img src="\/logo\.svg"/);
  expect(failure?.message).toMatch(/\[critical\] label: .*\n {4}- input: <input name="ondernemingsnummer">/);
  expect(axeSummary()['harness: foute pagina']).toMatchObject({
    critical: 2,
    rules: expect.arrayContaining(['image-alt', 'label']),
  });
  await tab.context().close();
});

test('the summary holds counts by impact per page, merged with what other suites wrote', () => {
  const file = path.join(scratchDir(), 'screenshots', 'axe-results.json');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(
    file,
    JSON.stringify({ 'another suite': { critical: 0, serious: 0, moderate: 1, minor: 0, rules: ['region'] } }),
  );
  saveAxeSummary(file);
  const summary = JSON.parse(fs.readFileSync(file, 'utf8'));
  expect(Object.keys(summary)).toEqual(['another suite', 'harness: foute pagina', 'harness: geldige pagina']);
  expect(summary['harness: geldige pagina']).toMatchObject({ critical: 0, serious: 0 });
  expect(summary['harness: foute pagina'].critical).toBe(2);
  // The app's pages write theirs beside their screenshots: the committed ones only when asked.
  const expected = process.env.UPDATE_SCREENSHOTS === '1' ? ['docs', 'screenshots'] : ['test-output', 'screenshots'];
  expect(path.relative(path.join(__dirname, '..'), SCREENSHOTS_DIR)).toBe(path.join(...expected));
  expect(path.dirname(AXE_SUMMARY_FILE)).toBe(SCREENSHOTS_DIR);
});

/** The width a PNG file declares (its IHDR chunk), after checking it is a PNG at all. */
function pngWidth(file: string): number {
  const bytes = fs.readFileSync(file);
  expect(bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  return bytes.readUInt32BE(16);
}
