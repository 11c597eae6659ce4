import { randomUUID } from 'node:crypto';
import { PageVisitor, textOf } from './support/pages';
import { PLACEMENT_PARTIES, SAMPLE_MENTOR } from './support/people';
import { approvedRecognition, daysFromToday } from './support/sample-application';
import { type Json, suiteStack } from './support/stack';

// The learner's voice in the pages (issue 22): the learner answers through the one-time link
// without an account, the recognition shows its placements and, from three answers, the
// learners' figures; the school keeps its searching learners.

const stack = suiteStack(PLACEMENT_PARTIES);
const { call } = stack;
const today = daysFromToday(0);
const answers = { guidance: '4', learning: '3', safety: '4', atmosphere: '3', recommend: '4' };

/** A placement at the recognition, accepted by the company: running. */
async function running(recognitionId: string): Promise<Json> {
  const learnerReference = `LL-${randomUUID().slice(0, 6)}`;
  const proposed = await call('school', 'POST', '/api/v1/placements', { recognitionId, learnerReference, startsOn: today });
  return (await call('company', 'POST', `/api/v1/placements/${proposed.body.id}/acceptance`, { mentor: SAMPLE_MENTOR })).body;
}

/** The learner's one-time link to a placement, as the school hands it out. */
async function linkTo(placement: Json): Promise<string> {
  return (await call('school', 'POST', `/api/v1/placements/${placement.id}/feedback-link`)).body.url as string;
}

describe('the learner’s link and the recognition’s figures', () => {
  let recognitionId: string;
  let placements: Json[];

  beforeAll(async () => {
    recognitionId = await approvedRecognition(call, 'reviewer', { capacity: 3, companyName: 'Bouwatelier Claes' });
    placements = [await running(recognitionId), await running(recognitionId), await running(recognitionId)];
  }, 60_000);

  test('when a learner opens the link without an account, then the workplace and five questions show; a form without its token is refused', async () => {
    const learner = new PageVisitor(stack.baseUrl);
    const url = await linkTo(placements[0]!);
    const page = await learner.get(url);
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toContain('no-store');
    const text = textOf(page.html);
    expect(text).toContain('Hoe was je werkplek?');
    expect(text).toContain('Bouwatelier Claes');
    expect(text).toContain('We vragen je naam niet.');
    expect(text).toContain('Alleen de school leest dit, nooit de onderneming.');
    for (const question of Object.keys(answers)) expect(page.html).toContain(`name="answers.${question}" value="4"`);
    expect(text).toContain('4 – helemaal wel');
    expect(page.html).not.toContain('Afmelden');

    const forged = await fetch(new URL(url, stack.baseUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...Object.fromEntries(Object.entries(answers).map(([q, a]) => [`answers.${q}`, a])) }),
      redirect: 'manual',
    });
    expect(forged.status).toBe(403);
  });

  test('when the learner sends no answer, then each question says to choose; when complete, then thanks and the link is used up', async () => {
    const learner = new PageVisitor(stack.baseUrl);
    const url = await linkTo(placements[1]!);
    await learner.get(url);
    const empty = await learner.post(url, { comment: 'Fijne collega’s' });
    expect(empty.status).toBe(400);
    expect(textOf(empty.html)).toContain('Er is een probleem Mijn mentor begeleidt mij goed: Kies een antwoord.');
    expect(empty.html).toMatch(/id="veld-answers-guidance-error">[\s\S]*?Kies een antwoord\./);
    expect(empty.html).toContain('Fijne collega’s');

    const sent = await learner.post(url, {
      ...Object.fromEntries(Object.entries(answers).map(([q, a]) => [`answers.${q}`, a])),
      comment: 'Fijne collega’s',
    });
    expect([sent.status, sent.location]).toEqual([200, '/feedback/bedankt']);
    expect(textOf(sent.html)).toContain('Bedankt!');

    const again = await learner.get(url);
    expect(again.status).toBe(404);
    expect(textOf(again.html)).toContain('Deze link werkt niet meer');
    const unknown = await learner.get(`/feedback/${'x'.repeat(32)}`);
    expect([unknown.status, textOf(unknown.html)]).toEqual([404, expect.stringContaining('Vraag je school om een nieuwe link')]);
  });

  test('when the reviewer opens the recognition, then its placements by status and, only from three answers, the learners’ figures show', async () => {
    const reviewer = await new PageVisitor(stack.baseUrl).signIn('reviewer', 'bouw');
    const before = textOf((await reviewer.get(`/erkenningen/${recognitionId}`)).html);
    expect(before).toContain('Plaatsingen Lopend: 3');
    expect(before).toMatch(/Nog te weinig antwoorden \([0-2] van de 3 nodig\) om iets te tonen/);
    for (const p of placements) expect(before).toContain(p.learnerReference);
    expect((await reviewer.get(`/erkenningen/${recognitionId}`)).html).toContain(`href="/plaatsingen/${placements[0]!.id}"`);

    const numbers = Object.fromEntries(Object.entries(answers).map(([q, a]) => [q, Number(a)]));
    for (const p of [placements[0]!, placements[2]!]) {
      expect((await call('school', 'POST', `/api/v1/placements/${p.id}/learner-feedback`, { answers: numbers })).status).toBe(
        201,
      );
    }
    const after = textOf((await reviewer.get(`/erkenningen/${recognitionId}`)).html);
    expect(after).toMatch(/Gemiddeld 3,6 op 4 ?, uit 3 antwoorden van leerlingen/);
    expect(after).toMatch(/Veilig[^]*?4,0/i);
    expect(after).not.toContain('Fijne collega’s');

    // The company reads its own workplace's figures too; a school none.
    const company = await new PageVisitor(stack.baseUrl).signIn('company');
    expect(textOf((await company.get(`/erkenningen/${recognitionId}`)).html)).toContain('Gemiddeld 3,6 op 4');
  });
});

describe('the school’s searching learners', () => {
  test('when the school registers a learner, then the list shows it with a search filled in; a national number is refused beside its field; removing asks first', async () => {
    const school = await new PageVisitor(stack.baseUrl).signIn('school');
    const page = await school.get('/zoekende-leerlingen');
    expect(page.status).toBe(200);
    expect(page.html).toContain('href="/zoekende-leerlingen"');
    expect(page.html).toContain(`name="since" type="date" value="${today}"`);
    expect(page.html).toContain('<option value="ruwbouw-duaal">Ruwbouw duaal</option>');

    const learner = { learnerReference: 'ZL-2026-001', trainingCode: 'ruwbouw-duaal', postcode: '9000', since: today };
    const national = await school.post('/zoekende-leerlingen', { ...learner, learnerReference: '85.07.30-033.28' });
    expect(national.status).toBe(400);
    expect(national.html).toMatch(/id="veld-learnerReference-error">[\s\S]*?nooit een rijksregisternummer/);
    expect(national.html).toContain('<option value="ruwbouw-duaal" selected>');

    const registered = await school.post('/zoekende-leerlingen', learner);
    expect([registered.status, registered.location]).toEqual([
      200,
      '/zoekende-leerlingen?gelukt=geregistreerd&opleiding=ruwbouw-duaal',
    ]);
    // The next learner of the same training is one choice less.
    expect(registered.html).toContain('<option value="ruwbouw-duaal" selected>');
    const text = textOf(registered.html);
    expect(text).toContain('De leerling staat nu bij de zoekende leerlingen.');
    expect(text).toMatch(/ZL-2026-001 Ruwbouw duaal 9000 \d+ \w+ \d{4} Werkplek zoeken/);
    expect(registered.html).toContain(
      'href="/register/zoeken?trainingCode=ruwbouw-duaal&amp;postcode=9000&amp;hasCapacity=true"',
    );
    const again = await school.post('/zoekende-leerlingen', learner);
    expect(again.location).toBe('/zoekende-leerlingen?gelukt=al-geregistreerd&opleiding=ruwbouw-duaal');

    const removeLink = /href="(\/zoekende-leerlingen\/[^"/]+\/verwijderen)"/.exec(registered.html)?.[1];
    const confirm = await school.get(removeLink!);
    expect(textOf(confirm.html)).toContain('Leerling ZL-2026-001 verwijderen?');
    const removed = await school.post(removeLink!, {});
    expect(removed.location).toBe('/zoekende-leerlingen?gelukt=verwijderd');
    expect(textOf(removed.html)).toContain('Er zijn geen leerlingen die nog een werkplek zoeken.');

    const company = await new PageVisitor(stack.baseUrl).signIn('company');
    expect((await company.get('/zoekende-leerlingen')).status).toBe(403);
  });
});
