import { longDate } from '../pages/dutch';
import { browserForTests, checkAccessibility, screenshot, signInAs, signInForPartnership } from './support/browser';
import { PageVisitor, textOf } from './support/pages';
import { ADMIN, COMPANY, reviewerOf } from './support/people';
import { MENTOR_ANSWERS, QUESTIONS, approvedRecognition, daysAgo } from './support/sample-application';
import { type Json, eventually, suiteStack } from './support/stack';

// The recognition page and quality supervision, as the company and the partnership use them:
// recognitions and checks are brought about through the API, the pages do the rest. One
// recognition goes through its checks, a suspension and a change of mentors, and is shown in
// Chromium as they left it. Renewal and the end of a recognition: pages-recognition-decisions.

// Checks only when the test opens them (an incident), with two questions.
const METAAL_POLICY = {
  validity: 'P5Y',
  renewalNotice: 'P3M',
  qualityCheckInterval: 'PT1H',
  qualityCheckResponseDeadline: 'P30D',
  mentorChangeCheck: true,
  selfAssessment: QUESTIONS,
};

describe('recognition and supervision pages', () => {
  const stack = suiteStack({ company: COMPANY, reviewer: reviewerOf('metaal'), bouwReviewer: reviewerOf('bouw'), admin: ADMIN });
  const { call } = stack;
  let metaal: string;
  let company: PageVisitor;
  let reviewer: PageVisitor;

  const recognize = (reviewerName: string, overrides: Json) => approvedRecognition(call, reviewerName, overrides);
  const incident = async (description: string) => {
    const reported = await call('reviewer', 'POST', `/api/v1/recognitions/${metaal}/incidents`, { description });
    expect(reported.status).toBe(201);
    return reported.body.qualityCheckId as string;
  };
  const checkOf = async (id: string) => (await call('company', 'GET', `/api/v1/quality-checks/${id}`)).body;

  beforeAll(async () => {
    expect((await call('admin', 'PUT', '/api/v1/partnerships/metaal/policy', METAAL_POLICY)).status).toBe(200);
    metaal = await recognize('reviewer', {
      jointCommittee: '111',
      trainingCode: 'lassen-constructie-duaal',
      companyName: 'Metaalwerken Peeters',
    });
    [company, reviewer] = await Promise.all([
      new PageVisitor(stack.baseUrl).signIn('company'),
      new PageVisitor(stack.baseUrl).signIn('reviewer', 'metaal'),
    ]);
  });

  it('shows the company its recognition; others get the not-found page', async () => {
    const recognition = (await call('company', 'GET', `/api/v1/recognitions/${metaal}`)).body;
    const seen = await company.get(`/erkenningen/${metaal}`);
    expect(seen.status).toBe(200);
    const text = textOf(seen.html);
    for (const expected of [
      'Erkenning Lassen-constructie duaal',
      'Erkend',
      'Metaalwerken Peeters (0403.170.701)',
      'Kerkstraat 1, 9000 Gent',
      `van ${longDate(recognition.validFrom)} tot ${longDate(recognition.validUntil)}`,
      '2 leerlingen tegelijk',
      'Volgende kwaliteitscontrole',
      'Jan Peeters, 12 jaar ervaring',
      'Er zijn nog geen kwaliteitscontroles geweest.',
    ])
      expect(text).toContain(expected);
    // No renewal is due yet, and the partnership's decisions are not the company's.
    expect(seen.html).not.toContain('id="verlengen"');
    expect(text).not.toContain('Erkenning schorsen');

    const school = await new PageVisitor(stack.baseUrl).signIn('school');
    const refused = await school.get(`/erkenningen/${metaal}`);
    expect(refused.status).toBe(404);
    expect(textOf(refused.html)).toContain('Pagina niet gevonden');
    const otherPartnership = await new PageVisitor(stack.baseUrl).signIn('reviewer', 'bouw');
    expect((await otherPartnership.get(`/erkenningen/${metaal}`)).status).toBe(404);
    expect((await company.get('/toezicht')).status).toBe(403);
  });

  it('closes a quality check answered all "ja" at once', async () => {
    const checkId = await incident('Een leerling meldt een onveilige machine');
    const seen = await company.get(`/erkenningen/${metaal}`);
    expect(seen.html).toContain('id="toezicht"');
    expect(textOf(seen.html)).toContain('Is de werkplek veilig?');
    expect(seen.html).toContain('name="answers.1.ok"');
    expect(textOf(seen.html)).toContain('Antwoordt u overal ja, dan is de controle meteen afgesloten.');

    const incomplete = await company.post(`/erkenningen/${metaal}/controles/${checkId}`, {
      'answers.0.id': 'mentor-available',
      'answers.0.ok': 'ja',
      'answers.1.id': 'safety',
    });
    expect(incomplete.status).toBe(400);
    expect(textOf(incomplete.html)).toContain('Er is een probleem Is de werkplek veilig?: Kies ja of nee.');
    expect(incomplete.html).toMatch(/value="ja"\s+checked/);

    const answered = await company.post(`/erkenningen/${metaal}/controles/${checkId}`, {
      'answers.0.id': 'mentor-available',
      'answers.0.ok': 'ja',
      'answers.1.id': 'safety',
      'answers.1.ok': 'ja',
    });
    expect(answered.status).toBe(200);
    expect(textOf(answered.html)).toContain('Alles in orde: de controle is afgesloten.');
    expect(await checkOf(checkId)).toMatchObject({ status: 'closed', outcome: 'ok' });
    expect(answered.html).not.toContain('name="answers.0.ok"');
  });

  it('sends a "nee" to the reviewer, who evaluates it on /toezicht', async () => {
    const checkId = await incident('De mentor is vaak afwezig');
    const answered = await company.post(`/erkenningen/${metaal}/controles/${checkId}`, {
      'answers.0.id': 'mentor-available',
      'answers.0.ok': 'nee',
      'answers.0.comment': 'De mentor is twee weken met verlof',
      'answers.1.id': 'safety',
      'answers.1.ok': 'ja',
    });
    expect(textOf(answered.html)).toContain('De controle is nog niet afgesloten: het partnerschap beoordeelt uw antwoorden');
    expect((await checkOf(checkId)).status).toBe('answered');

    const list = await reviewer.get('/toezicht');
    expect(list.status).toBe(200);
    const text = textOf(list.html);
    expect(text).toContain('Te beoordelen (1)');
    expect(text).toContain('Metaalwerken Peeters – Lassen-constructie duaal');
    expect(text).toContain('Na een melding');
    expect(text).toContain('Nee : Is de mentor voldoende beschikbaar? Toelichting: De mentor is twee weken met verlof');
    expect(text).toContain('Op de andere vragen antwoordde de onderneming ja.');
    expect(list.html).toContain(`id="${checkId}"`);
    expect(list.html).toContain(`href="/toezicht/${checkId}"`);

    const one = await reviewer.get(`/toezicht/${checkId}`);
    expect(textOf(one.html)).toContain('Aanleiding:');
    expect(textOf(one.html)).toContain('De mentor is vaak afwezig');
    const unchosen = await reviewer.post(`/toezicht/${checkId}`, { notes: 'Even nakijken' });
    expect(unchosen.status).toBe(400);
    expect(textOf(unchosen.html)).toContain('Er is een probleem');
    expect(unchosen.html).toContain('Even nakijken');

    const evaluated = await reviewer.post(`/toezicht/${checkId}`, {
      outcome: 'improvement-needed',
      notes: 'Zorg voor een vervangende mentor',
    });
    expect(evaluated.location).toBe('/toezicht?gelukt=beoordeeld');
    expect(textOf(evaluated.html)).toContain('De controle is beoordeeld en afgesloten.');
    expect(textOf(evaluated.html)).toContain('Te beoordelen (0)');
    expect(await checkOf(checkId)).toMatchObject({ status: 'closed', outcome: 'improvement-needed' });
    // An admin reads the queue and the check, but evaluating is the partnership's.
    const admin = await new PageVisitor(stack.baseUrl).signIn('admin');
    expect(textOf((await admin.get(`/toezicht/${checkId}`)).html)).toContain('Beoordeeld: Verbetering nodig');
    expect((await admin.post(`/toezicht/${checkId}`, { outcome: 'ok' })).status).toBe(403);
    expect(textOf((await company.get(`/erkenningen/${metaal}`)).html)).toContain(
      'Verbetering nodig – Zorg voor een vervangende mentor',
    );
  });

  it('says that an overdue check goes to the partnership even when every answer is "ja", and that it went there', async () => {
    // A check of its own partnership, overdue two seconds after it opens.
    const policy = { qualityCheckInterval: 'PT1H', qualityCheckResponseDeadline: 'PT2S', selfAssessment: QUESTIONS };
    expect((await call('admin', 'PUT', '/api/v1/partnerships/bouw/policy', policy)).status).toBe(200);
    const bouw = await recognize('bouwReviewer', {});
    const reported = await call('bouwReviewer', 'POST', `/api/v1/recognitions/${bouw}/incidents`, { description: 'Geen mentor' });
    const checkId = reported.body.qualityCheckId as string;
    await eventually(async () => ((await checkOf(checkId)).status === 'overdue' ? true : undefined));

    const start = textOf((await company.get('/')).html);
    expect(start).toContain('Beantwoord de kwaliteitscontrole voor Ruwbouw duaal');
    const seen = textOf((await company.get(`/erkenningen/${bouw}`)).html);
    expect(seen).toContain('De termijn om te antwoorden liep af op');
    expect(seen).toContain('nu beoordeelt het partnerschap uw antwoorden, ook als u overal ja antwoordt');
    expect(seen).not.toContain('meteen afgesloten');

    const answered = await company.post(`/erkenningen/${bouw}/controles/${checkId}`, {
      'answers.0.id': 'mentor-available',
      'answers.0.ok': 'ja',
      'answers.1.id': 'safety',
      'answers.1.ok': 'ja',
    });
    const text = textOf(answered.html);
    expect(text).toContain('De controle is nog niet afgesloten: het partnerschap beoordeelt uw antwoorden');
    expect(text).not.toContain('Alles in orde');
    expect(await checkOf(checkId)).toMatchObject({ status: 'answered' });
  });

  it('lets the reviewer suspend and reinstate; the company sees "Geschorst" meanwhile', async () => {
    expect(textOf((await reviewer.get(`/erkenningen/${metaal}`)).html)).toContain('Erkenning schorsen');
    const noReason = await reviewer.post(`/erkenningen/${metaal}/schorsen`, { reasons: '' });
    expect(noReason.status).toBe(400);
    expect(textOf(noReason.html)).toContain('Redenen: Geef minstens één reden.');

    const suspended = await reviewer.post(`/erkenningen/${metaal}/schorsen`, {
      reasons: 'Klacht over veiligheid\nGeen mentor aanwezig',
    });
    expect(suspended.status).toBe(200);
    expect(textOf(suspended.html)).toContain('De erkenning is geschorst.');
    const seen = textOf((await company.get(`/erkenningen/${metaal}`)).html);
    expect(seen).toContain('Geschorst');
    expect(seen).toContain('Geschorst: Klacht over veiligheid; Geen mentor aanwezig');

    // A second suspension is refused by the status, not by the form.
    const again = await reviewer.post(`/erkenningen/${metaal}/schorsen`, { reasons: 'Nog eens' });
    expect(again.status).toBe(409);
    expect(textOf(again.html)).toContain('Dat kan niet meer in de huidige stand van het dossier.');

    const reinstated = await reviewer.post(`/erkenningen/${metaal}/opheffen`, { reasons: 'Opgelost' });
    expect(textOf(reinstated.html)).toContain('De schorsing is opgeheven');
    const recognition = (await call('company', 'GET', `/api/v1/recognitions/${metaal}`)).body;
    expect(recognition.status).toBe('active');
    expect(recognition.history.map((h: Json) => h.status)).toEqual(['active', 'suspended', 'active']);
  });

  it('lets the company replace its mentors; an ineligible one is refused beside the field', async () => {
    const jan = MENTOR_ANSWERS;
    const form = await company.get(`/erkenningen/${metaal}/mentoren`);
    expect(form.html).toContain('name="mentors.0.firstName" type="text" value="Jan"');
    // Each mentor is sent back with the id that keeps them (and their conditions) the same mentor.
    const janId = (await call('company', 'GET', `/api/v1/recognitions/${metaal}`)).body.mentors[0].id as string;
    expect(janId).toEqual(expect.any(String));
    expect(form.html).toContain(`type="hidden" name="mentors.0.id" value="${janId}"`);
    const stranger = await call('company', 'PUT', `/api/v1/recognitions/${metaal}/mentors`, [
      {
        firstName: 'Jan',
        lastName: 'Peeters',
        birthDate: '1980-05-12',
        yearsOfExperience: 12,
        criminalRecordExtractDate: daysAgo(30),
        id: 'not-a-mentor',
      },
    ]);
    expect(stranger.status).toBe(400);
    expect(stranger.body.errors).toEqual([
      { path: 'mentors.0.id', message: expect.stringContaining('not the id'), code: 'unknown-mentor', params: {} },
    ]);
    const young = await company.post(`/erkenningen/${metaal}/mentoren`, {
      ...jan,
      'mentors.1.firstName': 'Tom',
      'mentors.1.lastName': 'Jong',
      'mentors.1.birthDate': daysAgo(21 * 365),
      'mentors.1.yearsOfExperience': '1',
      'mentors.1.criminalRecordExtractDate': daysAgo(30),
    });
    expect(young.status).toBe(400);
    expect(textOf(young.html)).toMatch(/Mentor 2, geboortedatum: De mentor is 2\d jaar/);
    expect(young.html).toContain('value="Tom"');

    // Jan leaves, Els comes: the rows are numbered again, and her training becomes a condition.
    const replaced = await company.post(`/erkenningen/${metaal}/mentoren`, {
      ...jan,
      'verwijder.0': 'true',
      'mentors.1.firstName': 'Els',
      'mentors.1.lastName': 'Maes',
      'mentors.1.birthDate': '1985-02-01',
      'mentors.1.yearsOfExperience': '10',
      'mentors.1.criminalRecordExtractDate': daysAgo(10),
    });
    expect(replaced.status).toBe(200);
    const text = textOf(replaced.html);
    expect(text).toContain('De mentoren zijn bijgewerkt.');
    expect(text).toContain('Els Maes, 10 jaar ervaring');
    expect(text).not.toContain('Jan Peeters, 12 jaar ervaring');
    expect(text).toContain('Mentoropleiding voor Els Maes: uiterlijk');
    const recognition = (await call('company', 'GET', `/api/v1/recognitions/${metaal}`)).body;
    expect(recognition.mentors.map((m: Json) => m.firstName)).toEqual(['Els']);
    expect(recognition.mentors[0].id).not.toBe(janId);
  });

  describe('in Chromium', () => {
    const browser = browserForTests();

    it('shows the recognition and the supervision pages without serious accessibility violations', async () => {
      // The check the change of mentors opened: the company answers one "nee", for the reviewer.
      const open = (await call('company', 'GET', `/api/v1/quality-checks?recognitionId=${metaal}&status=open`)).body as Json[];
      const mentorCheck = open.find((c) => c.reason === 'mentor-change')!;
      expect(mentorCheck).toBeDefined();
      const answered = await call('company', 'POST', `/api/v1/quality-checks/${mentorCheck.id}/answers`, {
        answers: [
          { id: 'mentor-available', ok: false, comment: 'Els werkt halftijds' },
          { id: 'safety', ok: true },
        ],
      });
      expect(answered.body.status).toBe('answered');
      await incident('Geen veiligheidsschoenen');

      const companyPage = await browser().newPage(stack.baseUrl);
      await signInAs(companyPage, 'company');
      await companyPage.getByRole('heading', { name: 'Overzicht' }).waitFor();
      await companyPage.goto(`/erkenningen/${metaal}`);
      await companyPage.getByRole('button', { name: 'Antwoorden versturen' }).click();
      await companyPage.getByText('Er is een probleem').waitFor();
      await checkAccessibility(companyPage, 'recognition (company) with an error');
      await screenshot(companyPage, 'recognition-company');

      const reviewerPage = await browser().newPage(stack.baseUrl);
      await signInForPartnership(reviewerPage, 'reviewer', 'metaal');
      await reviewerPage.goto('/toezicht');
      await checkAccessibility(reviewerPage, 'supervision queue');
      await screenshot(reviewerPage, 'supervision-queue');
      await reviewerPage.goto(`/toezicht/${mentorCheck.id}`);
      await checkAccessibility(reviewerPage, 'quality check evaluation');
      await reviewerPage.goto(`/erkenningen/${metaal}`);
      await checkAccessibility(reviewerPage, 'recognition (reviewer)');
      await screenshot(reviewerPage, 'recognition-reviewer');
    });
  });
});
