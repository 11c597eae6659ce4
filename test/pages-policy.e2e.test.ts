import { longDateTime } from '../pages/dutch';
import { browserForTests, checkAccessibility, screenshot, signInForPartnership } from './support/browser';
import { type PageAnswer, PageVisitor, textOf } from './support/pages';
import { type Json, suiteStack } from './support/stack';
import { ADMIN } from './support/people';

// The partnership's policy page: its coordinator changes terms as a number and a unit, the
// reviewer reads it, and both see who changed what and when.

const decode = (value: string) =>
  value
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');

/** The fields the policy form would post as a browser posts them: inputs, checked boxes, selected options, text areas. */
function formFields(html: string): Record<string, string> {
  const form = /<form method="post" action="\/beleid"[\s\S]*?<\/form>/.exec(html)?.[0];
  if (!form) throw new Error('no policy form on the page');
  const fields: Record<string, string> = {};
  const attribute = (tag: string, name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];
  for (const [tag] of form.matchAll(/<input\b[^>]*>/g)) {
    const name = attribute(tag, 'name');
    if (!name || name === '_csrf') continue;
    if (attribute(tag, 'type') === 'checkbox' && !/\schecked\b/.test(tag)) continue;
    fields[name] = decode(attribute(tag, 'value') ?? '');
  }
  for (const [, tag, options] of form.matchAll(/(<select\b[^>]*>)([\s\S]*?)<\/select>/g)) {
    const selected =
      /<option\b[^>]*value="([^"]*)"[^>]*selected/.exec(options!) ?? /<option\b[^>]*value="([^"]*)"/.exec(options!);
    fields[attribute(tag!, 'name')!] = decode(selected?.[1] ?? '');
  }
  for (const [, tag, content] of form.matchAll(/(<textarea\b[^>]*>)([\s\S]*?)<\/textarea>/g)) {
    fields[attribute(tag!, 'name')!] = decode(content!);
  }
  return fields;
}

/** The field's block on the page (from its wrapper to the next field), to read what is said beside it. */
function beside(html: string, id: string): string {
  const at = html.indexOf(`id="${id}"`);
  if (at < 0) throw new Error(`no element ${id}`);
  const start = html.lastIndexOf('<div class="field', at);
  return textOf(html.slice(start, html.indexOf('</fieldset>', at) > 0 ? html.indexOf('</fieldset>', at) : at + 2000));
}

describe('policy page (dev server, FerretDB)', () => {
  const stack = suiteStack({ admin: ADMIN });
  const { call } = stack;
  const policyOf = async (id: string) =>
    ((await call(undefined, 'GET', '/api/v1/partnerships')).body as Json[]).find((p) => p.id === id)!.policy as Json;
  let coordinator: PageVisitor;

  beforeAll(async () => {
    coordinator = await new PageVisitor(stack.baseUrl).signIn('coordinator', 'bouw');
  });

  it("lets bouw's coordinator change the decision deadline from 14 to 21 days, and shows the change in the history", async () => {
    const form = await coordinator.get('/beleid');
    expect(form.status).toBe(200);
    expect(textOf(form.html)).toContain('Partnerschap Bouw');
    const fields = formFields(form.html);
    expect(fields).toMatchObject({
      partnershipId: 'bouw',
      'decisionDeadline.amount': '14',
      'decisionDeadline.unit': 'D',
      'validity.amount': '5',
      'validity.unit': 'Y',
      'renewalNotice.amount': '3',
      'renewalNotice.unit': 'M',
      mentorChangeCheck: 'true',
      'placementAnswerDeadline.amount': '14',
      'placementAnswerDeadline.unit': 'D',
      learnerFeedbackThreshold: '2,5',
    });
    expect(textOf(form.html)).toContain(
      'Termijn om een voorstel van plaatsing te beantwoorden Zonder antwoord binnen deze termijn vervalt het voorstel en komt de plaats weer vrij.',
    );
    expect(textOf(form.html)).toContain('Drempel voor feedback van leerlingen');
    // Only the everyday units are offered while no term uses seconds.
    expect(form.html).not.toContain('>seconden<');

    const saved = await coordinator.post('/beleid', { ...fields, 'decisionDeadline.amount': '21' });
    expect(saved.location).toBe('/beleid?gelukt=bewaard');
    expect(saved.status).toBe(200);
    const text = textOf(saved.html);
    expect(text).toContain('Het beleid is bewaard. Dossiers volgen het vanaf hun volgende stap.');
    expect(formFields(saved.html)['decisionDeadline.amount']).toBe('21');

    // Only the one field changed: every other term went back to the API as it was.
    const policy = await policyOf('bouw');
    expect(policy).toMatchObject({
      decisionDeadline: 'P21D',
      validity: 'P5Y',
      renewalNotice: 'P3M',
      mentorChangeCheck: true,
      placementAnswerDeadline: 'P14D',
      learnerFeedbackThreshold: 2.5,
    });
    const history = await call('admin', 'GET', '/api/v1/partnerships/bouw/policy-history');
    expect(history.body).toHaveLength(1);
    const [change] = history.body as Json[];
    expect(change).toMatchObject({ changed: ['decisionDeadline'], by: { sub: 'dev-coordinator-bouw', role: 'coordinator' } });
    expect(text).toContain(
      `${longDateTime(change!.at)} dev-coordinator-bouw (Coördinator) Beslissingstermijn: 14 dagen → 21 dagen`,
    );

    // Saving the form as it stands changes nothing, and records nothing.
    await coordinator.post('/beleid', formFields(saved.html));
    expect((await call('admin', 'GET', '/api/v1/partnerships/bouw/policy-history')).body).toHaveLength(1);
  });

  it('refuses a term beyond its bounds beside its field, the values kept, and saves nothing', async () => {
    const fields = formFields((await coordinator.get('/beleid')).html);
    const refused = await coordinator.post('/beleid', {
      ...fields,
      'decisionDeadline.amount': '0',
      'infoRequestDeadline.amount': '400',
      'objectionWindow.amount': 'veertien',
    });
    expect(refused.status).toBe(400);
    const text = textOf(refused.html);
    expect(text).toContain('Er is een probleem');
    expect(text).toContain('Beslissingstermijn: Kies een termijn van 1 seconde tot 1 jaar.');
    expect(refused.html).toContain('href="#veld-decisionDeadline"');
    expect(beside(refused.html, 'veld-decisionDeadline')).toContain('Fout: Kies een termijn van 1 seconde tot 1 jaar.');
    expect(beside(refused.html, 'veld-infoRequestDeadline')).toContain('Fout: Kies een termijn van 1 seconde tot 1 jaar.');
    expect(beside(refused.html, 'veld-objectionWindow')).toContain(
      'Fout: Geef het aantal als een geheel getal, bijvoorbeeld 14.',
    );
    expect(beside(refused.html, 'veld-validity')).not.toContain('Fout');
    expect(formFields(refused.html)).toMatchObject({
      'decisionDeadline.amount': '0',
      'infoRequestDeadline.amount': '400',
      'objectionWindow.amount': 'veertien',
    });
    expect((await policyOf('bouw')).decisionDeadline).toBe('P21D');
  });

  it('adds a self-assessment question in the empty row, refuses one without a key beside it, and removes one', async () => {
    const before = (await policyOf('bouw')).selfAssessment as Json[];
    const extra = before.length;
    const fields = formFields((await coordinator.get('/beleid')).html);
    expect(fields).toMatchObject({ [`selfAssessment.${extra}.id`]: '', [`selfAssessment.${extra}.question`]: '' });
    const added = await coordinator.post('/beleid', {
      ...fields,
      [`selfAssessment.${extra}.id`]: 'veiligheid',
      [`selfAssessment.${extra}.question`]: 'Is de werkplek veilig?',
      requiredDocuments: 'risicoanalyse\nveiligheidsattest',
    });
    expect(added.status).toBe(200);
    expect(await policyOf('bouw')).toMatchObject({
      selfAssessment: [...before, { id: 'veiligheid', question: 'Is de werkplek veilig?' }],
      requiredDocuments: ['risicoanalyse', 'veiligheidsattest'],
    });

    const withRow = formFields(added.html);
    const next = extra + 1;
    expect(withRow).toMatchObject({ [`selfAssessment.${next}.id`]: '', [`selfAssessment.${next}.question`]: '' });
    const noKey = await coordinator.post('/beleid', { ...withRow, [`selfAssessment.${next}.question`]: 'Is er een mentor?' });
    expect(noKey.status).toBe(400);
    // The filled-in new row is a question of its own now, with a new empty row below it.
    expect(textOf(noKey.html)).toContain(`Er is een probleem Vraag ${next + 1}, sleutel: Vul dit in.`);
    expect(formFields(noKey.html)[`selfAssessment.${next}.question`]).toBe('Is er een mentor?');

    const removed = await coordinator.post('/beleid', { ...withRow, [`selfAssessment.${extra}.remove`]: 'true' });
    expect(removed.status).toBe(200);
    expect((await policyOf('bouw')).selfAssessment).toEqual(before);
    const history = textOf(removed.html);
    expect(history).toContain(
      `Vragen van de zelfevaluatie: ${extra + 1} vragen → ${extra} vragen (verwijderd: “Is de werkplek veilig?”)`,
    );
    expect(history).toContain(
      `Vragen van de zelfevaluatie: ${extra} vragen → ${extra + 1} vragen (toegevoegd: “Is de werkplek veilig?”)`,
    );
    expect(history).toContain('Verplichte documenten: geen → risicoanalyse, veiligheidsattest');
  });

  it('when the coordinator sets the answer deadline and the feedback threshold, then they are kept; a threshold above 4 is refused beside it; a form without them keeps them', async () => {
    const fields = formFields((await coordinator.get('/beleid')).html);
    const refused = await coordinator.post('/beleid', { ...fields, learnerFeedbackThreshold: '5' });
    expect(refused.status).toBe(400);
    expect(textOf(refused.html)).toContain('Drempel voor feedback van leerlingen: Geef ten hoogste 4.');
    expect(refused.html).toMatch(/id="veld-learnerFeedbackThreshold-error">[\s\S]*?Geef ten hoogste 4\./);

    const changed = { 'placementAnswerDeadline.amount': '7', learnerFeedbackThreshold: '3,2' };
    const saved = await coordinator.post('/beleid', { ...fields, ...changed });
    expect(saved.location).toBe('/beleid?gelukt=bewaard');
    expect(formFields(saved.html)).toMatchObject(changed);
    expect(await policyOf('bouw')).toMatchObject({ placementAnswerDeadline: 'P7D', learnerFeedbackThreshold: 3.2 });
    expect(textOf(saved.html)).toContain('Drempel voor feedback van leerlingen: 2,5 → 3,2');

    // A form opened before these fields existed leaves them as they are, not at their defaults.
    const older = Object.fromEntries(
      Object.entries(formFields(saved.html)).filter(
        ([name]) => !/^(placementAnswerDeadline|learnerFeedbackThreshold)/.test(name),
      ),
    );
    expect((await coordinator.post('/beleid', older)).location).toBe('/beleid?gelukt=bewaard');
    expect(await policyOf('bouw')).toMatchObject({ placementAnswerDeadline: 'P7D', learnerFeedbackThreshold: 3.2 });
  });

  it('when the coordinator lets companies add places without review, then the number is kept, and one that is no whole number is refused beside it', async () => {
    const fields = formFields((await coordinator.get('/beleid')).html);
    expect(fields.capacityIncreaseWithoutReview).toBe('2');
    const refused = await coordinator.post('/beleid', { ...fields, capacityIncreaseWithoutReview: 'twee' });
    expect(refused.status).toBe(400);
    expect(refused.html).toMatch(/id="veld-capacityIncreaseWithoutReview-error"/);
    const saved = await coordinator.post('/beleid', { ...fields, capacityIncreaseWithoutReview: '4' });
    expect(saved.location).toBe('/beleid?gelukt=bewaard');
    expect(await policyOf('bouw')).toMatchObject({ capacityIncreaseWithoutReview: 4 });
    expect(textOf(saved.html)).toContain('Plaatsen erbij zonder beoordeling: 2 → 4');
  });

  it("shows horeca's coordinator only its own policy and refuses a change to bouw's", async () => {
    const horeca = await new PageVisitor(stack.baseUrl).signIn('coordinator', 'horeca');
    const own = await horeca.get('/beleid?partnershipId=bouw');
    expect(own.status).toBe(200);
    expect(textOf(own.html)).toContain('Partnerschap Horeca');
    expect(formFields(own.html)).toMatchObject({ partnershipId: 'horeca', requiredDocuments: 'haccp-attest' });

    const fields = formFields((await coordinator.get('/beleid')).html);
    const refused = await horeca.post('/beleid', { ...fields, partnershipId: 'bouw', 'decisionDeadline.amount': '7' });
    expect(refused.status).toBe(404);
    expect(textOf(refused.html)).toContain('Pagina niet gevonden');
    expect((await policyOf('bouw')).decisionDeadline).toBe('P21D');
    expect((await policyOf('horeca')).decisionDeadline).toBe('P14D');
  });

  it("shows bouw's reviewer the policy and its history without a form", async () => {
    const reviewer = await new PageVisitor(stack.baseUrl).signIn('reviewer', 'bouw');
    const answer: PageAnswer = await reviewer.get('/beleid');
    expect(answer.status).toBe(200);
    expect(answer.html).not.toContain('action="/beleid"');
    const text = textOf(answer.html);
    expect(text).toContain('Beslissingstermijn 21 dagen');
    expect(text).toContain('Geldigheid van een erkenning 5 jaar');
    expect(text).toContain('14 dagen → 21 dagen');
    expect(text).toContain('Termijn om een voorstel van plaatsing te beantwoorden 7 dagen');
    expect(text).toContain(
      'Drempel voor feedback van leerlingen Een werkplek waar leerlingen gemiddeld lager dan 3,2 op 4 antwoorden, krijgt een kwaliteitscontrole',
    );
    expect((await reviewer.post('/beleid', { 'decisionDeadline.amount': '7', 'decisionDeadline.unit': 'D' })).status).toBe(403);
  });

  it('lets an admin choose the partnership, shows seconds and compound terms, and keeps terms left as they were', async () => {
    const set = { decisionDeadline: 'PT30S', validity: 'P1Y6M', infoRequestDeadline: 'P1M2D' };
    expect((await call('admin', 'PUT', '/api/v1/partnerships/horeca/policy', set)).status).toBe(200);
    const admin = await new PageVisitor(stack.baseUrl).signIn('admin');
    const answer = await admin.get('/beleid?partnershipId=horeca');
    expect(answer.html).toContain('<option value="horeca" selected>');
    const fields = formFields(answer.html);
    expect(fields).toMatchObject({
      partnershipId: 'horeca',
      'decisionDeadline.amount': '30',
      'decisionDeadline.unit': 'S',
      'validity.amount': '18',
      'validity.unit': 'M',
      // No one unit says a month and two days exactly: kept as written.
      'infoRequestDeadline.amount': 'P1M2D',
      'infoRequestDeadline.unit': 'ISO',
    });
    const saved = await admin.post('/beleid', { ...fields, 'decisionDeadline.amount': '45' });
    expect(saved.location).toBe('/beleid?gelukt=bewaard&partnershipId=horeca');
    expect(await policyOf('horeca')).toMatchObject({ ...set, decisionDeadline: 'PT45S' });
    expect(textOf(saved.html)).toContain('dev-admin (Beheerder) Beslissingstermijn: 30 seconden → 45 seconden');
    expect(textOf(saved.html)).toContain('Geldigheid van een erkenning: 5 jaar → 1 jaar en 6 maanden');
  });

  describe('in Chromium', () => {
    const browser = browserForTests();

    it('shows the policy form, refused and saved, without serious accessibility violations', async () => {
      const page = await browser().newPage(stack.baseUrl);
      await signInForPartnership(page, 'coordinator', 'bouw');
      await page.goto('/beleid');
      await page.getByRole('group', { name: 'Beslissingstermijn' }).getByLabel('Aantal').fill('0');
      await page.getByRole('button', { name: 'Beleid bewaren' }).click();
      await page.getByText('Er is een probleem').waitFor();
      await checkAccessibility(page, 'coordinator-beleid (fout)');
      await page.getByRole('group', { name: 'Beslissingstermijn' }).getByLabel('Aantal').fill('21');
      await page.getByRole('button', { name: 'Beleid bewaren' }).click();
      await page.getByText('Het beleid is bewaard.').waitFor();
      await checkAccessibility(page, 'coordinator-beleid');
      await screenshot(page, 'coordinator-beleid');
    });
  });
});
