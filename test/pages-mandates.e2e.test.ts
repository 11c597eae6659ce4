import { dayInBrussels } from '../models/dates';
import { withCheckDigits } from '../models/identifiers';
import { browserForTests, checkAccessibilityFully, screenshot, signInWithToken } from './support/browser';
import { PageVisitor, textOf } from './support/pages';
import { newEstablishmentNumber } from './support/sample-application';
import { suiteStack, tokenFor } from './support/stack';

// Mandates through the pages: the company machtigt school-1 and revokes it with a confirmation;
// the school files an application for the company from its start page and follows it.

const daysFromNow = (days: number) => dayInBrussels(new Date(Date.now() + days * 86_400_000));
const [year, month, day] = daysFromNow(60).split('-');

const STEPS = (establishmentNumber: string): Array<[string, Record<string, string>]> => [
  [
    'onderneming',
    { enterpriseNumber: '0403.170.701', establishmentNumber, companyName: 'Bouwbedrijf De Vries', jointCommittee: '124' },
  ],
  [
    'opleiding',
    {
      trainingCode: 'ruwbouw-duaal',
      capacity: '2',
      'address.street': 'Kerkstraat 1',
      'address.postcode': '9000',
      'address.municipality': 'Gent',
    },
  ],
  ['contactpersoon', { 'contact.name': 'An De Vries', 'contact.email': 'an@devries.example', 'contact.phone': '09 123 45 67' }],
  [
    'mentoren',
    {
      'mentors.0.firstName': 'Jan',
      'mentors.0.lastName': 'Peeters',
      'mentors.0.birthDate': '1980-05-12',
      'mentors.0.yearsOfExperience': '12',
      'mentors.0.criminalRecordExtractDate': daysFromNow(-30),
      'mentors.0.mentorTrainingCompletedOn': '2022-03-01',
    },
  ],
  [
    'verklaringen',
    {
      'declarations.financialCapacity': 'true',
      'declarations.noConvictions': 'true',
      'declarations.equipmentAndOrganisation': 'true',
      'declarations.honour': 'true',
    },
  ],
];

describe('mandate pages', () => {
  const stack = suiteStack();

  /** The school answers every step for the company and submits on the check page. */
  async function fileAsSchool(school: PageVisitor) {
    await school.get('/aanvragen/nieuw');
    for (const [step, fields] of STEPS(newEstablishmentNumber())) {
      const answer = await school.post(`/aanvragen/nieuw/${step}`, fields);
      expect(answer.status).toBe(200);
    }
    return school.post('/aanvragen/nieuw/controle', {});
  }

  it('lets the company machtig a school that then files and follows, and revoke it after a confirmation', async () => {
    const company = await new PageVisitor(stack.baseUrl).signIn('company');
    expect((await company.get('/')).html).toContain('href="/machtigingen"');

    const refused = await company.post('/machtigingen', { schoolId: 'school-1', validUntil: '01-01-2020' });
    expect(refused.status).toBe(400);
    expect(textOf(refused.html)).toContain('Kies vandaag of een latere datum.');

    const granted = await company.post('/machtigingen', { schoolId: 'school-1', validUntil: `${day}-${month}-${year}` });
    expect([granted.status, granted.location]).toEqual([200, '/machtigingen?gelukt=gegeven']);
    let text = textOf(granted.html);
    expect(text).toContain('De school is gemachtigd.');
    expect(text).toMatch(/school-1 .*Geldig/);

    const school = await new PageVisitor(stack.baseUrl).signIn('school');
    const start = await school.get('/');
    expect(textOf(start.html)).toContain('Aanvraag indienen voor een onderneming');
    expect(start.html).toContain('href="/aanvragen/nieuw"');
    expect(textOf((await school.get('/machtigingen')).html)).toContain('0403.170.701');

    const submitted = await fileAsSchool(school);
    expect(submitted.location).toMatch(/^\/aanvragen\/[0-9a-f-]{36}\?gelukt=ingediend$/);
    text = textOf(submitted.html);
    expect(text).toContain('Bouwbedrijf De Vries');
    expect(text).toContain('Ingediend door School school-1, gemachtigd door de onderneming');
    const dossier = submitted.location!.split('?')[0]!;
    // The school follows it from its start page; the company sees it among its own.
    expect((await school.get('/')).html).toContain(`href="${dossier}"`);
    expect((await company.get('/')).html).toContain(`href="${dossier}"`);

    const list = await company.get('/machtigingen');
    const revokePath = /href="(\/machtigingen\/[^"]+\/intrekken)"/.exec(list.html)![1]!;
    const confirm = await company.get(revokePath);
    expect(textOf(confirm.html)).toContain('Machtiging van school-1 intrekken?');
    const revoked = await company.post(revokePath, {});
    expect([revoked.status, revoked.location]).toEqual([200, '/machtigingen?gelukt=ingetrokken']);
    expect(textOf(revoked.html)).toContain('Ingetrokken');

    // No more filing: not offered on the start page, and refused at submission beside the enterprise number.
    expect(textOf((await school.get('/')).html)).not.toContain('Aanvraag indienen voor een onderneming');
    const refusedFiling = await fileAsSchool(school);
    expect(refusedFiling.status).toBe(400);
    expect(textOf(refusedFiling.html)).toContain('De onderneming heeft de machtiging van uw school ingetrokken.');
    // Nor does it see what it filed: gone from its start page, and the dossier is not found.
    expect((await school.get('/')).html).not.toContain(`href="${dossier}"`);
    expect((await school.get(dossier)).status).toBe(404);
    expect((await company.get(dossier)).status).toBe(200);
  });

  describe('in Chromium', () => {
    const browser = browserForTests();

    it('the mandates of a company (none yet, a refused date, one given), the revocation and the school’s list pass axe, with screenshots', async () => {
      // A company that has machtigd no school yet.
      const token = await tokenFor({ sub: 'other-company', role: 'company', enterpriseNumber: withCheckDigits('02022399') });
      const tab = await browser().newPage(stack.baseUrl);
      await signInWithToken(tab, token);
      await tab.goto('/machtigingen');
      await tab.getByText('U hebt nog geen school gemachtigd.').waitFor();
      await checkAccessibilityFully(tab, 'onderneming: machtigingen (geen)');

      await tab.getByLabel('Schoolnummer').fill('school-1');
      await tab.getByLabel('Geldig tot en met').fill('2020-01-01');
      await tab.getByRole('button', { name: 'School machtigen' }).click();
      await tab.locator('.error-summary').waitFor();
      await checkAccessibilityFully(tab, 'onderneming: machtigingen (fout)');
      await screenshot(tab, 'machtigingen-fout');

      await tab.getByLabel('Geldig tot en met').fill(daysFromNow(60));
      await tab.getByRole('button', { name: 'School machtigen' }).click();
      await tab.getByText('De school is gemachtigd.').waitFor();
      await checkAccessibilityFully(tab, 'onderneming: machtigingen');
      await screenshot(tab, 'machtigingen');

      await tab.getByRole('link', { name: 'Intrekken (school-1)' }).click();
      await tab.getByRole('heading', { name: 'Machtiging van school-1 intrekken?' }).waitFor();
      await checkAccessibilityFully(tab, 'onderneming: machtiging intrekken');
      await screenshot(tab, 'machtiging-intrekken');
      await tab.context().close();

      // The school sees the mandate in force and files from here.
      const school = await browser().newPage(stack.baseUrl);
      await school.goto('/aanmelden');
      await school.click('button[value="school"]');
      await school.waitForURL((url) => url.pathname === '/');
      await school.goto('/machtigingen');
      await school.getByRole('link', { name: 'Aanvraag indienen voor een onderneming' }).waitFor();
      await checkAccessibilityFully(school, 'school: machtigingen');
      await screenshot(school, 'school-machtigingen');
      await school.context().close();
    });
  });
});
