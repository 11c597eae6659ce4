import type { Recognition } from '../models/recognition';
import { endOfSchoolYear } from '../pages/placements/propose';
import { loadRecognitions } from '../store/recognitions';
import { PageVisitor, textOf } from './support/pages';
import { COMPANY, OTHER_SCHOOL, reviewerOf } from './support/people';
import { approvedRecognition } from './support/sample-application';
import { sampleRecognition } from './support/sample-recognition';
import { eventually, suiteStack, tokenFor } from './support/stack';

// A placement as an agreement in the pages (issue 22): the school proposes on the training's
// plan, the company answers, evaluates and may end it early, the school asks the learner's voice.
// Over HTTP with a session per party; the same steps in Chromium: pages-placements.browser.

const TODAY = new Date().toLocaleDateString('en-CA', { timeZone: 'Europe/Brussels' });

const stack = suiteStack({ company: COMPANY, reviewer: reviewerOf('bouw') });
let school: PageVisitor;
let company: PageVisitor;
const workplace: Recognition = sampleRecognition({ companyName: 'Leerbedrijf Lambrecht', capacity: 6 });
const newPath = `/plaatsingen/nieuw?erkenning=${workplace.id}&naam=Leerbedrijf+Lambrecht`;

/** The school proposes a learner with the form's defaults (and `extra`); answers the placement's own page. */
async function propose(learnerReference: string, extra: Record<string, string> = {}, form = newPath) {
  const shown = await school.get(form);
  const ticked = [...shown.html.matchAll(/name="(trainingPlan\.activities\.\d+)" value="([^"]+)" checked/g)];
  const fields = Object.fromEntries(ticked.map((m) => [m[1]!, m[2]!]));
  const placed = await school.post(form, {
    recognitionId: new URLSearchParams(form.split('?')[1]).get('erkenning')!,
    learnerReference,
    agreementType: 'dual',
    startsOn: TODAY,
    // The form's hidden empty list, when it shows the plan: none ticked is then refused.
    ...(shown.html.includes('name="trainingPlan.activities" value=""') ? { 'trainingPlan.activities': '' } : {}),
    ...fields,
    ...extra,
  });
  expect(placed.location).toMatch(/^\/plaatsingen\/[^/?]+\?gelukt=voorgesteld$/);
  return { ...placed, path: placed.location!.split('?')[0]! };
}

/** The company accepts with the mentor the form chose already (its only one), as a person posts the form it read. */
async function accept(path: string) {
  expect((await company.get(`${path}/aanvaarden`)).html).toMatch(/name="mentor" value="0" checked/);
  const accepted = await company.post(`${path}/aanvaarden`, { mentor: '0' });
  expect(textOf(accepted.html)).toContain('Stand Lopend');
}

beforeAll(async () => {
  await loadRecognitions(stack.db, [workplace]);
  school = await new PageVisitor(stack.baseUrl).signIn('school');
  company = await new PageVisitor(stack.baseUrl).signIn('company');
  await eventually(async () => (textOf((await school.get(newPath)).html).includes('Metselwerk') ? true : undefined));
}, 60_000);

test('when the school opens the proposal form, then the agreement type, the planned end and every activity of the plan are filled in', async () => {
  const form = await school.get(newPath);
  expect(textOf(form.html)).toContain('Een leerling plaatsen bij Leerbedrijf Lambrecht');
  expect(form.html).toMatch(/name="agreementType" value="dual" checked/);
  expect(textOf(form.html)).toMatch(/Soort overeenkomst Duaal leren Stage Andere/);
  expect(form.html).toContain(`name="endsOn" type="date" value="${endOfSchoolYear(TODAY)}"`);
  const boxes = [...form.html.matchAll(/type="checkbox"[^>]*name="trainingPlan\.activities\.\d+"[^>]*>/g)];
  expect(boxes.length).toBeGreaterThan(5);
  expect(boxes.every(([box]) => box.includes('checked'))).toBe(true);

  // None ticked: refused beside the list, not taken as "all".
  const none = await school.post(newPath, {
    recognitionId: workplace.id,
    learnerReference: 'LL-0',
    startsOn: TODAY,
    'trainingPlan.activities': '',
  });
  expect(none.status).toBe(400);
  expect(none.html).toMatch(/id="veld-trainingPlan-activities-error">[\s\S]*?Kies minstens één activiteit\./);
});

test('when the school proposes a stage with one activity unticked, then its page says until when the company answers and shows the plan by title', async () => {
  const placed = await propose('LL-A-001', { agreementType: 'internship', 'trainingPlan.activities.2': '' });
  const text = textOf(placed.html);
  expect(text).toContain('Metselwerk uitvoeren volgens plan');
  expect(text).not.toContain('Bekistingen plaatsen en ontkisten');
  expect(text).toMatch(
    /Uw voorstel is verstuurd\. Leerbedrijf Lambrecht heeft tot \d+ \w+ \d{4} om \d{2}:\d{2} om te antwoorden/,
  );
  expect(text).toContain('Stand Wacht op antwoord');
  expect(text).toContain('Soort overeenkomst Stage');
  expect(text).toContain('Voorstel intrekken');
  expect(text).not.toContain('Feedback van de leerling');

  const list = textOf((await school.get('/plaatsingen')).html);
  expect(list).toMatch(/Voorstellen die wachten op antwoord .*LL-A-001 Leerbedrijf Lambrecht .* antwoord vóór/);
  // Another school does not see it.
  const other = new PageVisitor(stack.baseUrl);
  await other.get('/aanmelden');
  await other.post('/aanmelden', { token: await tokenFor(OTHER_SCHOOL) }, { follow: false });
  expect((await other.get(placed.path)).status).toBe(404);

  // Withdrawn after the confirmation: the place is free again.
  expect(textOf((await school.get(`${placed.path}/beeindigen`)).html)).toContain('Ja, voorstel intrekken');
  const withdrawn = await school.post(`${placed.path}/beeindigen`, { endedOn: TODAY });
  expect(withdrawn.location).toBe('/plaatsingen?gelukt=ingetrokken');
  expect(textOf(withdrawn.html)).toMatch(
    /Het voorstel is ingetrokken: de plaats is weer vrij\..*LL-A-001 .*Voorstel ingetrokken op/,
  );
});

test('when the company has a proposal, then its start page and /plaatsingen put it first, and accepting names the mentor', async () => {
  const { path } = await propose('LL-B-001');
  const start = textOf((await company.get('/')).html);
  expect(start).toContain('Beantwoord het voorstel van plaatsing: leerling LL-B-001');
  const list = textOf((await company.get('/plaatsingen')).html);
  expect(list).toMatch(/Leerbedrijf Lambrecht – .*LL-B-001 Wacht op antwoord .* antwoord vóór/);

  const page = textOf((await company.get(path)).html);
  expect(page).toContain('Voorstel aanvaarden en een mentor kiezen');
  expect(page).toContain('Voorstel weigeren');
  expect(page).not.toContain('Voorstel intrekken');

  const refused = await company.post(`${path}/aanvaarden`, {});
  expect(refused.status).toBe(400);
  expect(refused.html).toMatch(/id="veld-mentor-error">[\s\S]*?Kies wie de leerling begeleidt\./);
  const accepted = await company.post(`${path}/aanvaarden`, { mentor: '0' });
  expect(textOf(accepted.html)).toContain('U aanvaardde de plaatsing van leerling LL-B-001.');
  expect(textOf(accepted.html)).toContain('Stand Lopend');
  expect(textOf((await school.get(path)).html)).toMatch(/Mentor \S+ \S+/);
  // Answered: a second answer says so in words of the proposal.
  expect(textOf((await company.post(`${path}/weigeren`, { reason: 'Toch niet' })).html)).toContain(
    'Dit voorstel is al beantwoord of vervallen.',
  );
});

test('when the company declines, then it confirms with a reason and the school reads that reason', async () => {
  const { path } = await propose('LL-C-001');
  const form = textOf((await company.get(`${path}/weigeren`)).html);
  expect(form).toContain('Weigeren kan niet ongedaan gemaakt worden.');
  const empty = await company.post(`${path}/weigeren`, { reason: '' });
  expect([empty.status, /id="veld-reason-error"/.test(empty.html)]).toEqual([400, true]);
  const declined = await company.post(`${path}/weigeren`, { reason: 'Geen mentor vrij in juni' });
  expect(textOf(declined.html)).toContain('U weigerde het voorstel.');
  expect(textOf((await school.get('/plaatsingen')).html)).toMatch(
    /Beëindigde plaatsingen .*LL-C-001 .*Geweigerd door de onderneming: Geen mentor vrij in juni/,
  );
});

test('when the mentor records the interim evaluation, then the school reads it per activity and the mentor corrects it on a pre-filled form', async () => {
  const { path } = await propose('LL-D-001');
  await accept(path);
  expect(textOf((await company.get(path)).html)).toContain('Tussentijdse evaluatie invullen');
  const form = await company.get(`${path}/evaluatie/tussentijds`);
  const codes = [...form.html.matchAll(/name="activities\.(\d+)\.code" value="([^"]+)"/g)];
  expect(codes.length).toBeGreaterThan(5);
  expect(textOf(form.html)).toMatch(/Nog niet gestart Geoefend Beheerst/);

  const open = await company.post(`${path}/evaluatie/tussentijds`, { moment: 'interim', 'activities.0.code': codes[0]![2]! });
  expect(open.status).toBe(400);
  expect(open.html).toMatch(/id="veld-activities-0-progress-error"/);

  const answers = Object.fromEntries(
    codes.flatMap(([, i, code]) => [
      [`activities.${i}.code`, code!],
      [`activities.${i}.progress`, i === '0' ? 'mastered' : 'practised'],
    ]),
  );
  const recorded = await company.post(`${path}/evaluatie/tussentijds`, { ...answers, comment: 'Goed op weg' });
  expect(textOf(recorded.html)).toContain('De evaluatie is bewaard.');
  const seen = textOf((await school.get(path)).html);
  expect(seen).toMatch(
    /Activiteit Tussentijdse evaluatie Eindevaluatie Funderingen uitzetten en graven Beheerst – Metselwerk uitvoeren volgens plan Geoefend –/,
  );
  expect(seen).toContain('Goed op weg');
  const again = await company.get(`${path}/evaluatie/tussentijds`);
  expect(again.html).toMatch(/name="activities\.0\.progress" value="mastered" checked/);
  expect(again.html).toContain('Goed op weg</textarea>');
  expect(textOf((await company.get(path)).html)).toContain('Tussentijdse evaluatie aanpassen');
});

test('when the school ends a placement early with a reason, then both parties read it in Dutch and the place is free', async () => {
  const { path } = await propose('LL-E-001');
  await accept(path);
  const form = textOf((await school.get(`${path}/vroegtijdig-beeindigen`)).html);
  expect(form).toContain('Vroegtijdig beëindigen kan niet ongedaan gemaakt worden.');
  expect(form).toContain('De leerling verliet de school');
  const noReason = await school.post(`${path}/vroegtijdig-beeindigen`, { endedOn: TODAY });
  expect([noReason.status, /id="veld-reason-error"/.test(noReason.html)]).toEqual([400, true]);
  const ended = await school.post(`${path}/vroegtijdig-beeindigen`, {
    endedOn: TODAY,
    reason: 'learner-choice',
    note: 'Andere richting gekozen',
  });
  expect(textOf(ended.html)).toContain('De plaatsing is vroegtijdig beëindigd.');
  expect(textOf(ended.html)).toContain('Stand Vroegtijdig beëindigd');
  expect(textOf(ended.html)).toMatch(/door de school: de leerling koos om te stoppen/);
  expect(textOf((await company.get('/plaatsingen')).html)).toMatch(/LL-E-001 Vroegtijdig beëindigd/);
  expect(textOf((await company.get(path)).html)).toContain('Andere richting gekozen');

  // The company ends another early itself.
  const other = await propose('LL-E-002');
  await accept(other.path);
  expect(textOf((await company.get(other.path)).html)).toContain('Vroegtijdig beëindigen met een reden');
  await company.get(`${other.path}/vroegtijdig-beeindigen`);
  const byCompany = await company.post(`${other.path}/vroegtijdig-beeindigen`, { endedOn: TODAY, reason: 'conflict' });
  expect(textOf(byCompany.html)).toMatch(/door de onderneming: een conflict/);
});

test('when the school asks the learner, then it fills in the questions once on the learner’s behalf or hands a one-time link', async () => {
  // Through its workflow, which hears of each answer.
  const recognised = `/plaatsingen/nieuw?erkenning=${await approvedRecognition(stack.call, 'reviewer', { capacity: 2 })}`;
  const first = await propose('LL-F-001', {}, recognised);
  await accept(first.path);
  const form = await school.get(`${first.path}/feedback`);
  expect(textOf(form.html)).toContain(
    'Mijn mentor begeleidt mij goed. 1 – helemaal niet 2 – eerder niet 3 – eerder wel 4 – helemaal wel',
  );
  const open = await school.post(`${first.path}/feedback`, { 'answers.guidance': '4' });
  expect(open.status).toBe(400);
  expect(open.html).toMatch(/id="veld-answers-safety-error"/);
  const answers = { guidance: '4', learning: '3', safety: '4', atmosphere: '3', recommend: '4' };
  const fields = Object.fromEntries(Object.entries(answers).map(([q, a]) => [`answers.${q}`, a]));
  const saved = await school.post(`${first.path}/feedback`, { ...fields, comment: 'Fijne werkplek' });
  expect(textOf(saved.html)).toContain('De antwoorden van de leerling zijn bewaard.');
  expect(textOf(saved.html)).toContain('Mijn mentor begeleidt mij goed. 4 – helemaal wel');
  expect(textOf(saved.html)).toContain('Fijne werkplek');
  // Another answer later is refused (the same one again is a retry, and stands).
  expect(textOf((await school.post(`${first.path}/feedback`, { ...fields, 'answers.safety': '1' })).html)).toContain(
    'De leerling antwoordde al voor deze plaatsing.',
  );

  const second = await propose('LL-F-002', {}, recognised);
  await accept(second.path);
  const link = await school.post(`${second.path}/feedbacklink`, {});
  expect(link.status).toBe(200);
  expect(link.html).toMatch(/value="http:\/\/[^"]+\/feedback\/[\w-]{20,}"/);
  expect(textOf(link.html)).toMatch(/Geldig tot \d+ \w+ \d{4}/);
  // The company never reads the learner's answers.
  expect(textOf((await company.get(first.path)).html)).not.toContain('Fijne werkplek');
});

test('when the partnership opens a placement of its workplace, then it reads it without actions', async () => {
  const { path } = await propose('LL-G-001');
  const reviewer = await new PageVisitor(stack.baseUrl).signIn('reviewer', 'bouw');
  const read = await reviewer.get(path);
  expect(read.html).toContain(`href="/erkenningen/${workplace.id}"`);
  const page = textOf(read.html);
  expect(page).toContain('Plaatsing van leerling LL-G-001');
  expect(page).not.toContain('Wat u nu kunt doen');
  expect((await reviewer.get('/plaatsingen')).status).toBe(403);
});
