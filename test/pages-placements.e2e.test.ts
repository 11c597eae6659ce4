import { addToDate } from '../models/dates';
import type { Recognition } from '../models/recognition';
import { loadRecognitions, writeRecognition } from '../store/recognitions';
import { browserForTests, checkAccessibilityFully, screenshot, signInAs, signInWithToken } from './support/browser';
import { PageVisitor, textOf } from './support/pages';
import { eventually, suiteStack, tokenFor } from './support/stack';
import { sampleRecognition } from './support/sample-recognition';

// The school's placements in the pages: from the search's results to a placement, refused
// when the code looks like a national number or the workplace is full, and ended.

const TODAY = new Date().toLocaleDateString('en-CA', { timeZone: 'Europe/Brussels' });
const YEAR_AGO = `${Number(TODAY.slice(0, 4)) - 1}${TODAY.slice(4, 8)}01`;

const stack = suiteStack();
let school: PageVisitor;
const workplace: Recognition = sampleRecognition({
  companyName: 'Plaatsbouw Peeters',
  capacity: 1,
  address: { street: 'Markt 1', postcode: '3000', municipality: 'Leuven' },
  validFrom: YEAR_AGO,
  validUntil: addToDate(TODAY, 'P4Y'),
  validUntilAt: `${addToDate(TODAY, 'P4Y')}T12:00:00.000Z`,
  history: [{ at: `${YEAR_AGO}T10:00:00.000Z`, status: 'active' }],
});
const searchPath = `/register/zoeken?trainingCode=${workplace.trainingCode}&postcode=3000&hasCapacity=true`;

beforeAll(async () => {
  await loadRecognitions(stack.db, [workplace]);
  school = await new PageVisitor(stack.baseUrl).signIn('school');
  await eventually(async () => ((await school.get(searchPath)).html.includes('Plaatsbouw Peeters') ? true : undefined));
}, 60_000);

test('when a school proposes a learner from the search and the company accepts, then the school is refused a national number and a full workplace, and ends the placement', async () => {
  const found = await school.get(searchPath);
  const link = /href="(\/plaatsingen\/nieuw\?[^"]*)"/.exec(found.html)?.[1]?.replace(/&amp;/g, '&');
  expect(link).toBe(`/plaatsingen/nieuw?erkenning=${workplace.id}&naam=Plaatsbouw+Peeters`);
  const form = await school.get(link!);
  expect(textOf(form.html)).toContain('Een leerling plaatsen bij Plaatsbouw Peeters');
  expect(form.html).toContain(`value="${TODAY}"`);

  const national = await school.post(link!, {
    recognitionId: workplace.id,
    learnerReference: '85.07.30-033.28',
    startsOn: TODAY,
  });
  expect(national.status).toBe(400);
  expect(national.html).toMatch(/id="veld-learnerReference-error">[\s\S]*?nooit een rijksregisternummer/);

  const placed = await school.post(link!, { recognitionId: workplace.id, learnerReference: 'LL-2026-017', startsOn: TODAY });
  // Proposed (contract v3): the workplace holds the place until the company answers.
  expect(placed.status).toBe(200);
  expect(placed.location).toMatch(/^\/plaatsingen\/[^/?]+\?gelukt=voorgesteld$/);
  expect(textOf(placed.html)).toContain('Uw voorstel is verstuurd. Plaatsbouw Peeters heeft tot');
  expect(textOf(placed.html)).toContain('Plaatsing van leerling LL-2026-017');
  expect(textOf((await school.get('/plaatsingen')).html)).toMatch(/Voorstellen die wachten op antwoord .*LL-2026-017/);
  // Full now: the search with free places no longer shows it, and another placement is refused.
  expect(textOf((await school.get(searchPath)).html)).not.toContain('Plaatsbouw Peeters');
  const full = await school.post(link!, { recognitionId: workplace.id, learnerReference: 'LL-2026-018', startsOn: TODAY });
  expect(full.status).toBe(409);
  expect(textOf(full.html)).toContain('geen vrije plaats meer');
  // The company accepts with its one mentor, chosen already: the placement runs.
  const company = await new PageVisitor(stack.baseUrl).signIn('company');
  const acceptPath = `${placed.location!.split('?')[0]}/aanvaarden`;
  expect((await company.get(acceptPath)).html).toMatch(/name="mentor" value="0" checked/);
  const accepted = await company.post(acceptPath, { mentor: '0' });
  expect(textOf(accepted.html)).toContain('U aanvaardde de plaatsing van leerling LL-2026-017.');
  expect(textOf(accepted.html)).toMatch(/Mentor Jan Peeters/);
  // The reviewer sees whom a suspension would affect before suspending.
  const reviewer = await new PageVisitor(stack.baseUrl).signIn('reviewer', 'bouw');
  expect(textOf((await reviewer.get(`/erkenningen/${workplace.id}`)).html)).toContain(
    '1 leerling geplaatst: een schorsing of intrekking treft ook hen en hun scholen.',
  );

  // Suspended (as its workflow writes it): the school's list says so beside the workplace.
  const suspension = { at: new Date().toISOString(), status: 'suspended' as const, reasons: ['Klacht'] };
  await writeRecognition(
    stack.db,
    { ...workplace, status: 'suspended', history: [...workplace.history, suspension] },
    { onlyIfAbsent: false },
  );
  const warned = await eventually(async () => {
    const list = await school.get('/plaatsingen');
    return textOf(list.html).includes('Geschorst') ? list : undefined;
  });
  expect(textOf(warned.html)).toContain('1 lopende plaatsing is op een werkplek waarvan de erkenning geschorst of beëindigd is.');
  expect(textOf(warned.html)).toMatch(/LL-2026-017 Plaatsbouw Peeters Geschorst/);
  await writeRecognition(stack.db, workplace, { onlyIfAbsent: false });
  await eventually(async () => (textOf((await school.get('/plaatsingen')).html).includes('Geschorst') ? undefined : true));

  const endLink = /href="(\/plaatsingen\/[^"/]+\/beeindigen)"/.exec((await school.get('/plaatsingen')).html)?.[1];
  expect(endLink).toBeDefined();
  const ended = await school.post(endLink!, { endedOn: TODAY });
  expect([ended.status, ended.location]).toEqual([200, '/plaatsingen?gelukt=beeindigd']);
  expect(textOf(ended.html)).toContain('Er zijn geen lopende plaatsingen.');
  expect(textOf(ended.html)).toContain('Beëindigde plaatsingen');
  expect(textOf((await school.get(searchPath)).html)).toContain('Plaatsbouw Peeters');
});

describe('in Chromium', () => {
  const browser = browserForTests();

  test('when a school proposes, the company accepts and the school ends the placement, then each page (none, proposed, running, at a suspended workplace, ended) and each refusal passes axe, with screenshots', async () => {
    // A school that has placed no one yet.
    const other = await browser().newPage(stack.baseUrl);
    await signInWithToken(other, await tokenFor({ sub: 'secretariaat-2', role: 'school', schoolId: 'school-2' }));
    await other.goto('/plaatsingen');
    await other.getByText('Er zijn geen lopende plaatsingen.').waitFor();
    await checkAccessibilityFully(other, 'school: plaatsingen (geen)');
    await other.context().close();

    const tab = await browser().newPage(stack.baseUrl);
    await tab.goto('/aanmelden');
    await tab.click('button[value="school"]');
    await tab.waitForURL((url) => url.pathname === '/');
    await tab.goto(searchPath);
    await tab
      .getByRole('link', { name: /plaatsen/i })
      .first()
      .click();
    await tab.waitForURL((url) => url.pathname === '/plaatsingen/nieuw');
    await tab.getByRole('heading', { name: 'Een leerling plaatsen bij Plaatsbouw Peeters' }).waitFor();
    const form = tab.url();
    await checkAccessibilityFully(tab, 'school: leerling plaatsen');

    await tab.getByLabel('Code van de leerling').fill('85.07.30-033.28');
    await tab.getByRole('button', { name: 'Leerling plaatsen' }).click();
    await tab.locator('.error-summary').waitFor();
    await checkAccessibilityFully(tab, 'school: leerling plaatsen (fout)');
    await screenshot(tab, 'school-plaatsing-fout');

    await tab.getByLabel('Code van de leerling').fill('LL-2026-101');
    await tab.getByRole('button', { name: 'Leerling plaatsen' }).click();
    await tab.getByText('Uw voorstel is verstuurd').waitFor();
    const proposal = tab.url().split('?')[0]!;
    await checkAccessibilityFully(tab, 'school: plaatsing voorgesteld');
    await tab.goto('/plaatsingen');
    await checkAccessibilityFully(tab, 'school: plaatsingen');
    await screenshot(tab, 'school-plaatsingen');

    // The workplace is full now: refused in words of the placement, above the form.
    await tab.goto(form);
    await tab.getByLabel('Code van de leerling').fill('LL-2026-102');
    await tab.getByRole('button', { name: 'Leerling plaatsen' }).click();
    await tab.getByText('geen vrije plaats meer').first().waitFor();
    await checkAccessibilityFully(tab, 'school: leerling plaatsen (werkplek vol)');

    // The company accepts with its one mentor: the placement runs.
    const company = await browser().newPage(stack.baseUrl);
    await signInAs(company, 'company');
    await company.goto(proposal);
    await company.getByRole('link', { name: 'Voorstel aanvaarden en een mentor kiezen' }).click();
    await company.getByRole('button', { name: 'Voorstel aanvaarden' }).click();
    await company.getByText('U aanvaardde de plaatsing').waitFor();
    await company.context().close();

    // The workplace's recognition suspended: the list says so beside it.
    const suspension = { at: new Date().toISOString(), status: 'suspended' as const, reasons: ['Klacht'] };
    await writeRecognition(
      stack.db,
      { ...workplace, status: 'suspended', history: [...workplace.history, suspension] },
      { onlyIfAbsent: false },
    );
    await eventually(async () => {
      await tab.goto('/plaatsingen');
      return (await tab.getByText('Geschorst').count()) > 0 ? true : undefined;
    });
    await checkAccessibilityFully(tab, 'school: plaatsingen (werkplek geschorst)');
    await screenshot(tab, 'school-plaatsingen-geschorst');
    await writeRecognition(stack.db, workplace, { onlyIfAbsent: false });

    await tab.getByRole('link', { name: 'Beëindigen (LL-2026-101)' }).click();
    await tab.getByRole('heading', { name: 'Een plaatsing beëindigen' }).waitFor();
    await checkAccessibilityFully(tab, 'school: plaatsing beëindigen');
    await tab.getByLabel('Einddatum').fill('');
    await tab.getByRole('button', { name: 'Plaatsing beëindigen' }).click();
    await tab.locator('.error-summary').waitFor();
    await checkAccessibilityFully(tab, 'school: plaatsing beëindigen (fout)');
    await screenshot(tab, 'school-plaatsing-beeindigen-fout');
    await tab.getByLabel('Einddatum').fill(TODAY);
    await tab.getByRole('button', { name: 'Plaatsing beëindigen' }).click();
    await tab.getByText('De plaatsing is beëindigd').waitFor();
    await checkAccessibilityFully(tab, 'school: plaatsingen (beëindigd)');
    await tab.context().close();
  });
});
