import type { BurdenMonth, PartnershipIndicators } from '../models/monitoring';
import type { MonitoringAnswer as MonitoringReport } from '../models/monitoring-placements';
import { browserForTests, checkAccessibility, screenshot, signInForPartnership } from './support/browser';
import { PageVisitor, textOf } from './support/pages';
import { horecaOverrides, sampleApplicationBody } from './support/sample-application';
import { suiteStack } from './support/stack';
import { ADMIN, COMPANY, SCHOOL, reviewerOf } from './support/people';

// The yearly report page: after a few dossiers driven through the HTTP API, the page's tables
// say what the monitoring API says, for an admin all partnerships and for a reviewer only their
// own; the CSV download is the API's CSV; the page passes axe and prints without navigation.

const NUMBER = new Intl.NumberFormat('nl-BE', { maximumFractionDigits: 1 });
const PERCENT = new Intl.NumberFormat('nl-BE', { style: 'percent', maximumFractionDigits: 0 });
const number = (value: number | null) => (value === null ? '–' : NUMBER.format(value));

/** The rows of the table with this caption, each as its cells' text (row header first). */
function tableRows(html: string, caption: string): string[][] {
  const table = [...html.matchAll(/<table[\s\S]*?<\/table>/g)].find(
    (t) => textOf(/<caption>([\s\S]*?)<\/caption>/.exec(t[0])?.[1] ?? '') === caption,
  );
  if (!table) throw new Error(`no table "${caption}" on the page`);
  const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(table[0])![1]!;
  return [...body.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map(([, row]) =>
    [...row!.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map(([, cell]) => textOf(cell!)),
  );
}

const NAMES: Record<string, string> = { bouw: 'Partnerschap Bouw', horeca: 'Partnerschap Horeca' };

/** The row the decisions table must show for a partnership's figures. */
function decisionsRow(f: PartnershipIndicators): string[] {
  const a = f.applications;
  const decided = a.approved + a.rejected;
  return [
    NAMES[f.partnershipId] ?? f.partnershipId,
    ...[a.received, a.approved, a.rejected, a.lapsed, a.withdrawn].map(number),
    `${number(a.decidedWithinDeadline)} van ${number(decided)}${decided ? ` (${PERCENT.format(a.decidedWithinDeadline / decided)})` : ''}`,
    number(a.medianDaysToDecision),
  ];
}

function burdenRow(f: PartnershipIndicators): string[] {
  const b = f.burden;
  return [
    NAMES[f.partnershipId] ?? f.partnershipId,
    ...[b.medianFieldsAsked, b.medianDocumentsAsked, b.infoRequestsPerApplication, b.renewalsInOneStep].map(number),
  ];
}

const MONTHS = 'januari februari maart april mei juni juli augustus september oktober november december'.split(' ');

/** The row the month table must show for a month's burden: a rate of nothing submitted is a dash. */
function monthRow(m: BurdenMonth): string[] {
  return [
    MONTHS[Number(m.month.slice(5, 7)) - 1]!,
    number(m.received),
    number(m.medianFieldsAsked),
    number(m.medianDocumentsAsked),
    m.received ? number(m.infoRequestsPerApplication) : '–',
  ];
}

describe('monitoring page (dev server, FerretDB)', () => {
  const stack = suiteStack({
    company: COMPANY,
    school: SCHOOL,
    bouwReviewer: reviewerOf('bouw'),
    horecaReviewer: reviewerOf('horeca'),
    admin: ADMIN,
  });
  const { call, tokens } = stack;
  const year = String(new Date().getUTCFullYear());
  let admin: PageVisitor;

  const api = async (as: string, query = '') =>
    (await call(as, 'GET', `/api/v1/monitoring?year=${year}${query}`)).body as MonitoringReport;
  const figuresOf = (report: MonitoringReport, id: string) => report.partnerships.find((p) => p.partnershipId === id)!;

  beforeAll(async () => {
    // Bouw: one approved, one rejected, one still open. Horeca: an information request answered, then approved.
    const submit = async (overrides: Record<string, unknown> = {}) =>
      (await call('company', 'POST', '/api/v1/applications', sampleApplicationBody(overrides))).body.id as string;
    const decide = async (as: string, id: string, outcome: 'approved' | 'rejected') => {
      const decided = await call(as, 'POST', `/api/v1/applications/${id}/decision`, { outcome, reasons: ['Zo beslist'] });
      expect(decided.status).toBe(200);
      return decided.body;
    };
    const [approved, rejected] = [await submit(), await submit()];
    await submit();
    const { recognitionId } = await decide('bouwReviewer', approved, 'approved');
    // A school proposes a learner at bouw's workplace, and registers another still searching in Gent.
    const today = new Date().toLocaleDateString('en-CA', { timeZone: 'Europe/Brussels' });
    const proposal = { recognitionId, learnerReference: 'LL-MON-1', startsOn: today };
    expect((await call('school', 'POST', '/api/v1/placements', proposal)).status).toBe(201);
    const searching = { learnerReference: 'ZL-MON-1', trainingCode: 'ruwbouw-duaal', postcode: '9000', since: today };
    expect((await call('school', 'POST', '/api/v1/searching-learners', searching)).status).toBe(201);
    await decide('bouwReviewer', rejected, 'rejected');
    const horeca = await submit(horecaOverrides);
    const supplemented = await call('company', 'POST', `/api/v1/applications/${horeca}/supplements`, {
      documents: [{ kind: 'haccp-attest', name: 'haccp.pdf' }],
      message: 'Attest toegevoegd',
    });
    expect(supplemented.body.status).toBe('in_review');
    await decide('horecaReviewer', horeca, 'approved');
    admin = await new PageVisitor(stack.baseUrl).signIn('admin');
  });

  it("shows an admin every partnership's figures as the API gives them, in charts with tables", async () => {
    const report = await api('admin');
    expect(figuresOf(report, 'bouw').applications).toMatchObject({ received: 3, approved: 1, rejected: 1 });
    expect(figuresOf(report, 'horeca').applications).toMatchObject({ received: 1, approved: 1 });

    const page = await admin.get(`/monitoring/${year}`);
    expect(page.status).toBe(200);
    expect(tableRows(page.html, `Aanvragen en beslissingen in ${year}`)).toEqual(
      expect.arrayContaining([decisionsRow(figuresOf(report, 'bouw')), decisionsRow(figuresOf(report, 'horeca'))]),
    );
    expect(tableRows(page.html, `Planlast in ${year}`)).toEqual(
      expect.arrayContaining([burdenRow(figuresOf(report, 'bouw')), burdenRow(figuresOf(report, 'horeca'))]),
    );
    // Planlast per maand: every partnership together, this month holding the scenario's four applications.
    const thisMonth = new Date().toISOString().slice(0, 7);
    const month = report.total.burdenByMonth.find((m) => m.month === thisMonth)!;
    expect(month.received).toBe(4);
    expect(report.total.burdenByMonth).toHaveLength(new Date().getUTCMonth() + 1);
    const monthly = tableRows(page.html, `Planlast per maand in ${year}: alle partnerschappen samen`);
    expect(monthly).toEqual(report.total.burdenByMonth.map(monthRow));
    expect(monthly.at(-1)).toEqual(monthRow(month));
    expect(monthly.at(-1)!.slice(0, 2)).toEqual([MONTHS[new Date().getUTCMonth()], '4']);
    expect(page.html).toMatch(/<svg[^>]*role="img"[^>]*aria-labelledby="planlast-medianFieldsAsked-titel"/);
    const fieldsTitle = /<title id="planlast-medianFieldsAsked-titel">([\s\S]*?)<\/title>/.exec(page.html)![1]!;
    expect(textOf(fieldsTitle)).toContain(`per maand in ${year}, alle partnerschappen samen: januari `);
    expect(textOf(fieldsTitle)).toContain(`${MONTHS[new Date().getUTCMonth()]} ${number(month.medianFieldsAsked)} velden`);
    expect(textOf(page.html)).not.toContain('die de monitoring nog niet bijhoudt');
    // Places per province, summed over the partnerships, with their total.
    const places = tableRows(page.html, `Leerplaatsen per provincie in ${year}`);
    const total = report.partnerships.reduce((sum, p) => sum + p.capacity.places, 0);
    expect(total).toBeGreaterThan(0);
    expect(places.at(-1)!.slice(0, 2)).toEqual(['Totaal', number(total)]);
    const antwerp = report.partnerships.reduce((sum, p) => sum + p.capacity.byProvince.Antwerpen.places, 0);
    expect(places.find((row) => row[0] === 'Antwerpen')![1]).toBe(number(antwerp));

    // Four charts, each a figure with a caption and an SVG image named by its title.
    expect(page.html.match(/<figure>/g)).toHaveLength(4);
    expect(page.html.match(/<figcaption>/g)).toHaveLength(4);
    expect(page.html).toMatch(/<svg[^>]*role="img"[^>]*aria-labelledby="termijn-titel"/);
    expect(page.html).toContain('<title id="termijn-titel">');
    const bouw = figuresOf(report, 'bouw').applications;
    expect(textOf(page.html)).toContain(`Partnerschap Bouw ${bouw.decidedWithinDeadline} binnen de termijn 2 beslist`);
    // A partnership without decisions is named, not drawn as empty bars.
    expect(textOf(page.html)).toMatch(new RegExp(`Geen beslissingen in ${year}: [^.]*Partnerschap Zorg`));
    expect(page.html).not.toMatch(/<script/);

    // The admin's filter: one partnership.
    const filtered = await admin.get(`/monitoring/${year}?partnershipId=bouw`);
    expect(tableRows(filtered.html, `Aanvragen en beslissingen in ${year}`)).toEqual([decisionsRow(figuresOf(report, 'bouw'))]);
    const bouwMonths = tableRows(filtered.html, `Planlast per maand in ${year}: Partnerschap Bouw`);
    expect(bouwMonths).toEqual(figuresOf(report, 'bouw').burdenByMonth.map(monthRow));
    expect(bouwMonths.at(-1)![1]).toBe('3');
    expect(filtered.html).toContain(`href="/monitoring/${year}.csv?partnershipId=bouw"`);
  });

  it('when a school proposes a placement and registers a searching learner, then the report shows the placements by status and the shortage per province', async () => {
    const bouw = figuresOf(await api('admin'), 'bouw');
    expect(bouw.placements).toMatchObject({ proposed: 1, active: 0 });
    expect(bouw.demand.byProvince['Oost-Vlaanderen']!.searching).toBe(1);
    const page = await admin.get(`/monitoring/${year}?partnershipId=bouw`);
    expect(tableRows(page.html, `Plaatsingen voorgesteld in ${year}, volgens hoe ze nu staan`)).toEqual([
      ['Partnerschap Bouw', '1', '0', '0', '0', '0', '0', number(bouw.placements.unusedRecognitions)],
    ]);
    expect(textOf(page.html)).toContain('Wacht op antwoord Lopend Geweigerd Vervallen Beëindigd Vroegtijdig beëindigd');
    expect(tableRows(page.html, `Vroegtijdig beëindigde plaatsingen in ${year}, per reden`)).toEqual([
      ['Partnerschap Bouw', '0', '0', '0', '0', '0', '0'],
    ]);
    expect(textOf(page.html)).toContain('De leerling verliet de school');
    expect(tableRows(page.html, `Feedback van leerlingen in ${year}`)).toEqual([['Partnerschap Bouw', '0', '–']]);

    const east = bouw.demand.byProvince['Oost-Vlaanderen']!;
    const provinces = tableRows(page.html, `Zoekende leerlingen en vrije plaatsen per provincie in ${year}`);
    expect(provinces.find((row) => row[0] === 'Oost-Vlaanderen')).toEqual([
      'Oost-Vlaanderen',
      '1',
      number(east.freePlaces),
      number(Math.max(0, 1 - east.freePlaces)),
    ]);
    expect(provinces.at(-1)!.slice(0, 2)).toEqual(['Totaal', '1']);
    expect(page.html).toMatch(/<svg[^>]*role="img"[^>]*aria-labelledby="tekort-titel"/);
    expect(textOf(page.html)).toContain(`Oost-Vlaanderen, 1 zoekende leerling, ${number(east.freePlaces)} vrije`);
    expect(tableRows(page.html, `Zoeken naar een werkplek in ${year}`)).toEqual([['Partnerschap Bouw', '1', '–']]);
  });

  it("shows a reviewer only their partnership's figures, without a partnership filter", async () => {
    const reviewer = await new PageVisitor(stack.baseUrl).signIn('reviewer', 'horeca');
    const start = await reviewer.get('/');
    expect(start.html).toContain(`href="/monitoring/${year}"`);
    expect(start.html).toMatch(/<nav[\s\S]*href="\/monitoring"[\s\S]*<\/nav>/);

    const page = await reviewer.get(`/monitoring/${year}`);
    expect(page.status).toBe(200);
    const report = await api('horecaReviewer');
    expect(report.partnerships.map((p) => p.partnershipId)).toEqual(['horeca']);
    expect(tableRows(page.html, `Aanvragen en beslissingen in ${year}`)).toEqual([decisionsRow(report.partnerships[0]!)]);
    expect(textOf(page.html)).not.toContain('Partnerschap Bouw');
    expect(page.html).not.toContain('name="partnershipId"');
    // Asking for another partnership changes nothing: the API shows a reviewer their own.
    const asked = await reviewer.get(`/monitoring/${year}?partnershipId=bouw`);
    expect(textOf(asked.html)).not.toContain('Partnerschap Bouw');
  });

  it('downloads the CSV as an attachment with the same numbers', async () => {
    const download = await admin.get(`/monitoring/${year}.csv`);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(download.headers.get('content-disposition')).toBe(`attachment; filename="erkend-monitoring-${year}.csv"`);
    const csv = download.html;
    const viaApi = await fetch(`${stack.baseUrl}/api/v1/monitoring?year=${year}`, {
      headers: { authorization: `Bearer ${tokens.admin}`, accept: 'text/csv' },
    });
    expect(csv).toBe(await viaApi.text());

    const [header, ...lines] = csv
      .trim()
      .split(/\r?\n/)
      .map((line) => line.split(','));
    const column = (name: string) => header!.indexOf(name);
    const report = await api('admin');
    for (const id of ['bouw', 'horeca']) {
      const line = lines.find((l) => l[column('partnershipId')] === id)!;
      const figures = figuresOf(report, id);
      expect(Number(line[column('applications.received')])).toBe(figures.applications.received);
      expect(Number(line[column('applications.decidedWithinDeadline')])).toBe(figures.applications.decidedWithinDeadline);
      expect(Number(line[column('capacity.places')])).toBe(figures.capacity.places);
    }
  });

  it('takes the year picker to the chosen year, and refuses a company', async () => {
    const picked = await admin.get(`/monitoring?year=2025&partnershipId=bouw`);
    expect(picked).toMatchObject({ status: 303, location: '/monitoring/2025?partnershipId=bouw' });
    expect((await admin.get('/monitoring')).location).toBe(`/monitoring/${year}`);
    // No dossier has data of last year: no page (test/monitoring-years.e2e.test.ts has a past year's).
    expect((await admin.get(`/monitoring/${Number(year) - 1}`)).status).toBe(404);
    expect((await admin.get('/monitoring/twintig')).status).toBe(404);

    const company = await new PageVisitor(stack.baseUrl).signIn('company');
    const refused = await company.get(`/monitoring/${year}`);
    expect(refused.status).toBe(403);
    expect(textOf(refused.html)).toContain('Geen toegang');
    expect((await company.get(`/monitoring/${year}.csv`)).status).toBe(403);
  });

  describe('in Chromium', () => {
    const browser = browserForTests();

    it('passes axe, and prints without navigation or forms', async () => {
      const page = await browser().newPage(stack.baseUrl);
      await page.goto('/aanmelden');
      await page.getByRole('button', { name: 'Beheerder' }).click();
      await page.waitForURL((url) => url.pathname === '/');
      await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Monitoring' }).click();
      await page.waitForURL((url) => url.pathname === `/monitoring/${year}`);
      await checkAccessibility(page, 'monitoring');
      await screenshot(page, 'monitoring');

      await page.emulateMedia({ media: 'print' });
      expect(await page.getByRole('navigation', { name: 'Hoofdmenu' }).isVisible()).toBe(false);
      expect(await page.locator('form.filter').isVisible()).toBe(false);
      expect(await page.getByRole('button', { name: 'Afmelden' }).isVisible()).toBe(false);
      expect(await page.locator('figure').first().isVisible()).toBe(true);
      await page.context().close();
    });

    it("takes a coordinator from the start page to their partnership's report", async () => {
      const page = await browser().newPage(stack.baseUrl);
      await signInForPartnership(page, 'coordinator', 'bouw');
      await page.getByRole('link', { name: `Monitoring ${year}` }).click();
      await page.waitForURL((url) => url.pathname === `/monitoring/${year}`);
      await page.getByRole('img', { name: /Beslissingen binnen de termijn/ }).waitFor();
      await checkAccessibility(page, 'monitoring-coordinator');
      await screenshot(page, 'monitoring-coordinator');
      await page.context().close();
    });
  });
});
