import { longDate } from '../pages/dutch';
import { browserForTests, checkAccessibility, screenshot } from './support/browser';
import { PageVisitor, textOf } from './support/pages';
import { SAMPLE_ENTERPRISE, sampleApplicationBody } from './support/sample-application';
import { COMPANY, DEV_SCHOOL, reviewerOf } from './support/people';
import { type Json, eventually, suiteStack } from './support/stack';

// The school's pages against the real stack: verify a workplace the reviewer approved through
// the API, search for it, report an incident about it, and follow changes by webhook.

const TODAY = new Date().toLocaleDateString('en-CA', { timeZone: 'Europe/Brussels' });
const KORTRIJK = { street: 'Grote Markt 1', postcode: '8500', municipality: 'Kortrijk' };

// One report a day, so that the second report meets the quota.
const stack = suiteStack(
  { company: COMPANY, reviewer: reviewerOf('bouw'), school: DEV_SCHOOL },
  { limits: { incidentReportsPerSchoolPerDay: 1 } },
);
const { call } = stack;
/** Two workplaces in Kortrijk recognised by the building partnership: [ruwbouw, dakwerker]. */
const workplaces: Array<{ recognitionId: string; establishmentNumber: string; trainingCode: string; recognition: Json }> = [];

/** The rows of a page's results table. */
const rowsOf = (html: string) => /<tbody>[\s\S]*?<\/tbody>/.exec(html)?.[0].match(/<tr>[\s\S]*?<\/tr>/g) ?? [];

const verifyPath = (w: { establishmentNumber: string; trainingCode: string }, trainingCode = w.trainingCode) =>
  `/register?${new URLSearchParams({ enterpriseNumber: '0403.170.701', establishmentNumber: w.establishmentNumber, trainingCode, date: TODAY })}`;

beforeAll(async () => {
  const approved = await Promise.all(
    ['ruwbouw-duaal', 'dakwerker-duaal'].map(async (trainingCode) => {
      const body = sampleApplicationBody({ trainingCode, address: KORTRIJK });
      const applied = await call('company', 'POST', '/api/v1/applications', body);
      expect(applied.body).toMatchObject({ status: 'in_review' });
      const decided = await call('reviewer', 'POST', `/api/v1/applications/${applied.body.id}/decision`, {
        outcome: 'approved',
        reasons: ['In orde'],
      });
      const recognitionId = decided.body.recognitionId as string;
      const recognition = (await call('reviewer', 'GET', `/api/v1/recognitions/${recognitionId}`)).body;
      return { recognitionId, establishmentNumber: body.establishmentNumber as string, trainingCode, recognition };
    }),
  );
  workplaces.push(...approved);
  // The register takes a change in from its feed within a second.
  for (const w of workplaces) {
    await eventually(async () => {
      const query = new URLSearchParams({
        enterpriseNumber: SAMPLE_ENTERPRISE,
        establishmentNumber: w.establishmentNumber,
        trainingCode: w.trainingCode,
      });
      return (await call('school', 'GET', `/api/v1/register/verify?${query}`)).body.recognized ? true : undefined;
    });
  }
}, 60_000);

test('verify: "Erkend" with its validity for the approved workplace, "Niet erkend" for another training, a bad number beside its field', async () => {
  const school = await new PageVisitor(stack.baseUrl).signIn('school');
  const empty = await school.get('/register');
  expect(empty.status).toBe(200);
  expect(empty.html).toContain('<form method="get" action="/register"');
  expect(empty.html).toContain(`value="${TODAY}"`);
  expect(textOf(empty.html)).toContain('Ruwbouw duaal');

  const [ruwbouw] = workplaces;
  const yes = await school.get(verifyPath(ruwbouw!));
  expect(yes.status).toBe(200);
  expect(yes.html).toMatch(/class="panel"[^>]*>\s*<h2 class="verdict" id="antwoord">Erkend<\/h2>/);
  const text = textOf(yes.html);
  expect(text).toContain('Bouwbedrijf De Vries is op');
  expect(text).toContain('erkend als leeronderneming voor Ruwbouw duaal');
  expect(text).toContain(`van ${longDate(ruwbouw!.recognition.validFrom)} tot ${longDate(ruwbouw!.recognition.validUntil)}`);
  expect(text).toContain('8500 Kortrijk');
  expect(yes.html).toContain(`href="/erkenningen/${ruwbouw!.recognitionId}/melding?onderneming=0403170701"`);

  const no = await school.get(verifyPath(ruwbouw!, 'tegelzetter-duaal'));
  expect(no.status).toBe(200);
  expect(no.html).toContain('class="panel negative"');
  expect(textOf(no.html)).toContain('Niet erkend');
  expect(textOf(no.html)).toContain('geen erkenning voor Tegelzetter duaal');
  expect(textOf(no.html)).toContain('Geen erkenning');

  const bad = await school.get(verifyPath({ establishmentNumber: '2.123.456.790', trainingCode: 'ruwbouw-duaal' }));
  expect(bad.status).toBe(400);
  expect(textOf(bad.html)).toContain('Er is een probleem');
  expect(bad.html).toMatch(
    /id="veld-establishmentNumber-error"><span class="visually-hidden">Fout: <\/span>Dit nummer bestaat niet: de controlecijfers kloppen niet/,
  );
  expect(bad.html).toContain('href="#veld-establishmentNumber"');
  expect(bad.html).toContain('value="2.123.456.790"');
  expect(bad.html).not.toContain('class="verdict"');

  // A company has no business in the register.
  const company = await new PageVisitor(stack.baseUrl).signIn('company');
  expect((await company.get('/register')).status).toBe(403);
});

test('search: finds the workplaces by postcode, a page at a time, and refuses a bad postcode beside its field', async () => {
  const school = await new PageVisitor(stack.baseUrl).signIn('school');
  const all = await school.get('/register/zoeken?trainingCode=&postcode=8500&hasCapacity=true');
  expect(all.status).toBe(200);
  const text = textOf(all.html);
  expect(text).toContain('Bouwbedrijf De Vries');
  expect(text).toContain('8500 Kortrijk');
  expect(text).toContain('Ruwbouw duaal');
  expect(text).toContain('Dakwerker duaal');

  const first = await school.get('/register/zoeken?postcode=8500&pageSize=1');
  expect(rowsOf(first.html)).toHaveLength(1);
  const next = /href="(\/register\/zoeken\?[^"]*page=2[^"]*)">Volgende pagina/.exec(first.html)?.[1];
  expect(next).toBeDefined();
  const second = await school.get(next!.replace(/&amp;/g, '&'));
  expect(textOf(second.html)).toContain('pagina 2');
  expect(second.html).toContain('Vorige pagina');
  expect(rowsOf(second.html)).toHaveLength(1);
  expect(rowsOf(second.html)).not.toEqual(rowsOf(first.html));

  const onlyRoofs = await school.get('/register/zoeken?trainingCode=dakwerker-duaal&postcode=8500');
  expect(textOf(onlyRoofs.html)).toContain('Bouwbedrijf De Vries');
  expect(rowsOf(onlyRoofs.html)).toHaveLength(1);

  const bad = await school.get('/register/zoeken?postcode=12');
  expect(bad.status).toBe(400);
  expect(bad.html).toMatch(/id="veld-postcode-error">[\s\S]*?Geef een Belgische postcode van 4 cijfers/);
  expect(bad.html).toContain('value="12"');
});

test('incident: a report opens a quality check; the daily quota is said in Dutch', async () => {
  const school = await new PageVisitor(stack.baseUrl).signIn('school');
  const [ruwbouw] = workplaces;
  const path = `/erkenningen/${ruwbouw!.recognitionId}/melding?onderneming=0403170701`;
  const form = await school.get(path);
  expect(form.status).toBe(200);
  expect(textOf(form.html)).toContain('Bouwbedrijf De Vries, Ruwbouw duaal (8500 Kortrijk)');

  const empty = await school.post(path, { description: '' });
  expect(empty.status).toBe(400);
  expect(empty.html).toMatch(/id="veld-description-error">[\s\S]*?Vul dit in\./);

  const reported = await school.post(path, { description: 'De leerling werkte zonder mentor op het dak.' });
  expect(reported.status).toBe(200);
  const checkId = new URL(reported.location!, 'http://pages').searchParams.get('controle');
  expect(reported.location).toBe(
    `/erkenningen/${ruwbouw!.recognitionId}/melding?gelukt=ja&controle=${checkId}&onderneming=0403170701`,
  );
  expect(reported.html).toContain(`href="/meldingen/${checkId}"`);
  expect(textOf(reported.html)).toContain('Uw melding is doorgegeven: er loopt nu een kwaliteitscontrole bij deze werkplek.');
  const checks = (await call('reviewer', 'GET', `/api/v1/quality-checks?recognitionId=${ruwbouw!.recognitionId}`)).body as Json[];
  expect(checks).toEqual(expect.arrayContaining([expect.objectContaining({ reason: 'incident', status: 'open' })]));

  await school.get(path);
  const again = await school.post(path, { description: 'Nog een melding.' });
  expect(again.status).toBe(429);
  expect(textOf(again.html)).toContain('Een school kan per dag ten hoogste 1 probleem melden.');
  expect(again.html).toContain('Nog een melding.');
});

test('subscriptions: one is added with its secret shown once, and stopped after confirmation', async () => {
  const school = await new PageVisitor(stack.baseUrl).signIn('school');
  expect(textOf((await school.get('/abonnementen')).html)).toContain('U hebt nog geen abonnementen.');
  expect(textOf((await school.get('/')).html)).toContain('(0 abonnementen)');

  await school.get('/abonnementen/nieuw');
  const refused = await school.post('/abonnementen/nieuw', {
    url: 'ftp://school.example/erkend',
    enterpriseNumbers: '0403.170.701\n\n0403.170.702',
    contactEmail: '',
  });
  expect(refused.status).toBe(400);
  expect(refused.html).toMatch(/id="veld-url-error">[\s\S]*?Geef een webadres dat begint met https:\/\//);
  expect(refused.html).toMatch(/id="veld-enterpriseNumbers-error">[\s\S]*?0403\.170\.702: Dit nummer bestaat niet/);
  expect(refused.html).toContain('0403.170.701\n\n0403.170.702</textarea>');

  const created = await school.post('/abonnementen/nieuw', {
    url: 'https://school.example/webhooks/erkend',
    enterpriseNumbers: '0403.170.701',
    contactEmail: 'secretariaat@school.example',
  });
  expect(created.status).toBe(200);
  const id = /^\/abonnementen\/([\w-]+)$/.exec(created.location ?? '')?.[1];
  expect(id).toBeDefined();
  const secret = /whsec_[A-Za-z0-9+/=]+/.exec(created.html)?.[0];
  expect(secret).toBeDefined();
  expect(textOf(created.html)).toContain('Erkend toont het maar één keer');
  expect(textOf(created.html)).toContain('webhook-signature');
  const listed = (await call('school', 'GET', '/api/v1/subscriptions')).body as Json[];
  expect(listed).toEqual([
    expect.objectContaining({ id, url: 'https://school.example/webhooks/erkend', enterpriseNumbers: [SAMPLE_ENTERPRISE] }),
  ]);

  const later = await school.get(`/abonnementen/${id}`);
  expect(later.html).not.toContain(secret);
  expect(textOf(later.html)).toContain('secretariaat@school.example');
  const list = await school.get('/abonnementen');
  expect(textOf(list.html)).toContain('https://school.example/webhooks/erkend');
  expect(textOf(list.html)).toContain('0403.170.701');
  expect(textOf((await school.get('/')).html)).toContain('(1 abonnement)');

  const confirm = await school.get(`/abonnementen/${id}/stopzetten`);
  expect(textOf(confirm.html)).toContain('Wilt u dit abonnement stopzetten?');
  const stopped = await school.post(`/abonnementen/${id}/stopzetten`, {});
  expect(stopped.location).toBe('/abonnementen?gelukt=gestopt');
  expect(textOf(stopped.html)).toContain('Het abonnement is stopgezet.');
  expect(textOf(stopped.html)).toContain('U hebt nog geen abonnementen.');
  expect((await call('school', 'GET', '/api/v1/subscriptions')).body).toEqual([]);
});

describe('in Chromium', () => {
  const browser = browserForTests();

  test('the verify answer, the search and the subscription forms pass axe, with screenshots', async () => {
    const tab = await browser().newPage(stack.baseUrl);
    await tab.goto('/aanmelden');
    await tab.click('button[value="school"]');
    await tab.waitForURL((url) => url.pathname === '/');

    await tab.goto('/register');
    await tab.getByLabel('Ondernemingsnummer').fill('0403.170.701');
    await tab.getByLabel('Vestigingseenheidsnummer').fill(workplaces[0]!.establishmentNumber);
    await tab.getByLabel('Opleiding').selectOption('ruwbouw-duaal');
    await tab.getByRole('button', { name: 'Nakijken' }).click();
    await tab.waitForURL(/enterpriseNumber=/);
    expect(await tab.locator('.verdict').textContent()).toBe('Erkend');
    await checkAccessibility(tab, 'school: werkplek nakijken (erkend)');
    await screenshot(tab, 'school-register-erkend');

    await tab.goto('/register/zoeken?postcode=8500');
    await checkAccessibility(tab, 'school: werkplek zoeken');
    await screenshot(tab, 'school-register-zoeken');

    await tab.goto('/abonnementen/nieuw');
    await tab.getByRole('button', { name: 'Abonnement aanmaken' }).click();
    await tab.waitForSelector('.error-summary');
    await checkAccessibility(tab, 'school: nieuw abonnement (fouten)');
    await tab.getByLabel('Webadres van uw systeem').fill('https://school.example/webhooks/erkend');
    await tab.getByRole('button', { name: 'Abonnement aanmaken' }).click();
    await tab.getByText('Het abonnement is aangemaakt').waitFor();
    await checkAccessibility(tab, 'school: abonnement met geheim');
    await screenshot(tab, 'school-abonnement-geheim');
    await tab.context().close();
  });
});
