import fs from 'node:fs';
import path from 'node:path';
import axe from 'axe-core';
import { type Browser, type Page, chromium } from 'playwright-core';
import { CHROMIUM_HELP, findChromium } from '../../scripts/bootstrap.cjs';

// Browser tests: the machine's own Chrome or Chromium (Debian's `chromium`, installed by
// scripts/bootstrap.cjs, or CHROMIUM_PATH) driven by playwright-core, pages checked with
// axe-core, screenshots taken. Playwright's own browser download is never used: it needs the
// open internet.

/**
 * Where screenshots and the axe summary go: `test-output/screenshots` (ignored by git), or the
 * committed `docs/screenshots` that the README shows with `UPDATE_SCREENSHOTS=1`, so that a
 * test run does not change tracked files.
 */
export const SCREENSHOTS_DIR = path.join(
  __dirname,
  '..',
  '..',
  ...(process.env.UPDATE_SCREENSHOTS === '1' ? ['docs', 'screenshots'] : ['test-output', 'screenshots']),
);
export const AXE_SUMMARY_FILE = path.join(SCREENSHOTS_DIR, 'axe-results.json');

/** Widths a screenshot is taken at. */
export const DESKTOP = { width: 1280, height: 900 };
export const PHONE = { width: 390, height: 844 };

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  // This machine refuses outside connections; without these Chromium keeps trying them
  // (QUIC, updates, sync, field trials) and floods the network with refusals.
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // Date fields show dates as a Flemish user sees them (dd/mm/jjjj), in screenshots too.
  '--lang=nl-BE',
];

export interface TestBrowser {
  browser: Browser;
  /**
   * A page of a fresh context (own cookies) resolving relative URLs against `baseUrl`, in Dutch
   * (Belgium); `scripts: false` is a browser without JavaScript (axe needs it: check with another page).
   */
  newPage: (baseUrl: string, viewport?: { width: number; height: number }, options?: { scripts?: boolean }) => Promise<Page>;
  close: () => Promise<void>;
}

/** Chromium, headless; throws naming how to point the tests at one when none is found. */
export async function openBrowser(): Promise<TestBrowser> {
  const executablePath = findChromium();
  if (!executablePath) {
    const cause = process.env.CHROMIUM_PATH
      ? `CHROMIUM_PATH=${process.env.CHROMIUM_PATH} is not an executable file`
      : 'no Chrome or Chromium found';
    throw new Error(`${cause}: ${CHROMIUM_HELP}`);
  }
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS, timeout: 30_000 });
  return {
    browser,
    newPage: async (baseUrl, viewport = DESKTOP, { scripts = true } = {}) => {
      // The pages' Content-Security-Policy stays in force: axe is evaluated, not added as a script.
      const context = await browser.newContext({
        baseURL: baseUrl,
        locale: 'nl-BE',
        timezoneId: 'Europe/Brussels',
        viewport,
        javaScriptEnabled: scripts,
      });
      return context.newPage();
    },
    close: () => browser.close(),
  };
}

type Impact = NonNullable<axe.ImpactValue>;
const FAILING: readonly Impact[] = ['critical', 'serious'];

export type AxeCounts = Record<Impact, number> & { rules: string[] };

/** Violations by impact of each page checked in this suite, for saveAxeSummary. */
const axeCounts = new Map<string, AxeCounts>();

/**
 * Runs axe-core on the page as it stands and records its counts under `label`; fails with a
 * readable list when any violation is serious or critical. Returns all results, to log or save.
 */
export async function checkAccessibility(
  page: Page,
  label: string,
  options: { disableRules?: string[] } = {},
): Promise<axe.AxeResults> {
  const injected = await page.evaluate(() => 'axe' in globalThis);
  if (!injected) await page.evaluate(axe.source);
  const runOptions: axe.RunOptions = {
    rules: Object.fromEntries((options.disableRules ?? []).map((id) => [id, { enabled: false }])),
  };
  const results = await page.evaluate(
    (runOptions) => (globalThis as unknown as { axe: typeof axe }).axe.run(runOptions),
    runOptions,
  );

  const counts: AxeCounts = { critical: 0, serious: 0, moderate: 0, minor: 0, rules: [] };
  for (const violation of results.violations) {
    if (violation.impact) counts[violation.impact] += 1;
    counts.rules.push(violation.id);
  }
  axeCounts.set(label, counts);

  const failing = results.violations.filter((violation) => violation.impact && FAILING.includes(violation.impact));
  if (failing.length > 0) {
    throw new Error(
      `${label} (${page.url()}): ${failing.length} serious or critical accessibility violation(s):\n${describe(failing)}`,
    );
  }
  return results;
}

/** One line per violation and one per element, so a failure says what to fix where. */
export function describe(violations: axe.Result[]): string {
  return violations
    .map((violation) => {
      const nodes = violation.nodes.map((node) => {
        // "Fix any of the following:\n  reason\n  reason" on one line: "Fix any of the following: reason; reason".
        const why = (node.failureSummary ?? '')
          .split('\n')
          .map((line) => line.trim())
          .filter(Boolean)
          .join('; ')
          .replace(/:; /g, ': ');
        return `    - ${node.target.join(' ')}: ${node.html}${why ? `\n      ${why}` : ''}`;
      });
      return `  [${violation.impact}] ${violation.id}: ${violation.help} (${violation.helpUrl})\n${nodes.join('\n')}`;
    })
    .join('\n');
}

/** The counts recorded so far in this suite (page label → counts by impact). */
export const axeSummary = (): Record<string, AxeCounts> => Object.fromEntries(axeCounts);

/**
 * Writes this suite's counts into the summary file (default docs/screenshots/axe-results.json),
 * keeping the labels other suites wrote. Call it in afterAll.
 */
export function saveAxeSummary(file = AXE_SUMMARY_FILE): void {
  let summary: Record<string, AxeCounts> = {};
  if (fs.existsSync(file)) summary = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, AxeCounts>;
  Object.assign(summary, axeSummary());
  const sorted = Object.fromEntries(Object.entries(summary).sort(([a], [b]) => a.localeCompare(b)));
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // Two browser suites may end at once (jest's two workers): each writes a file of its own and
  // renames it over the summary, so the other never reads one half written.
  const written = `${file}.${process.pid}`;
  fs.writeFileSync(written, `${JSON.stringify(sorted, null, 2)}\n`);
  fs.renameSync(written, file);
}

/**
 * A full-page PNG of the page at the given size (default DESKTOP; PHONE for a phone), saved as
 * `<dir>/<name>.png` (default docs/screenshots). The page's own size is restored afterwards.
 * Returns the file's path.
 */
export async function screenshot(
  page: Page,
  name: string,
  options: { width?: number; height?: number; dir?: string } = {},
): Promise<string> {
  const file = path.join(options.dir ?? SCREENSHOTS_DIR, `${name}.png`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const previous = page.viewportSize();
  await page.setViewportSize({ width: options.width ?? DESKTOP.width, height: options.height ?? DESKTOP.height });
  try {
    await page.screenshot({ path: file, fullPage: true, animations: 'disabled' });
  } finally {
    if (previous) await page.setViewportSize(previous);
  }
  return file;
}

/**
 * A browser for the tests of a describe block: opened before them, closed after, with the
 * block's axe counts saved. Returns a getter, as the browser exists only once they run.
 */
export function browserForTests(): () => TestBrowser {
  let browser: TestBrowser | undefined;
  beforeAll(async () => {
    browser = await openBrowser();
  }, 30_000);
  afterAll(async () => {
    saveAxeSummary();
    await browser?.close();
  });
  return () => browser!;
}

/** Signs in on the sign-in page as a development identity of no partnership (company, school, admin), as a person clicks it. */
export async function signInAs(page: Page, identity: 'company' | 'school' | 'admin') {
  await page.goto('/aanmelden');
  await page.locator(`button[name="identity"][value="${identity}"]`).click();
  await page.waitForURL((url) => url.pathname === '/');
}

/** Signs in on the sign-in page as a partnership's reviewer or coordinator, as a person clicks it. */
export async function signInForPartnership(page: Page, role: 'reviewer' | 'coordinator', partnershipId: string) {
  await page.goto('/aanmelden');
  await page.selectOption('select[name="partnershipId"]', partnershipId);
  await page.getByRole('button', { name: role === 'reviewer' ? 'Als beoordelaar' : 'Als coördinator' }).click();
  await page.waitForURL((url) => url.pathname === '/');
}

/** Signs in on the sign-in page with a bearer token, as someone who is none of the development identities. */
export async function signInWithToken(page: Page, token: string) {
  await page.goto('/aanmelden');
  await page.getByLabel('Token').fill(token);
  await page.getByRole('button', { name: 'Aanmelden', exact: true }).click();
  await page.waitForURL((url) => url.pathname === '/');
}

/**
 * checkAccessibility, and no violation of any impact either: moderate and minor ones fail too,
 * as the pages are kept at 0 of each.
 */
export async function checkAccessibilityFully(page: Page, label: string): Promise<axe.AxeResults> {
  const results = await checkAccessibility(page, label);
  if (results.violations.length > 0) {
    throw new Error(
      `${label} (${page.url()}): ${results.violations.length} accessibility violation(s):\n${describe(results.violations)}`,
    );
  }
  return results;
}
