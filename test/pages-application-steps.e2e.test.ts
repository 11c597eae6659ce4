import { withCheckDigits } from '../models/identifiers';
import { establishmentNumberText } from '../pages/dutch';
import { PageVisitor, textOf } from './support/pages';
import { DEV_COMPANY, reviewerOf } from './support/people';
import {
  COMPANY_ANSWERS as COMPANY,
  CONTACT_ANSWERS as CONTACT,
  DECLARED_ANSWERS as DECLARED,
  MENTOR_ANSWERS as MENTOR,
  TRAINING_ANSWERS as TRAINING,
  daysAgo,
  newEstablishmentNumber,
} from './support/sample-application';
import { type Json, suiteStack } from './support/stack';

// The company's application form through the pages, over HTTP as a browser without JavaScript
// posts it: the steps, each checked when sent; check your answers; one dossier per submission
// however often it is clicked. The dossier afterwards: pages-application-dossier; in Chromium
// with axe: pages-application-accessibility.

const year = new Date().getUTCFullYear();

describe('application pages (company)', () => {
  const stack = suiteStack({ company: DEV_COMPANY, horecaReviewer: reviewerOf('horeca'), bouwReviewer: reviewerOf('bouw') });
  const { call } = stack;

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
});
