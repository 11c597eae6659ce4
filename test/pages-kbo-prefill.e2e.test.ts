import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { dayInBrussels } from '../models/dates';
import { withCheckDigits } from '../models/identifiers';
import { establishmentNumberText } from '../pages/dutch';
import { KBO_HEADERS, csvLine, dottedEnterprise, dottedEstablishment } from '../scripts/kbo-sample';
import { importKbo } from '../store/kbo-import';
import { checkAccessibilityFully, openBrowser, saveAxeSummary, screenshot, signInAs } from './support/browser';
import { scratchDir } from './support/environment';
import { PageVisitor, textOf } from './support/pages';
import { DEV_COMPANY } from './support/people';
import { DECLARED_ANSWERS as DECLARED, MENTOR_ANSWERS as MENTOR, SAMPLE_ENTERPRISE } from './support/sample-application';
import { type Json, suiteStack } from './support/stack';

// The application's first step with the KBO company register loaded: the company's name is
// shown, not asked, and its establishments are picked from a list that fills the number and the
// workplace address; "Een andere vestiging" still lets it type them. Over HTTP as a browser
// without JavaScript posts, and the step in Chromium under axe.

const KBO_NAME = 'Bouwbedrijf De Vries';
const FIRST = withCheckDigits('21234567');
const SECOND = withCheckDigits('21234568');
const STOPPED = withCheckDigits('07777777');
const STOPPED_ESTABLISHMENT = withCheckDigits('27777777');
/** An establishment the KBO data gives no address. */
const WITHOUT_ADDRESS = withCheckDigits('27777778');
/** An enterprise the KBO data does not list: its step is as without KBO data. */
const UNLISTED = withCheckDigits('02022399');

const TRAINING = { trainingCode: 'ruwbouw-duaal', capacity: '2' };
const ADDRESS = { 'address.street': 'Dorpsstraat 5', 'address.postcode': '8500', 'address.municipality': 'Kortrijk' };
/** The fields typed on the training step when the KBO data gives no address: the address's too. */
const TRAINING_STEP_TYPED = ['trainingCode', 'capacity', 'address.street', 'address.postcode', 'address.municipality'];
const CONTACT = { 'contact.name': 'An De Vries', 'contact.email': 'an@devries.example' };

/** The fields a person types in (text, number, select), by name: radios and checkboxes are picked. */
function typedFields(html: string): string[] {
  const form = html.slice(html.indexOf('<form method="post" action="/aanvragen/nieuw/'));
  return [...form.matchAll(/<(?:input|select)\b[^>]*>/g)]
    .map((m) => m[0])
    .filter((tag) => !/type="(hidden|radio|checkbox)"/.test(tag))
    .map((tag) => /name="([^"]+)"/.exec(tag)![1]!);
}

function writeExtract(dir: string) {
  fs.mkdirSync(dir, { recursive: true });
  const write = (name: keyof typeof KBO_HEADERS, rows: string[][]) =>
    fs.writeFileSync(path.join(dir, `${name}.csv`), [csvLine([...KBO_HEADERS[name]]), ...rows.map((r) => csvLine(r))].join(''));
  const company = dottedEnterprise(SAMPLE_ENTERPRISE);
  const stopped = dottedEnterprise(STOPPED);
  write('enterprise', [
    [company, 'AC', '000', '2', '014', '', '01-01-1990'],
    // In liquidation (014: closure of the winding-up): stopped.
    [stopped, 'AC', '014', '2', '014', '', '01-01-1995'],
  ]);
  write('establishment', [
    [dottedEstablishment(FIRST), '01-01-1990', company],
    [dottedEstablishment(SECOND), '01-06-2005', company],
    [dottedEstablishment(STOPPED_ESTABLISHMENT), '01-01-1995', stopped],
    [dottedEstablishment(WITHOUT_ADDRESS), '01-01-1996', stopped],
  ]);
  write('denomination', [
    [company, '2', '001', KBO_NAME],
    [company, '1', '001', 'Construction De Vries'],
    [stopped, '2', '001', 'Garage Vroeger'],
  ]);
  const address = (entity: string, postcode: string, municipality: string, street: string, number: string, box = '') => [
    entity,
    entity.startsWith('0') ? 'REGO' : 'BAET',
    '',
    '',
    postcode,
    municipality,
    municipality,
    street,
    street,
    number,
    box,
    '',
    '',
  ];
  write('address', [
    address(company, '9000', 'Gent', 'Kerkstraat', '1'),
    address(dottedEstablishment(FIRST), '9000', 'Gent', 'Kerkstraat', '1'),
    address(dottedEstablishment(SECOND), '2000', 'Antwerpen', 'Stationsstraat', '12', '3'),
    address(dottedEstablishment(STOPPED_ESTABLISHMENT), '3000', 'Leuven', 'Naamsestraat', '8'),
  ]);
  fs.writeFileSync(path.join(dir, 'meta.csv'), [csvLine(['Variable', 'Value']), csvLine(['ExtractType', 'full'])].join(''));
}

describe('application pages with the KBO company register', () => {
  const stack = suiteStack({
    company: DEV_COMPANY,
    stopped: { sub: 'stopped-company', role: 'company', enterpriseNumber: STOPPED },
    unlisted: { sub: 'unlisted-company', role: 'company', enterpriseNumber: UNLISTED },
  });
  const { call, tokens } = stack;

  beforeAll(async () => {
    const dir = path.join(scratchDir(), `kbo-pages-${randomUUID().slice(0, 8)}`);
    writeExtract(dir);
    const report = await importKbo(stack.db, dir);
    expect(report.refusals).toEqual([]);
  });
  afterAll(() => saveAxeSummary());

  const company = () => new PageVisitor(stack.baseUrl).signIn('company');
  async function withToken(name: string) {
    const visitor = new PageVisitor(stack.baseUrl);
    await visitor.get('/aanmelden');
    const answer = await visitor.post('/aanmelden', { token: tokens[name]! }, { follow: false });
    expect(answer.status).toBe(303);
    return visitor;
  }

  it('shows the KBO name and establishments, and a pick fills the number, name and address of the submitted dossier', async () => {
    const kbo = (await call('company', 'GET', `/api/v1/companies/${SAMPLE_ENTERPRISE}`)).body;
    expect(kbo.establishments.map((e: Json) => e.address)).toEqual([
      { street: 'Kerkstraat 1', postcode: '9000', municipality: 'Gent' },
      { street: 'Stationsstraat 12 bus 3', postcode: '2000', municipality: 'Antwerpen' },
    ]);
    const visitor = await company();
    await visitor.get('/aanvragen/nieuw');
    const first = await visitor.get('/aanvragen/nieuw/onderneming');
    const text = textOf(first.html);
    expect(text).toContain(`Naam van de onderneming (volgens de KBO) ${KBO_NAME}`);
    expect(text).toContain('2.123.456.791 — Kerkstraat 1, 9000 Gent');
    expect(text).toContain(`${establishmentNumberText(SECOND)} — Stationsstraat 12 bus 3, 2000 Antwerpen`);
    expect(text).toContain('Een andere vestiging');
    expect(first.html).not.toContain('name="companyName"');
    expect(first.html.match(/type="radio" [^>]*name="kbo.establishment"/g)).toHaveLength(3);
    // Typed: the other establishment's number (only with "Een andere vestiging") and the optional joint committee.
    expect(typedFields(first.html)).toEqual(['establishmentNumber', 'jointCommittee']);

    // No choice: refused beside the list, in the error summary.
    const refused = await visitor.post('/aanvragen/nieuw/onderneming', { jointCommittee: '124' });
    expect(refused.status).toBe(400);
    expect(refused.html).toContain('href="#veld-kbo-establishment"');
    expect(textOf(refused.html)).toContain('Vestiging waar de leerling werkt: Kies de vestiging waar de leerling werkt.');
    expect(refused.html).toMatch(/<title>Fout: /);
    // A number that is none of the list's (a tampered form) is refused too.
    const tampered = await visitor.post('/aanvragen/nieuw/onderneming', { 'kbo.establishment': STOPPED_ESTABLISHMENT });
    expect(textOf(tampered.html)).toContain('Kies een van de vestigingen in de lijst.');

    // The live check (pages/static/live-check.js) asks the same.
    const live = await visitor.post('/aanvragen/nieuw/onderneming/controle', {});
    expect(JSON.parse(live.html)).toEqual({ errors: { 'kbo.establishment': 'Kies de vestiging waar de leerling werkt.' } });
    const liveOk = await visitor.post('/aanvragen/nieuw/onderneming/controle', { 'kbo.establishment': SECOND });
    expect(JSON.parse(liveOk.html)).toEqual({ errors: {} });

    let answer = await visitor.post('/aanvragen/nieuw/onderneming', { 'kbo.establishment': SECOND, jointCommittee: '124' });
    expect(answer.location).toBe('/aanvragen/nieuw/opleiding');
    // The workplace address comes from the KBO: shown, not asked.
    expect(textOf(answer.html)).toContain('Adres van de werkplek (volgens de KBO) Stationsstraat 12 bus 3 2000 Antwerpen');
    expect(answer.html).not.toContain('name="address.street"');
    expect(typedFields(answer.html)).toEqual(['trainingCode', 'capacity']);
    // Live-checked without the address fields, nothing is missing.
    expect(JSON.parse((await visitor.post('/aanvragen/nieuw/opleiding/controle', TRAINING)).html)).toEqual({ errors: {} });
    answer = await visitor.post('/aanvragen/nieuw/opleiding', TRAINING);
    expect(answer.location).toBe('/aanvragen/nieuw/contactpersoon');
    answer = await visitor.post('/aanvragen/nieuw/contactpersoon', CONTACT);
    answer = await visitor.post('/aanvragen/nieuw/mentoren', MENTOR);
    answer = await visitor.post('/aanvragen/nieuw/verklaringen', DECLARED);
    expect(answer.location).toBe('/aanvragen/nieuw/controle');
    const check = textOf(answer.html);
    expect(check).toContain(establishmentNumberText(SECOND));
    expect(check).toContain(KBO_NAME);
    expect(check).toContain('Stationsstraat 12 bus 3 2000 Antwerpen');

    // Going back to the first step shows the pick.
    const back = await visitor.get('/aanvragen/nieuw/onderneming');
    expect(back.html).toMatch(new RegExp(`value="${SECOND}" checked`));

    const submitted = await visitor.post('/aanvragen/nieuw/controle', {});
    const id = /^\/aanvragen\/([0-9a-f-]{36})\?gelukt=ingediend$/.exec(submitted.location ?? '')?.[1];
    expect(id).toBeDefined();
    const dossier = (await call('company', 'GET', `/api/v1/applications/${id}`)).body;
    expect(dossier).toMatchObject({
      enterpriseNumber: SAMPLE_ENTERPRISE,
      establishmentNumber: SECOND,
      companyName: KBO_NAME,
      application: {
        establishmentNumber: SECOND,
        companyName: KBO_NAME,
        address: { street: 'Stationsstraat 12 bus 3', postcode: '2000', municipality: 'Antwerpen' },
        jointCommittee: '124',
      },
    });
  });

  it('shows a workplace already taken, refused at submission, beside the list it was picked from', async () => {
    // The first test filed SECOND for this training: picked again, the submission is refused.
    const visitor = await company();
    await visitor.get('/aanvragen/nieuw/onderneming');
    await visitor.post('/aanvragen/nieuw/onderneming', { 'kbo.establishment': SECOND });
    await visitor.post('/aanvragen/nieuw/opleiding', TRAINING);
    await visitor.post('/aanvragen/nieuw/contactpersoon', CONTACT);
    await visitor.post('/aanvragen/nieuw/mentoren', MENTOR);
    await visitor.post('/aanvragen/nieuw/verklaringen', DECLARED);
    const refused = await visitor.post('/aanvragen/nieuw/controle', {});
    expect(refused.status).toBe(409);
    expect(refused.html).toContain('href="/aanvragen/nieuw/onderneming#veld-kbo-establishment"');
    const step = await visitor.get('/aanvragen/nieuw/onderneming');
    expect(step.html).toMatch(/id="veld-kbo-establishment-error"[^>]*>.*loopt al een aanvraag/);
    expect(step.html).not.toContain('id="veld-establishmentNumber-error"');
    expect(step.html).toContain('href="#veld-kbo-establishment"');
    // The other one is free.
    const answer = await visitor.post('/aanvragen/nieuw/onderneming', { 'kbo.establishment': FIRST });
    expect(answer.location).toBe('/aanvragen/nieuw/controle');
    expect(textOf(answer.html)).toContain('Kerkstraat 1 9000 Gent');
  });

  it('lets the company type another establishment and its address ("Een andere vestiging")', async () => {
    const visitor = await company();
    await visitor.get('/aanvragen/nieuw/onderneming');
    const other = withCheckDigits('21234569');
    // The pick of a listed one first, then another: the KBO address of the first is not kept.
    let answer = await visitor.post('/aanvragen/nieuw/onderneming', { 'kbo.establishment': FIRST });
    expect(textOf(answer.html)).toContain('Kerkstraat 1 9000 Gent');
    await visitor.get('/aanvragen/nieuw/onderneming');
    // A wrong check digit of the typed number is refused beside it, as without KBO data.
    const wrong = `${other.slice(0, 8)}${String((Number(other.slice(8)) + 1) % 100).padStart(2, '0')}`;
    const refused = await visitor.post('/aanvragen/nieuw/onderneming', {
      'kbo.establishment': 'andere',
      establishmentNumber: wrong,
    });
    expect(refused.status).toBe(400);
    expect(refused.html).toContain('href="#veld-establishmentNumber"');
    expect(refused.html).toContain(`value="${wrong}"`);
    expect(refused.html).toMatch(/value="andere" checked/);

    answer = await visitor.post('/aanvragen/nieuw/onderneming', { 'kbo.establishment': 'andere', establishmentNumber: other });
    expect(answer.location).toBe('/aanvragen/nieuw/opleiding');
    expect(answer.html).toContain('name="address.street"');
    expect(answer.html).not.toContain('value="Kerkstraat 1"');
    expect(typedFields(answer.html)).toEqual(TRAINING_STEP_TYPED);
    answer = await visitor.post('/aanvragen/nieuw/opleiding', { ...TRAINING, ...ADDRESS });
    expect(answer.location).toBe('/aanvragen/nieuw/contactpersoon');
    await visitor.post('/aanvragen/nieuw/contactpersoon', CONTACT);
    await visitor.post('/aanvragen/nieuw/mentoren', MENTOR);
    answer = await visitor.post('/aanvragen/nieuw/verklaringen', DECLARED);
    const check = textOf(answer.html);
    expect(check).toContain(establishmentNumberText(other));
    expect(check).toContain(KBO_NAME);
    expect(check).toContain('Dorpsstraat 5 8500 Kortrijk');

    // Only the number typed, no choice (the list unseen): one of the list is taken as picked.
    const typing = await company();
    await typing.get('/aanvragen/nieuw/onderneming');
    answer = await typing.post('/aanvragen/nieuw/onderneming', { establishmentNumber: dottedEstablishment(FIRST) });
    expect(answer.location).toBe('/aanvragen/nieuw/opleiding');
    expect(textOf(answer.html)).toContain('Adres van de werkplek (volgens de KBO) Kerkstraat 1 9000 Gent');
  });

  it('says plainly that a stopped enterprise cannot be recognised, and leaves the step as it was without KBO data', async () => {
    const stopped = await withToken('stopped');
    const step = textOf((await stopped.get('/aanvragen/nieuw/onderneming')).html);
    expect(step).toContain('Volgens de KBO is deze onderneming stopgezet.');
    expect(step).toContain('Garage Vroeger');
    expect(step).toContain(`${establishmentNumberText(STOPPED_ESTABLISHMENT)} — Naamsestraat 8, 3000 Leuven`);
    // An establishment without an address in the KBO data: its address is asked, and stays typed.
    expect(step).toContain(`${establishmentNumberText(WITHOUT_ADDRESS)} — adres niet gekend`);
    let next = await stopped.post('/aanvragen/nieuw/onderneming', { 'kbo.establishment': WITHOUT_ADDRESS });
    expect(next.location).toBe('/aanvragen/nieuw/opleiding');
    expect(next.html).toContain('name="address.street"');
    expect((await stopped.post('/aanvragen/nieuw/opleiding', { ...TRAINING, ...ADDRESS })).location).toBe(
      '/aanvragen/nieuw/contactpersoon',
    );
    next = await stopped.get('/aanvragen/nieuw/opleiding');
    expect(next.html).toContain('value="Dorpsstraat 5"');
    expect(textOf(next.html)).not.toContain('volgens de KBO');

    // Unknown to the KBO data (404): number, name and address typed as before.
    const unlisted = await withToken('unlisted');
    const first = await unlisted.get('/aanvragen/nieuw/onderneming');
    expect(first.html).not.toContain('kbo.establishment');
    expect(textOf(first.html)).not.toContain('stopgezet');
    expect(typedFields(first.html)).toEqual(['establishmentNumber', 'companyName', 'jointCommittee']);
    const answer = await unlisted.post('/aanvragen/nieuw/onderneming', {
      establishmentNumber: withCheckDigits('21234570'),
      companyName: 'Zonder KBO BV',
    });
    expect(answer.location).toBe('/aanvragen/nieuw/opleiding');
    expect(typedFields(answer.html)).toEqual(TRAINING_STEP_TYPED);
  });

  it('lets a school with a mandate look the enterprise up and pick its establishment', async () => {
    const granted = await call('company', 'POST', '/api/v1/mandates', {
      schoolId: 'school-1',
      validUntil: dayInBrussels(new Date(Date.now() + 30 * 86_400_000)),
    });
    expect(granted.status).toBe(201);
    const school = await new PageVisitor(stack.baseUrl).signIn('school');
    const empty = await school.get('/aanvragen/nieuw/onderneming');
    expect(empty.html).toContain('name="enterpriseNumber"');
    expect(empty.html).not.toContain('kbo.establishment');
    // A number the KBO data does not list: said so, and the name and number are typed as before.
    let answer = await school.post('/aanvragen/nieuw/onderneming', { enterpriseNumber: UNLISTED, _actie: 'opzoeken' });
    expect(textOf(answer.html)).toContain(
      `Erkend vindt ondernemingsnummer ${dottedEnterprise(UNLISTED)} niet in de gegevens van de KBO.`,
    );
    expect(answer.html).toContain('name="companyName"');
    answer = await school.post('/aanvragen/nieuw/onderneming', {
      enterpriseNumber: dottedEnterprise(SAMPLE_ENTERPRISE),
      _actie: 'opzoeken',
    });
    expect(answer.location).toBe('/aanvragen/nieuw/onderneming#veld-enterpriseNumber');
    expect(textOf(answer.html)).toContain(`Naam van de onderneming (volgens de KBO) ${KBO_NAME}`);
    expect(answer.html).toContain(`value="${dottedEnterprise(SAMPLE_ENTERPRISE)}"`);
    answer = await school.post('/aanvragen/nieuw/onderneming', {
      enterpriseNumber: dottedEnterprise(SAMPLE_ENTERPRISE),
      'kbo.establishment': FIRST,
    });
    expect(answer.location).toBe('/aanvragen/nieuw/opleiding');
    expect(textOf(answer.html)).toContain('Adres van de werkplek (volgens de KBO) Kerkstraat 1 9000 Gent');
  });

  it('has no accessibility violations on the step with establishments, blank and refused (Chromium, axe)', async () => {
    const browser = await openBrowser();
    try {
      const page = await browser.newPage(stack.baseUrl);
      await signInAs(page, 'company');
      await page.goto('/aanvragen/nieuw/onderneming');
      await page.getByText('Een andere vestiging', { exact: true }).waitFor();
      // With JavaScript the other establishment's number shows only with its choice (pages/static/conditional.js).
      const otherNumber = page.getByLabel('Vestigingseenheidsnummer van de andere vestiging');
      expect(await otherNumber.isVisible()).toBe(false);
      await checkAccessibilityFully(page, 'aanvraag-stap-kbo');
      await screenshot(page, 'aanvraag-stap-kbo');
      await page.getByRole('button', { name: 'Doorgaan' }).click();
      await page.locator('.error-summary').waitFor();
      await checkAccessibilityFully(page, 'aanvraag-stap-kbo-fout');
      await screenshot(page, 'aanvraag-stap-kbo-fout');
      await page.getByLabel('Een andere vestiging', { exact: true }).check();
      await otherNumber.waitFor({ state: 'visible' });
      expect(await page.getByLabel('Een andere vestiging', { exact: true }).getAttribute('aria-controls')).toBe(
        'veld-kbo-establishment-andere',
      );
      await checkAccessibilityFully(page, 'aanvraag-stap-kbo-andere');
      // Picking an establishment by its label goes on, with the address shown on the next step.
      await page.getByLabel(`${establishmentNumberText(SECOND)} — Stationsstraat 12 bus 3, 2000 Antwerpen`).check();
      await page.getByRole('button', { name: 'Doorgaan' }).click();
      await page.waitForURL((url) => url.pathname === '/aanvragen/nieuw/opleiding');
      await page.getByText('Adres van de werkplek (volgens de KBO)').waitFor();
      await checkAccessibilityFully(page, 'aanvraag-stap-opleiding-kbo');
    } finally {
      await browser.close();
    }
  });
});
