import { randomUUID } from 'node:crypto';
import { newImprovementPlan } from '../models/improvement-plan-rules';
import { writeImprovementPlan } from '../store/improvement-plans';
import { outboxModel } from '../store/outbox';
import { browserForTests, checkAccessibilityFully, screenshot } from './support/browser';
import { PageVisitor, textOf } from './support/pages';
import { ADMIN, COMPANY, type People, newPeople, reviewerOf, samplePdf } from './support/people';
import { SAMPLE_ENTERPRISE, sampleApplicationBody } from './support/sample-application';
import { type Json, suiteStack } from './support/stack';

// A person asks what Erkend holds of them, and to be erased (GDPR art. 15, 17 and 20): the
// administrator finds every place, hands it over as JSON, and erases them where the law lets
// the data go now; what a recognition in force or a procedure under way needs is kept, with the
// reason and until when. Through the API and through the pages.

describe('personal data of one person (dev server, FerretDB)', () => {
  const stack = suiteStack({ company: COMPANY, reviewer: reviewerOf('bouw'), admin: ADMIN });
  const { call, tokens } = stack;

  async function apply(who: Pick<People, 'contact'> & { mentors: People['mentor'][] }) {
    const filed = await call('company', 'POST', '/api/v1/applications', {
      ...sampleApplicationBody(),
      contact: who.contact,
      mentors: who.mentors,
    });
    expect(filed.status).toBe(202);
    return filed.body.id as string;
  }

  async function upload(applicationId: string) {
    const form = new FormData();
    form.set('kind', 'strafregister');
    form.set('file', new Blob([new Uint8Array(samplePdf())]), 'uittreksel.pdf');
    const response = await fetch(`${stack.baseUrl}/api/v1/applications/${applicationId}/documents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.company}` },
      body: form,
    });
    expect(response.status).toBe(201);
  }

  /** A closed application (withdrawn), an approved one with its recognition, and an open one naming only the mentor. */
  async function dossiersOf(person: People) {
    const other = newPeople();
    const closed = await apply({ contact: person.contact, mentors: [person.mentor, other.mentor] });
    await upload(closed);
    expect((await call('company', 'POST', `/api/v1/applications/${closed}/withdrawal`)).body.status).toBe('withdrawn');
    const approved = await apply({ contact: person.contact, mentors: [person.mentor] });
    const decided = await call('reviewer', 'POST', `/api/v1/applications/${approved}/decision`, {
      outcome: 'approved',
      reasons: ['In orde'],
    });
    const open = await apply({ contact: other.contact, mentors: [person.mentor] });
    return { closed, approved, recognition: decided.body.recognitionId as string, open, other };
  }

  const byPlace = (places: Json[]) =>
    Object.fromEntries(
      places.filter((p) => p.kind !== 'notice').map((p) => [p.id, { kind: p.kind, roles: p.roles, kept: p.kept?.reason }]),
    );

  it('exports and erases a contact and a mentor through the API, keeping what a recognition in force or an open procedure needs', async () => {
    const person = newPeople();
    const { closed, approved, recognition, open, other } = await dossiersOf(person);
    const { email } = person.contact;
    // An improvement plan of the recognition whose action names the mentor.
    const plan = newImprovementPlan({
      id: randomUUID(),
      check: { id: randomUUID(), recognitionId: recognition, partnershipId: 'bouw', enterpriseNumber: SAMPLE_ENTERPRISE },
      actions: [
        { description: `${person.mentor.firstName} ${person.mentor.lastName} volgt de mentoropleiding`, dueOn: '2027-01-10' },
      ],
      by: 'reviewer-bouw',
      at: new Date().toISOString(),
    });
    await writeImprovementPlan(stack.db, plan);

    const exported = await call('admin', 'GET', `/api/v1/personal-data?email=${encodeURIComponent(email.toUpperCase())}`);
    expect(exported.status).toBe(200);
    expect(byPlace(exported.body.places)).toEqual({
      [closed]: { kind: 'application', roles: ['contact'], kept: undefined },
      [approved]: { kind: 'application', roles: ['contact'], kept: 'recognition-in-force' },
      [recognition]: { kind: 'recognition', roles: ['contact'], kept: 'recognition-in-force' },
    });
    const live = exported.body.places.find((p: Json) => p.id === recognition);
    expect(live).toMatchObject({ data: { contact: person.contact }, status: 'active', kept: { until: expect.any(String) } });
    expect(live.kept.explanation).toMatch(/recognition is in force/);
    const notices = exported.body.places.filter((p: Json) => p.kind === 'notice');
    expect(notices.length).toBeGreaterThan(2);
    expect(notices.every((n: Json) => n.roles.includes('recipient') && n.data.to === email && !n.kept)).toBe(true);
    expect(exported.body.elsewhere.map((e: Json) => e.reason)).toEqual(['temporal-histories', 'import-files']);

    // Refusals name the field; only an admin may ask.
    const none = await call('admin', 'GET', '/api/v1/personal-data');
    expect(none.status).toBe(400);
    expect(none.type).toMatch(/^application\/problem\+json/);
    expect(none.body.errors).toEqual([
      {
        path: 'query.email',
        message: 'give an e-mail address, or a first name, last name and birth date',
        code: 'person-required',
        params: {},
      },
    ]);
    const half = await call('admin', 'POST', '/api/v1/personal-data/erasure', { firstName: 'Karel' });
    expect(half.body.errors.map((e: Json) => e.path)).toEqual(['lastName', 'birthDate']);
    expect((await call('company', 'GET', `/api/v1/personal-data?email=${email}`)).status).toBe(403);

    const erased = await call('admin', 'POST', '/api/v1/personal-data/erasure', { email });
    expect(erased.status).toBe(200);
    expect(erased.body.erased.filter((p: Json) => p.kind !== 'notice')).toEqual([
      {
        kind: 'application',
        id: closed,
        roles: ['contact'],
        enterpriseNumber: SAMPLE_ENTERPRISE,
        companyName: expect.any(String),
        status: 'withdrawn',
      },
    ]);
    expect(erased.body.erased.filter((p: Json) => p.kind === 'notice')).toHaveLength(notices.length);
    expect(erased.body.kept.map((p: Json) => [p.id, p.kept.reason])).toEqual([
      [approved, 'recognition-in-force'],
      [recognition, 'recognition-in-force'],
    ]);
    // Gone from the closed dossier (with its documents) and from the outbox; kept where the recognition needs it.
    const closedNow = (await call('admin', 'GET', `/api/v1/applications/${closed}`)).body;
    expect(closedNow.application.contact).toEqual({ name: '(gewist)', email: 'gewist@erkend.invalid' });
    expect(closedNow.application.mentors).toHaveLength(2);
    expect((await call('admin', 'GET', `/api/v1/applications/${closed}/documents`)).body).toEqual([]);
    expect(await outboxModel(stack.db).countDocuments({ to: email })).toBe(0);
    expect((await call('admin', 'GET', `/api/v1/recognitions/${recognition}`)).body.contact).toEqual(person.contact);

    // The mentor, by name and birth date: out of the closed dossier (the other mentor stays), kept in the open one.
    const { firstName, lastName, birthDate } = person.mentor;
    const mentor = await call('admin', 'POST', '/api/v1/personal-data/erasure', {
      firstName,
      lastName: lastName.toLowerCase(),
      birthDate,
    });
    expect(mentor.body.erased.map((p: Json) => [p.id, p.roles])).toEqual([[closed, ['mentor']]]);
    expect(Object.fromEntries(mentor.body.kept.map((p: Json) => [p.id, p.kept.reason]))).toEqual({
      [approved]: 'recognition-in-force',
      [open]: 'procedure-open',
      [recognition]: 'recognition-in-force',
      [plan.id]: 'recognition-in-force',
    });
    const mentors = (await call('admin', 'GET', `/api/v1/applications/${closed}`)).body.application.mentors as Json[];
    expect(mentors.map((m) => m.lastName)).toEqual([other.mentor.lastName]);
    expect(JSON.stringify((await call('admin', 'GET', `/api/v1/applications/${closed}`)).body)).not.toContain(lastName);

    // Asked again: only what is kept remains.
    const again = await call('admin', 'GET', `/api/v1/personal-data?email=${encodeURIComponent(email)}`);
    expect(Object.keys(byPlace(again.body.places)).sort()).toEqual([approved, recognition].sort());
  });

  it('lets an administrator search, download and erase on the page, after a confirmation that says what stays', async () => {
    const person = newPeople();
    const { closed, recognition } = await dossiersOf(person);
    const admin = await new PageVisitor(stack.baseUrl).signIn('admin');
    expect(textOf((await admin.get('/')).html)).toContain('Persoonsgegevens (inzage en wissen)');
    const start = textOf((await admin.get('/persoonsgegevens')).html);
    expect(start).toContain('Bewaartermijnen');
    expect(start).toMatch(/Aanvragen zonder erkenning .* 1 jaar na het afsluiten/);
    expect(start).toMatch(/Verzonden berichten: e-mailadres, namen 90 dagen na verzending/);

    const refused = await admin.post('/persoonsgegevens', { email: '', firstName: '', lastName: '', birthDate: '' });
    expect(refused.status).toBe(400);
    expect(refused.html).toMatch(
      /id="veld-email-error"[^>]*>[\s\S]*?Geef een e-mailadres, of een voornaam, achternaam en geboortedatum\./,
    );

    const found = await admin.post('/persoonsgegevens', { email: person.contact.email });
    expect(found.status).toBe(200);
    const text = textOf(found.html);
    expect(text).toContain(person.contact.email);
    expect(text).toMatch(/Aanvraag .* contactpersoon .* Kan gewist worden/);
    expect(text).toMatch(/Erkenning .* contactpersoon .* Bewaard: De erkenning is van kracht/);
    expect(found.html).toContain(`href="/erkenningen/${recognition}"`);

    const download = await admin.post('/persoonsgegevens/export', { email: person.contact.email });
    expect(download.headers.get('content-disposition')).toMatch(
      /^attachment; filename="?persoonsgegevens-\d{4}-\d{2}-\d{2}\.json"?$/,
    );
    expect(JSON.parse(download.html).places.some((p: Json) => p.id === closed)).toBe(true);

    const confirm = await admin.post('/persoonsgegevens/wissen', { email: person.contact.email });
    expect(textOf(confirm.html)).toMatch(/wissen\? Dit kan niet ongedaan gemaakt worden\./);
    expect(textOf(confirm.html)).toContain('Wat bewaard blijft');
    // Nothing is erased before the confirmation.
    expect((await call('admin', 'GET', `/api/v1/applications/${closed}`)).body.application.contact).toEqual(person.contact);

    const done = textOf((await admin.post('/persoonsgegevens/wissen', { email: person.contact.email, bevestigd: 'ja' })).html);
    expect(done).toMatch(/zijn gewist in \d+ plaatsen/);
    expect(done).toMatch(/Bewaard Aanvraag .* De erkenning is van kracht/);
    expect((await call('admin', 'GET', `/api/v1/applications/${closed}`)).body.application.contact.name).toBe('(gewist)');

    const school = await new PageVisitor(stack.baseUrl).signIn('school');
    expect((await school.get('/persoonsgegevens')).status).toBe(403);
  });

  describe('in Chromium', () => {
    const browser = browserForTests();

    test('the pages of personal data pass axe at every impact', async () => {
      const person = newPeople();
      await dossiersOf(person);
      const tab = await browser().newPage(stack.baseUrl);
      await tab.goto('/aanmelden');
      await tab.click('button[value="admin"]');
      await tab.waitForURL((url) => url.pathname === '/');
      await tab.goto('/persoonsgegevens');
      await checkAccessibilityFully(tab, 'beheerder: persoonsgegevens');
      await tab.getByRole('button', { name: 'Zoeken' }).click();
      await tab.locator('.error-summary').waitFor();
      await checkAccessibilityFully(tab, 'beheerder: persoonsgegevens (fout)');
      await tab.getByLabel('E-mailadres').fill(person.contact.email);
      await tab.getByRole('button', { name: 'Zoeken' }).click();
      await tab.getByRole('button', { name: 'Wissen…' }).waitFor();
      await checkAccessibilityFully(tab, 'beheerder: persoonsgegevens gevonden');
      await screenshot(tab, 'persoonsgegevens');
      await tab.getByRole('button', { name: 'Wissen…' }).click();
      await tab.getByRole('button', { name: 'Ja, definitief wissen' }).click();
      await tab.getByText('Gewist en bewaard').waitFor();
      await checkAccessibilityFully(tab, 'beheerder: persoonsgegevens gewist');
      await tab.context().close();
    }, 120_000);
  });
});
