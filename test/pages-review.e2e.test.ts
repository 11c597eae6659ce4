import { dayInBrussels } from '../models/dates';
import { deadlineFirst } from '../models/read-models';
import { daysLeftText, longDate } from '../pages/dutch';
import { browserForTests, checkAccessibility, screenshot, signInForPartnership } from './support/browser';
import { PageVisitor, textOf } from './support/pages';
import { horecaOverrides, sampleApplicationBody } from './support/sample-application';
import { type Json, eventually, suiteStack } from './support/stack';
import { ADMIN, COMPANY } from './support/people';

// The reviewer's and coordinator's pages: the queue by deadline, and one dossier with its
// information request, visit and decision forms, each as the API allows it for that person.

describe('the deadline order of a queue', () => {
  const entry = (status: string, decisionDue: string | undefined, overdue: boolean, submittedAt: string) =>
    ({ status, decisionDue, overdue, submittedAt }) as Parameters<typeof deadlineFirst>[0];

  it('puts overdue first, then the nearest running deadline, then those without one, the longest waiting first', () => {
    const waiting = entry('info_requested', '2030-01-01T00:00:00.000Z', false, '2029-12-01T00:00:00.000Z');
    const submitted = entry('submitted', undefined, false, '2029-12-02T00:00:00.000Z');
    const later = entry('in_review', '2030-03-01T00:00:00.000Z', false, '2029-12-03T00:00:00.000Z');
    const sooner = entry('in_review', '2030-02-01T00:00:00.000Z', false, '2029-12-04T00:00:00.000Z');
    const late = entry('in_review', '2030-01-15T00:00:00.000Z', true, '2029-12-05T00:00:00.000Z');
    expect([waiting, submitted, later, sooner, late].sort(deadlineFirst)).toEqual([late, sooner, later, waiting, submitted]);
  });
});

describe('review pages (dev server, FerretDB)', () => {
  const stack = suiteStack({ company: COMPANY, admin: ADMIN });
  const { call, tokens } = stack;
  /** In the order submitted: metaal (decision deadline of 2 s), two of bouw, one of horeca that waits for a document. */
  let metaal: Json;
  let first: Json;
  let second: Json;
  let horeca: Json;
  const ours = (list: Json) =>
    (list as Json[]).map((a) => a.id as string).filter((id) => [metaal, first, second, horeca].some((a) => a.id === id));

  beforeAll(async () => {
    const policy = await call('admin', 'PUT', '/api/v1/partnerships/metaal/policy', { decisionDeadline: 'PT2S' });
    expect(policy.status).toBe(200);
    const submit = async (body: Json) => {
      const answer = await call('company', 'POST', '/api/v1/applications', body);
      expect(answer.status).toBe(202);
      return answer.body;
    };
    metaal = await submit(
      sampleApplicationBody({
        jointCommittee: '111',
        trainingCode: 'lassen-constructie-duaal',
        companyName: 'Metaalwerken Claes',
      }),
    );
    first = await submit(sampleApplicationBody({ companyName: 'Bouwbedrijf Eerst' }));
    const later = sampleApplicationBody({ companyName: 'Bouwbedrijf Later' });
    second = await submit({ ...later, mentors: later.mentors.map(({ mentorTrainingCompletedOn: _done, ...mentor }) => mentor) });
    horeca = await submit(sampleApplicationBody(horecaOverrides));
    expect([metaal.status, first.status, second.status, horeca.status]).toEqual([
      'in_review',
      'in_review',
      'in_review',
      'info_requested',
    ]);
  });

  it('lists applications by deadline with sort=deadline: overdue first, those without a running deadline last', async () => {
    await eventually(async () => {
      const late = await call('admin', 'GET', '/api/v1/applications?overdue=true');
      return ours(late.body).includes(metaal.id) ? true : undefined;
    });
    const byDeadline = await call('admin', 'GET', '/api/v1/applications?sort=deadline');
    expect(byDeadline.status).toBe(200);
    expect(ours(byDeadline.body)).toEqual([metaal.id, first.id, second.id, horeca.id]);
    const newest = await call('admin', 'GET', '/api/v1/applications');
    expect(ours(newest.body)).toEqual([horeca.id, second.id, first.id, metaal.id]);
    expect((await call('admin', 'GET', '/api/v1/applications?sort=oldest')).status).toBe(400);
  });

  it('shows a reviewer the queue of its partnership with the days left, and nothing of another', async () => {
    const reviewer = await new PageVisitor(stack.baseUrl).signIn('reviewer', 'bouw');
    const page = await reviewer.get('/dossiers');
    expect(page.status).toBe(200);
    const text = textOf(page.html);
    expect(text).toContain(`${daysLeftText(first.decisionDue)} uiterlijk ${longDate(first.decisionDue)}`);
    expect(page.html.indexOf(`/dossiers/${first.id}`)).toBeGreaterThan(0);
    expect(page.html.indexOf(`/dossiers/${first.id}`)).toBeLessThan(page.html.indexOf(`/dossiers/${second.id}`));
    expect(text).toContain('Ruwbouw duaal');
    expect(page.html).not.toContain(metaal.id);

    const other = await new PageVisitor(stack.baseUrl).signIn('reviewer', 'horeca');
    const theirs = await other.get('/dossiers');
    expect(theirs.html).toContain(`/dossiers/${horeca.id}`);
    expect(textOf(theirs.html)).toContain('Wacht op de onderneming tot');
    expect(theirs.html).not.toContain(first.id);
    const hidden = await other.get(`/dossiers/${first.id}`);
    expect(hidden.status).toBe(404);
    expect(textOf(hidden.html)).toContain('Pagina niet gevonden');
    const refused = await other.post(`/dossiers/${first.id}/beslissing`, { outcome: 'approved', reasons: '' });
    expect(refused.status).toBe(404);

    // The company's upload is in the dossier, downloadable by its reviewer only.
    const form = new FormData();
    form.set('kind', 'haccp-attest');
    form.set('file', new Blob([new Uint8Array(Buffer.from('%PDF-1.7 attest'))]), 'haccp.pdf');
    const uploaded = await fetch(`${stack.baseUrl}/api/v1/applications/${horeca.id}/documents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.company}` },
      body: form,
    });
    const documentId = ((await uploaded.json()) as Json).id as string;
    const withUpload = await other.get(`/dossiers/${horeca.id}`);
    expect(textOf(withUpload.html)).toMatch(
      /Documenten Opgeladen documenten Bestand Soort Grootte Opgeladen haccp\.pdf haccp-attest 1 kB/,
    );
    const link = `/aanvragen/${horeca.id}/documenten/${documentId}`;
    expect(withUpload.html).toContain(`href="${link}"`);
    expect((await other.get(link)).html).toBe('%PDF-1.7 attest');
    expect((await reviewer.get(link)).status).toBe(404);

    const admin = await new PageVisitor(stack.baseUrl).signIn('admin');
    const late = await admin.get('/dossiers?overdue=true&partnershipId=metaal');
    expect(late.html).toContain(`/dossiers/${metaal.id}`);
    expect(late.html).not.toContain(first.id);
    expect(late.html).toMatch(/<span class="overdue">[^<]+<\/span>/);
    const closed = await admin.get('/dossiers?status=approved');
    expect(textOf(closed.html)).toContain('Er zijn geen dossiers die aan deze filters voldoen.');
  });

  it('lets the reviewer ask for information, record a visit and approve, refusing a rejection without reasons', async () => {
    const reviewer = await new PageVisitor(stack.baseUrl).signIn('reviewer', 'bouw');
    const dossier = await reviewer.get(`/dossiers/${first.id}`);
    expect(dossier.status).toBe(200);
    const summary = textOf(dossier.html);
    for (const fact of ['Bouwbedrijf Eerst', 'Kerkstraat 1 9000 Gent', 'Jan Peeters', '2 leerlingen', 'an@devries.example']) {
      expect(summary).toContain(fact);
    }
    expect(summary).toContain('De erkenning krijgt geen voorwaarden mee.');
    expect(summary).toContain('De aanvraag is volledig en ligt bij Partnerschap Bouw.');

    const refused = await reviewer.post(`/dossiers/${first.id}/beslissing`, { outcome: 'rejected', reasons: ' ' });
    expect(refused.status).toBe(400);
    expect(textOf(refused.html)).toContain('Er is een probleem Redenen: Geef minstens één reden voor een afwijzing.');
    expect(refused.html).toMatch(/id="veld-reasons-error">.*Geef minstens één reden voor een afwijzing\./);
    expect(refused.html).toMatch(/value="rejected" checked/);

    const asked = await reviewer.post(`/dossiers/${first.id}/informatie`, {
      message: 'Graag nog een foto.',
      items: 'Foto van de werkplek\r\nPlan van de werkplaats',
    });
    expect(asked.status).toBe(200);
    expect(asked.location).toBe(`/dossiers/${first.id}?gelukt=informatie`);
    const timeline = textOf(asked.html.slice(asked.html.indexOf('id="tijdlijn"')));
    expect(timeline).toContain(
      'Partnerschap Bouw vraagt bijkomende informatie. “Graag nog een foto.” Foto van de werkplek Plan van de werkplaats',
    );
    expect(asked.html).not.toContain('Beslissing vastleggen');

    const supplemented = await call('company', 'POST', `/api/v1/applications/${first.id}/supplements`, {
      message: 'Foto’s verstuurd',
    });
    expect(supplemented.status).toBe(200);
    await eventually(async () =>
      (await call('admin', 'GET', `/api/v1/applications/${first.id}`)).body.status === 'in_review' ? true : undefined,
    );

    await reviewer.get(`/dossiers/${first.id}`);
    const visited = await reviewer.post(`/dossiers/${first.id}/bezoek`, {
      visitedOn: dayInBrussels(new Date()),
      'checklist.Werkplek veilig': 'true',
      'checklist.Mentor aanwezig': 'true',
      notes: 'Goede indruk',
    });
    expect(visited.location).toBe(`/dossiers/${first.id}?gelukt=bezoek`);
    expect(textOf(visited.html)).toContain('Uitrusting volgens opleidingsplan: niet in orde');
    const view = (await call('admin', 'GET', `/api/v1/applications/${first.id}`)).body;
    expect(view.visits[0].checklist).toEqual({
      'Werkplek veilig': true,
      'Uitrusting volgens opleidingsplan': false,
      'Mentor aanwezig': true,
    });

    const approved = await reviewer.post(`/dossiers/${first.id}/beslissing`, { outcome: 'approved', reasons: '' });
    expect(approved.location).toBe(`/dossiers/${first.id}?gelukt=goedgekeurd`);
    const recognitionId = (await call('admin', 'GET', `/api/v1/applications/${first.id}`)).body.recognitionId as string;
    expect(recognitionId).toBeDefined();
    expect(approved.html).toContain(`href="/erkenningen/${recognitionId}"`);
    expect(textOf(approved.html)).toContain('De aanvraag is goedgekeurd en de erkenning is aangemaakt.');
    expect((await reviewer.get('/dossiers')).html).not.toContain(first.id);
  });

  it('lets a coordinator of the partnership review as its reviewers do', async () => {
    const coordinator = await new PageVisitor(stack.baseUrl).signIn('coordinator', 'bouw');
    expect((await coordinator.get('/dossiers')).html).toContain(`/dossiers/${second.id}`);
    const dossier = await coordinator.get(`/dossiers/${second.id}`);
    expect(textOf(dossier.html)).toMatch(/Mentoropleiding voor Jan Peeters, uiterlijk \d+ \w+ \d{4}/);

    const tomorrow = dayInBrussels(new Date(Date.now() + 2 * 86_400_000));
    const early = await coordinator.post(`/dossiers/${second.id}/bezoek`, { visitedOn: tomorrow, notes: 'Nog te doen' });
    expect(early.status).toBe(400);
    expect(early.html).toMatch(/id="veld-visitedOn-error">.*Een bezoek kan pas vastgelegd worden als het plaatsvond/);
    expect(early.html).toContain(`value="${tomorrow}"`);

    const rejected = await coordinator.post(`/dossiers/${second.id}/beslissing`, {
      outcome: 'rejected',
      reasons: 'De werkplek is niet veilig\nGeen mentor aanwezig',
    });
    expect(rejected.location).toBe(`/dossiers/${second.id}?gelukt=afgewezen`);
    const text = textOf(rejected.html);
    expect(text).toContain('De aanvraag is afgewezen.');
    expect(text).toContain('Afgewezen op');
    expect(text).toContain('De werkplek is niet veilig Geen mentor aanwezig');
    // Decided: the forms are gone, and a second decision is refused by the API (409).
    expect(rejected.html).not.toContain('Beslissing vastleggen');
    const again = await coordinator.post(`/dossiers/${second.id}/beslissing`, { outcome: 'approved', reasons: '' });
    expect(again.status).toBe(409);
    expect(textOf(again.html)).toContain('Dat kan niet meer in de huidige stand van het dossier.');
  });

  describe('in Chromium', () => {
    const browser = browserForTests();

    it('shows the queue and a dossier without serious accessibility violations', async () => {
      const page = await browser().newPage(stack.baseUrl);
      await signInForPartnership(page, 'reviewer', 'metaal');
      await page.goto('/dossiers');
      await checkAccessibility(page, 'reviewer queue');
      await screenshot(page, 'reviewer-queue');
      await page.getByRole('link', { name: 'Metaalwerken Claes' }).click();
      await page.getByRole('radio', { name: 'Afwijzen' }).check();
      await page.getByRole('button', { name: 'Beslissing vastleggen' }).click();
      await page.getByText('Er is een probleem').waitFor();
      await checkAccessibility(page, 'reviewer dossier with an error');
      await screenshot(page, 'reviewer-dossier');
    });
  });
});
