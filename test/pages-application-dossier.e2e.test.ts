import { withCheckDigits } from '../models/identifiers';
import { PageVisitor, textOf } from './support/pages';
import { DEV_COMPANY, reviewerOf } from './support/people';
import { horecaOverrides, sampleApplicationBody } from './support/sample-application';
import { suiteStack, tokenFor } from './support/stack';

// The company's dossier through the pages, over HTTP as a browser without JavaScript posts its
// forms: withdrawal after a confirmation, the link to its recognition, an information request
// answered with a document, and an objection to a rejection.

describe('application pages (company)', () => {
  const stack = suiteStack({ company: DEV_COMPANY, horecaReviewer: reviewerOf('horeca'), bouwReviewer: reviewerOf('bouw') });
  const { call } = stack;

  const company = () => new PageVisitor(stack.baseUrl).signIn('company');

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
});
