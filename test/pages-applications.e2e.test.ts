import { dayInBrussels } from '../models/dates';
import { withCheckDigits } from '../models/identifiers';
import { establishmentNumberText } from '../pages/dutch';
import { checkAccessibility, checkAccessibilityFully, openBrowser, saveAxeSummary, screenshot } from './support/browser';
import { PageVisitor, textOf } from './support/pages';
import {
  DECLARED_ANSWERS as DECLARED,
  MENTOR_ANSWERS as MENTOR,
  SAMPLE_ENTERPRISE,
  horecaOverrides,
  newEstablishmentNumber,
  sampleApplicationBody,
} from './support/sample-application';
import { type Json, type TestStack, apiCaller, signTokens, startTestStack, tokenFor } from './support/stack';

// The company's application journey through the pages, over HTTP as a browser without
// JavaScript posts its forms: the steps, each checked; check your answers; one dossier per
// submission however often it is clicked; the dossier with its requests, withdrawal and objection.

const daysAgo = (days: number) => dayInBrussels(new Date(Date.now() - days * 86_400_000));
const year = new Date().getUTCFullYear();

const COMPANY = { companyName: 'Bouwbedrijf De Vries', jointCommittee: '124' };
const TRAINING = {
  trainingCode: 'ruwbouw-duaal',
  capacity: '2',
  'address.street': 'Kerkstraat 1',
  'address.postcode': '9000',
  'address.municipality': 'Gent',
};
const CONTACT = { 'contact.name': 'An De Vries', 'contact.email': 'an@devries.example', 'contact.phone': '09 123 45 67' };

describe('application pages (company)', () => {
  let stack: TestStack;
  let call: ReturnType<typeof apiCaller>;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    stack = await startTestStack();
    Object.assign(
      tokens,
      await signTokens({
        company: { sub: 'dev-company', role: 'company', enterpriseNumber: SAMPLE_ENTERPRISE },
        horecaReviewer: { sub: 'reviewer-horeca', role: 'reviewer', partnershipId: 'horeca' },
        bouwReviewer: { sub: 'reviewer-bouw', role: 'reviewer', partnershipId: 'bouw' },
      }),
    );
    call = apiCaller(() => stack.baseUrl, tokens);
  });
  afterAll(async () => {
    saveAxeSummary();
    await stack.stop();
  });

  const company = () => new PageVisitor(stack.baseUrl).signIn('company');

  /** Answers every step validly and lands on the check page. */
  async function fillIn(visitor: PageVisitor, establishmentNumber: string) {
    await visitor.get('/aanvragen/nieuw');
    const steps: Array<[string, Record<string, string>, string]> = [
      ['onderneming', { establishmentNumber, ...COMPANY }, 'opleiding'],
      ['opleiding', TRAINING, 'contactpersoon'],
      ['contactpersoon', CONTACT, 'mentoren'],
      ['mentoren', MENTOR, 'verklaringen'],
      ['verklaringen', DECLARED, 'controle'],
    ];
    let answer;
    for (const [step, fields, next] of steps) {
      answer = await visitor.post(`/aanvragen/nieuw/${step}`, fields);
      expect([answer.status, answer.location]).toEqual([200, `/aanvragen/nieuw/${next}`]);
    }
    return answer!;
  }

  it('walks the steps, refusing a step beside its field, to the check page and the submitted dossier', async () => {
    const visitor = await company();
    const establishment = newEstablishmentNumber();

    const start = await visitor.get('/aanvragen/nieuw');
    expect(start.status).toBe(200);
    expect(textOf(start.html)).toContain('Erkenning aanvragen als leeronderneming');
    // Steps are taken in order; there is nothing to check yet.
    expect((await visitor.get('/aanvragen/nieuw/mentoren')).location).toBe('/aanvragen/nieuw/onderneming');
    expect((await visitor.get('/aanvragen/nieuw/controle')).location).toBe('/aanvragen/nieuw/onderneming');

    // (a) The enterprise is the signed-in company's, shown and not asked; a wrong check digit is refused.
    const first = await visitor.get('/aanvragen/nieuw/onderneming');
    expect(textOf(first.html)).toContain('0403.170.701');
    expect(first.html).not.toContain('name="enterpriseNumber"');
    const wrongDigits = `${establishment.slice(0, 8)}${String((Number(establishment.slice(8)) + 1) % 100).padStart(2, '0')}`;
    const refused = await visitor.post('/aanvragen/nieuw/onderneming', {
      enterpriseNumber: withCheckDigits('02022399'),
      establishmentNumber: wrongDigits,
      ...COMPANY,
    });
    expect(refused.status).toBe(400);
    expect(textOf(refused.html)).toContain('Er is een probleem');
    expect(refused.html).toContain('href="#veld-establishmentNumber"');
    expect(refused.html).toMatch(/id="veld-establishmentNumber-error"[^>]*>.*de controlecijfers kloppen niet/);
    expect(refused.html).toContain(`value="${wrongDigits}"`);
    expect(refused.html).toContain('value="Bouwbedrijf De Vries"');
    expect(refused.html).toMatch(/<title>Fout: /);

    let answer = await visitor.post('/aanvragen/nieuw/onderneming', { establishmentNumber: establishment, ...COMPANY });
    expect(answer.location).toBe('/aanvragen/nieuw/opleiding');
    expect(textOf(answer.html)).toContain('Ruwbouw duaal');

    // (b) A postcode of three digits is refused in Dutch; the other answers stay.
    answer = await visitor.post('/aanvragen/nieuw/opleiding', { ...TRAINING, 'address.postcode': '900' });
    expect(answer.status).toBe(400);
    expect(answer.html).toMatch(/id="veld-address-postcode-error"[^>]*>.*Geef een Belgische postcode van 4 cijfers/);
    expect(answer.html).toMatch(/<option value="ruwbouw-duaal" selected/);
    answer = await visitor.post('/aanvragen/nieuw/opleiding', TRAINING);
    expect(answer.location).toBe('/aanvragen/nieuw/contactpersoon');

    // (c)
    answer = await visitor.post('/aanvragen/nieuw/contactpersoon', { ...CONTACT, 'contact.email': 'an-at-devries' });
    expect(answer.status).toBe(400);
    expect(textOf(answer.html)).toContain('Geef een geldig e-mailadres');
    answer = await visitor.post('/aanvragen/nieuw/contactpersoon', CONTACT);
    expect(answer.location).toBe('/aanvragen/nieuw/mentoren');

    // (d) "Nog een mentor toevoegen" keeps what was typed and adds an empty mentor.
    answer = await visitor.post('/aanvragen/nieuw/mentoren', { ...MENTOR, _actie: 'mentor-toevoegen' });
    expect(answer.location).toBe('/aanvragen/nieuw/mentoren#mentor-2');
    expect(answer.html).toContain('value="Peeters"');
    expect(answer.html).toContain('name="mentors.1.firstName"');
    // A second mentor of 20 with two years of practice and no diploma can never qualify.
    const young = {
      'mentors.1.firstName': 'Lotte',
      'mentors.1.lastName': 'Maes',
      'mentors.1.birthDate': `${year - 20}-01-01`,
      'mentors.1.yearsOfExperience': '2',
      'mentors.1.criminalRecordExtractDate': daysAgo(10),
    };
    answer = await visitor.post('/aanvragen/nieuw/mentoren', { ...MENTOR, ...young });
    expect(answer.status).toBe(400);
    expect(answer.html).toMatch(/id="veld-mentors-1-birthDate-error"[^>]*>.*De mentor is 20 jaar/);
    expect(answer.html).toMatch(/id="veld-mentors-1-yearsOfExperience-error"[^>]*>.*Zonder diplomabewijs/);
    expect(answer.html).toContain('value="Maes"');
    // At 24 with a diploma in the trade she qualifies.
    answer = await visitor.post('/aanvragen/nieuw/mentoren', {
      ...MENTOR,
      ...young,
      'mentors.1.birthDate': `${year - 24}-01-01`,
      'mentors.1.diplomaEvidence': 'true',
    });
    expect(answer.location).toBe('/aanvragen/nieuw/verklaringen');

    // (e) Every declaration must be confirmed.
    const { 'declarations.honour': _honour, ...three } = DECLARED;
    answer = await visitor.post('/aanvragen/nieuw/verklaringen', three);
    expect(answer.status).toBe(400);
    expect(answer.html).toMatch(/id="veld-declarations-honour-error"[^>]*>.*Bevestig deze verklaring/);
    expect(answer.html.match(/checked/g)).toHaveLength(3);
    answer = await visitor.post('/aanvragen/nieuw/verklaringen', DECLARED);
    expect(answer.location).toBe('/aanvragen/nieuw/controle');

    // (f) Check your answers, with a way back to each step; a change returns here.
    let text = textOf(answer.html);
    expect(text).toContain('Controleer uw aanvraag');
    expect(text).toContain(establishmentNumberText(establishment));
    expect(text).toContain('Ruwbouw duaal');
    expect(text).toContain('Lotte Maes');
    expect(text).toContain('Partnerschap Bouw');
    expect(text).toMatch(/Lotte Maes volgt de mentoropleiding uiterlijk \d+ \w+ \d{4}/);
    for (const step of ['onderneming', 'opleiding', 'contactpersoon', 'mentoren', 'verklaringen']) {
      expect(answer.html).toContain(`href="/aanvragen/nieuw/${step}"`);
    }
    const change = await visitor.get('/aanvragen/nieuw/contactpersoon');
    expect(change.html).toContain('value="an@devries.example"');
    answer = await visitor.post('/aanvragen/nieuw/contactpersoon', { ...CONTACT, 'contact.phone': '09 765 43 21' });
    expect(answer.location).toBe('/aanvragen/nieuw/controle');
    expect(textOf(answer.html)).toContain('09 765 43 21');

    const submitted = await visitor.post('/aanvragen/nieuw/controle', {});
    expect(submitted.location).toMatch(/^\/aanvragen\/[0-9a-f-]{36}\?gelukt=ingediend$/);
    expect(submitted.status).toBe(200);
    text = textOf(submitted.html);
    expect(text).toContain('Uw aanvraag is ingediend.');
    expect(text).toContain('In behandeling');
    expect(text).toMatch(/Uw aanvraag is volledig en ligt bij Partnerschap Bouw; beslissing uiterlijk \d+ \w+ \d{4}\./);
    expect(text).toContain('Aanvraag ingediend.');
    expect(text).toContain('Lotte Maes');
    // The newest entry of the timeline comes first.
    expect(text.indexOf('De aanvraag is volledig en ligt bij Partnerschap Bouw.')).toBeLessThan(
      text.indexOf('Aanvraag ingediend.'),
    );

    // The draft is forgotten: a new application starts afresh.
    expect(textOf((await visitor.get('/aanvragen/nieuw')).html)).toContain('Beginnen');
  });

  it('files one dossier however often it is submitted, and shows a taken workplace at its step', async () => {
    const visitor = await company();
    const establishment = newEstablishmentNumber();
    await fillIn(visitor, establishment);

    const [one, two] = await Promise.all([
      visitor.post('/aanvragen/nieuw/controle', {}),
      visitor.post('/aanvragen/nieuw/controle', {}),
    ]);
    const dossier = one.location!.replace(/\?.*$/, '');
    expect(two.location!.replace(/\?.*$/, '')).toBe(dossier);
    // A click after the draft is gone leads to the same dossier.
    expect((await visitor.post('/aanvragen/nieuw/controle', {}, { follow: false })).location).toBe(dossier);
    const mine = await call('company', 'GET', '/api/v1/applications?limit=1000');
    expect(mine.body.filter((a: Json) => a.establishmentNumber === establishment)).toHaveLength(1);

    // The same workplace again: refused at submission, the message links to the step of the field.
    await fillIn(visitor, establishment);
    const taken = await visitor.post('/aanvragen/nieuw/controle', {});
    expect(taken.status).toBe(409);
    expect(textOf(taken.html)).toContain('Voor deze vestiging en opleiding loopt al een aanvraag');
    expect(taken.html).toContain('href="/aanvragen/nieuw/onderneming#veld-establishmentNumber"');
    expect((await visitor.get('/aanvragen/nieuw/controle')).location).toBe('/aanvragen/nieuw/onderneming');
    const step = await visitor.get('/aanvragen/nieuw/onderneming');
    expect(step.html).toMatch(/id="veld-establishmentNumber-error"[^>]*>.*loopt al een aanvraag/);
    await visitor.post('/aanvragen/nieuw/opnieuw', {});
  });

  it('withdraws after a confirmation page; another company does not find the dossier', async () => {
    const submitted = await call('company', 'POST', '/api/v1/applications', sampleApplicationBody());
    const id = submitted.body.id as string;
    const visitor = await company();

    const dossier = await visitor.get(`/aanvragen/${id}`);
    expect(dossier.html).toContain(`href="/aanvragen/${id}/intrekken"`);
    const confirm = await visitor.get(`/aanvragen/${id}/intrekken`);
    expect(textOf(confirm.html)).toContain('Weet u het zeker?');
    const withdrawn = await visitor.post(`/aanvragen/${id}/intrekken`, {});
    expect(withdrawn.location).toBe(`/aanvragen/${id}?gelukt=ingetrokken`);
    const text = textOf(withdrawn.html);
    expect(text).toContain('Ingetrokken');
    expect(text).toContain('De aanvraag is ingetrokken.');
    expect(withdrawn.html).not.toContain(`href="/aanvragen/${id}/intrekken"`);
    const again = await visitor.post(`/aanvragen/${id}/intrekken`, {});
    expect(again.status).toBe(409);
    expect(textOf(again.html)).toContain('Dat kan niet meer');

    const other = new PageVisitor(stack.baseUrl);
    await other.get('/aanmelden');
    const token = await tokenFor({ sub: 'other-company', role: 'company', enterpriseNumber: withCheckDigits('02022399') });
    expect((await other.post('/aanmelden', { token }, { follow: false })).status).toBe(303);
    const hidden = await other.get(`/aanvragen/${id}`);
    expect(hidden.status).toBe(404);
    expect(textOf(hidden.html)).toContain('Pagina niet gevonden');

    const reviewer = await new PageVisitor(stack.baseUrl).signIn('reviewer', 'bouw');
    expect((await reviewer.get(`/aanvragen/${id}`)).location).toBe(`/dossiers/${id}`);
    // An admin reads the dossier without its actions, and applies for any enterprise.
    const admin = await new PageVisitor(stack.baseUrl).signIn('admin');
    const read = await admin.get(`/aanvragen/${id}`);
    expect(read.status).toBe(200);
    expect(textOf(read.html)).toContain('De aanvraag is ingetrokken.');
    expect(read.html).not.toContain('<form method="post" action="/aanvragen/');
    expect((await admin.get('/aanvragen/nieuw/onderneming')).html).toContain('name="enterpriseNumber"');
  });

  it('links an approved dossier to its recognition', async () => {
    const submitted = await call('company', 'POST', '/api/v1/applications', sampleApplicationBody());
    const id = submitted.body.id as string;
    const approved = await call('bouwReviewer', 'POST', `/api/v1/applications/${id}/decision`, {
      outcome: 'approved',
      reasons: ['Voldoet aan alle voorwaarden'],
    });
    const page = await (await company()).get(`/aanvragen/${id}`);
    const text = textOf(page.html);
    expect(text).toContain('Goedgekeurd');
    expect(text).toContain('Uw aanvraag is goedgekeurd');
    expect(text).toContain('Voldoet aan alle voorwaarden');
    expect(page.html).toContain(`href="/erkenningen/${approved.body.recognitionId}"`);
    expect(page.html).not.toContain(`/aanvragen/${id}/intrekken`);
  });

  it('answers an information request and objects to a rejection', async () => {
    const submitted = await call('company', 'POST', '/api/v1/applications', sampleApplicationBody(horecaOverrides));
    expect(submitted.body.status).toBe('info_requested');
    const id = submitted.body.id as string;
    const visitor = await company();

    let page = await visitor.get(`/aanvragen/${id}`);
    let text = textOf(page.html);
    expect(text).toContain('Informatie gevraagd');
    expect(text).toMatch(/Partnerschap Horeca vraagt bijkomende informatie: stuur die uiterlijk \d+ \w+ \d{4}/);
    expect(text).toContain("Document 'haccp-attest'");
    expect(text).toMatch(/Nog op te laden bij Documenten ?: haccp-attest/);
    const action = /<form method="post" action="([^"]+)" enctype="multipart\/form-data"/.exec(page.html)?.[1];
    // The token travels in the body, the form's first field, never in the URL that proxies log.
    expect(action).toBe(`/aanvragen/${id}/documenten`);
    expect(page.html).toMatch(/enctype="multipart\/form-data"[^>]*><input type="hidden" name="_csrf" value="[^"]+"/);

    page = await visitor.post(`/aanvragen/${id}/aanvullen`, {});
    expect(page.status).toBe(400);
    expect(page.html).toMatch(/id="veld-message-error"[^>]*>.*Schrijf wat u aanvult/);

    // Text named .pdf is refused beside the file field; without the page's token nothing is taken.
    page = await visitor.upload(action!, { kind: 'haccp-attest' }, { name: 'attest.pdf', bytes: Buffer.from('geen pdf') });
    expect(page.status).toBe(415);
    expect(page.html).toMatch(/id="veld-file-error"[^>]*>.*geen PDF, PNG of JPEG/);
    const forged = await visitor.upload(
      action!,
      { _csrf: 'forged', kind: 'haccp-attest' },
      {
        name: 'haccp.pdf',
        bytes: Buffer.from('%PDF-1.7 attest'),
      },
    );
    expect(forged.status).toBe(403);

    const pdf = Buffer.from('%PDF-1.7\nHACCP-attest van de keuken');
    page = await visitor.upload(action!, { kind: 'haccp-attest' }, { name: 'haccp.pdf', bytes: pdf });
    expect(page.location).toBe(`/aanvragen/${id}?gelukt=opgeladen#documenten`);
    text = textOf(page.html);
    expect(text).toContain('Het document is opgeladen.');
    expect(text).toMatch(/haccp\.pdf haccp-attest 1 kB \d+ \w+ \d{4}/);
    expect(text).toContain('Met uw aanvulling gaan deze opgeladen documenten mee: haccp.pdf.');
    expect(text).not.toContain('Nog op te laden');
    const link = new RegExp(`href="(/aanvragen/${id}/documenten/[^"]+)"`).exec(page.html)![1]!;
    const downloaded = await visitor.get(link);
    expect(downloaded.status).toBe(200);
    expect(downloaded.headers.get('content-type')).toBe('application/pdf');
    expect(downloaded.html).toBe(pdf.toString());

    // The upload is what was asked: sending the supplement needs no more words.
    page = await visitor.post(`/aanvragen/${id}/aanvullen`, {});
    expect(page.location).toBe(`/aanvragen/${id}?gelukt=aangevuld`);
    text = textOf(page.html);
    expect(text).toContain('In behandeling');
    expect(text).toContain('De onderneming heeft de aanvraag aangevuld.');

    const rejected = await call('horecaReviewer', 'POST', `/api/v1/applications/${id}/decision`, {
      outcome: 'rejected',
      reasons: ['De keuken is niet conform'],
    });
    expect(rejected.status).toBe(200);
    page = await visitor.get(`/aanvragen/${id}`);
    text = textOf(page.html);
    expect(text).toContain('Afgewezen');
    expect(text).toContain('De keuken is niet conform');
    expect(page.html).toContain(`action="/aanvragen/${id}/bezwaar"`);

    page = await visitor.post(`/aanvragen/${id}/bezwaar`, { grounds: ' ' });
    expect(page.status).toBe(400);
    expect(page.html).toMatch(/id="veld-grounds-error"[^>]*>.*Vul dit in/);
    page = await visitor.post(`/aanvragen/${id}/bezwaar`, { grounds: 'De keuken is intussen aangepast.' });
    expect(page.location).toBe(`/aanvragen/${id}?gelukt=bezwaar`);
    text = textOf(page.html);
    expect(text).toContain('In behandeling');
    expect(text).toContain('De keuken is intussen aangepast.');
  });

  it('has no serious accessibility violations on a refused step, the check page and the dossier (Chromium, axe)', async () => {
    const submitted = await call('company', 'POST', '/api/v1/applications', sampleApplicationBody(horecaOverrides));
    const browser = await openBrowser();
    try {
      const page = await browser.newPage(stack.baseUrl);
      await page.goto('/aanmelden');
      await page.locator('button[name="identity"][value="company"]').click();
      await page.waitForURL((url) => url.pathname === '/');
      await page.goto('/aanvragen/nieuw/onderneming');
      await page.fill('input[name="establishmentNumber"]', '2123456790');
      await page.getByRole('button', { name: 'Doorgaan' }).click();
      await page.locator('.error-summary').waitFor();
      await checkAccessibility(page, 'aanvraag-stap-fout');
      await screenshot(page, 'aanvraag-stap-fout');
      // The other steps answered as a person types them, to the check page.
      const answers = [{ establishmentNumber: newEstablishmentNumber(), ...COMPANY }, TRAINING, CONTACT, MENTOR, DECLARED];
      for (const fields of answers) {
        for (const [name, value] of Object.entries(fields)) {
          const field = page.locator(`[name="${name}"]`);
          if (name === 'trainingCode') await field.selectOption(value);
          else if (name.startsWith('declarations.')) await field.check();
          else await field.fill(value);
        }
        await page.getByRole('button', { name: 'Doorgaan' }).click();
        await page.waitForLoadState();
      }
      await page.waitForURL((url) => url.pathname === '/aanvragen/nieuw/controle');
      await checkAccessibility(page, 'aanvraag-controle');
      await screenshot(page, 'aanvraag-controle');
      await page.goto(`/aanvragen/${submitted.body.id}`);
      await checkAccessibility(page, 'aanvraag-dossier');
      await screenshot(page, 'aanvraag-dossier');
    } finally {
      await browser.close();
    }
  });

  it('has no accessibility violations in the documents: the upload form, a refused file, the table with an upload (Chromium, axe)', async () => {
    // Horeca asks for a HACCP attest: the dossier waits for it, and its documents take an upload.
    const submitted = await call('company', 'POST', '/api/v1/applications', sampleApplicationBody(horecaOverrides));
    expect(submitted.body.status).toBe('info_requested');
    const browser = await openBrowser();
    try {
      const page = await browser.newPage(stack.baseUrl);
      await page.goto('/aanmelden');
      await page.locator('button[name="identity"][value="company"]').click();
      await page.waitForURL((url) => url.pathname === '/');
      await page.goto(`/aanvragen/${submitted.body.id}#documenten`);
      await page.getByText('Er zijn nog geen documenten opgeladen.').waitFor();
      await checkAccessibilityFully(page, 'aanvraag-documenten-opladen');
      await screenshot(page, 'aanvraag-documenten-opladen');

      // Text named .pdf: refused beside the file field.
      await page.getByLabel('Bestand', { exact: true }).setInputFiles({
        name: 'attest.pdf',
        mimeType: 'application/pdf',
        buffer: Buffer.from('geen pdf'),
      });
      await page.getByRole('button', { name: 'Document opladen' }).click();
      await page.locator('#veld-file-error').waitFor();
      expect(await page.locator('#veld-file-error').textContent()).toContain('geen PDF, PNG of JPEG');
      await checkAccessibilityFully(page, 'aanvraag-documenten-fout');
      await screenshot(page, 'aanvraag-documenten-fout');

      await page.getByLabel('Bestand', { exact: true }).setInputFiles({
        name: 'haccp.pdf',
        mimeType: 'application/pdf',
        buffer: Buffer.from('%PDF-1.7\nHACCP-attest van de keuken'),
      });
      await page.getByRole('button', { name: 'Document opladen' }).click();
      await page.getByText('Het document is opgeladen.').waitFor();
      await page.getByRole('link', { name: 'haccp.pdf' }).waitFor();
      await checkAccessibilityFully(page, 'aanvraag-documenten');
      await screenshot(page, 'aanvraag-documenten');
    } finally {
      await browser.close();
    }
  });
});
