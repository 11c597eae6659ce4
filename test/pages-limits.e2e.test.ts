import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type PageAnswer, PageVisitor, textOf } from './support/pages';
import { SAMPLE_ENTERPRISE, newEstablishmentNumber } from './support/sample-application';
import { type TestStack, startTestStack, tokenFor } from './support/stack';

// Pages call the API's operations in-process, past the API's limits: they have the same of
// their own (issue 20). A session, an address over all its sessions, a session's forms, the
// sign-ins an address begins at the provider, and a session's drafts. Each scenario comes from
// an address of its own (X-Forwarded-For from a proxy on loopback, which the API trusts), so
// no two share a bucket.

const LIMITS = { perMinute: 20, writesPerMinute: 3, pagesPerAddressPerMinute: 40, signInsPerMinute: 3 };
const SEARCH = '/register/zoeken?trainingCode=ruwbouw-duaal&postcode=9000';

/** A discovery document, all a sign-in needs of a provider until the person comes back. */
function startProvider(): Promise<{ server: Server; issuer: string }> {
  const server = createServer((req, res) => {
    const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    if (req.url !== '/.well-known/openid-configuration') return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'application/json' }).end(
      JSON.stringify({
        issuer,
        authorization_endpoint: `${issuer}/auth`,
        token_endpoint: `${issuer}/token`,
        jwks_uri: `${issuer}/jwks`,
        response_types_supported: ['code'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
      }),
    );
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, issuer: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }),
    ),
  );
}

/** What a person sees when refused for their pace: a Dutch page, 429, and when to try again. */
function expectSlowedDown(answer: PageAnswer) {
  expect(answer.status).toBe(429);
  const retryAfter = Number(answer.headers.get('retry-after'));
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(60);
  expect(answer.html).toContain('<html lang="nl">');
  expect(textOf(answer.html)).toContain(
    `Even wachten U vroeg in korte tijd erg veel pagina's op. Probeer het over ${retryAfter} seconden opnieuw.`,
  );
}

describe('page limits (dev server, FerretDB)', () => {
  let stack: TestStack;
  let withProvider: TestStack;
  let provider: { server: Server; issuer: string };

  beforeAll(async () => {
    provider = await startProvider();
    [stack, withProvider] = await Promise.all([
      startTestStack({ trustProxy: ['loopback'], limits: LIMITS }),
      startTestStack({
        trustProxy: ['loopback'],
        limits: LIMITS,
        oidc: { issuer: provider.issuer, clientId: 'erkend', clientSecret: 'erkend-test-client-secret' },
      }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([stack?.stop(), withProvider?.stop()]);
    provider?.server.close();
  });

  const from = (address: string, on = () => stack) => new PageVisitor(on().baseUrl, { 'x-forwarded-for': address });

  it('answers a session that asks pages too fast 429 in Dutch with Retry-After, and another person at once', async () => {
    const school = await from('203.0.113.1').signIn('school');
    const answers: PageAnswer[] = [];
    for (let i = 0; i < 25; i++) answers.push(await school.get(SEARCH));
    expect(answers.map((a) => a.status)).toEqual([...Array<number>(20).fill(200), ...Array<number>(5).fill(429)]);
    expect(textOf(answers[0]!.html)).toContain('Een erkende werkplek zoeken');
    expectSlowedDown(answers[20]!);

    const other = await from('203.0.113.2').signIn('school');
    expect((await other.get(SEARCH)).status).toBe(200);
  });

  it('limits an address over all its sessions together', async () => {
    const people = [
      await from('203.0.113.3').signIn('school'),
      await from('203.0.113.3').signIn('company'),
      await from('203.0.113.3').signIn('admin'),
    ];
    // Their sign-ins took six requests (each its page and its form) of the address's 40.
    let answered = 0;
    let refused: PageAnswer | undefined;
    for (let round = 0; !refused && round < 20; round++) {
      for (const person of people) {
        const answer = await person.get('/');
        if (answer.status !== 200) {
          refused = answer;
          break;
        }
        answered++;
      }
    }
    // None of the sessions reached its own 20.
    expect(answered).toBe(LIMITS.pagesPerAddressPerMinute - 6);
    expectSlowedDown(refused!);
    expectSlowedDown(await from('203.0.113.3').get('/aanmelden'));
    expect((await from('203.0.113.30').get('/aanmelden')).status).toBe(200);
  });

  it('limits the forms a session posts, as the API its writes, while its pages still answer', async () => {
    const company = await from('203.0.113.4').signIn('company');
    expect((await company.get('/aanvragen/nieuw/onderneming')).status).toBe(200);
    const posted: number[] = [];
    for (let i = 0; i < 4; i++) posted.push((await company.post('/aanvragen/nieuw/onderneming', {})).status);
    expect(posted).toEqual([400, 400, 400, 429]);
    expect((await company.get('/aanvragen/nieuw')).status).toBe(200);
  });

  it('keeps at most 10 drafts in a session: an application begun beyond them is refused in Dutch, the answers kept', async () => {
    const visitor = from('203.0.113.5');
    await visitor.get('/aanmelden');
    const token = await tokenFor({ sub: 'drafts-company', role: 'company', enterpriseNumber: SAMPLE_ENTERPRISE });
    expect((await visitor.post('/aanmelden', { token }, { follow: false })).status).toBe(303);
    // Ten other unfinished forms (none of the pages keeps that many today).
    const sessions = stack.db.collection('sessions');
    const drafts = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`formulier-${i}`, { begun: i }]));
    await sessions.updateOne({ 'principal.sub': 'drafts-company' }, { $set: { drafts } });

    expect((await visitor.get('/aanvragen/nieuw/onderneming')).status).toBe(200);
    const answers = { establishmentNumber: newEstablishmentNumber(), companyName: 'Bakkerij De Tiende', jointCommittee: '124' };
    const refused = await visitor.post('/aanvragen/nieuw/onderneming', answers);
    expect(refused.status).toBe(409);
    expect(textOf(refused.html)).toContain(
      'Er is een probleem U kunt in één sessie ten hoogste 10 onafgewerkte formulieren bewaren.',
    );
    expect(refused.html).toContain('value="Bakkerij De Tiende"');
    expect(Object.keys((await sessions.findOne({ 'principal.sub': 'drafts-company' }))!.drafts as object)).toHaveLength(10);

    // One fewer: the application begins, its answers kept as the tenth draft.
    await sessions.updateOne({ 'principal.sub': 'drafts-company' }, { $unset: { 'drafts.formulier-0': '' } });
    const begun = await visitor.post('/aanvragen/nieuw/onderneming', answers, { follow: false });
    expect(begun).toMatchObject({ status: 303, location: '/aanvragen/nieuw/opleiding' });
    const kept = (await sessions.findOne({ 'principal.sub': 'drafts-company' }))!.drafts as Record<string, unknown>;
    expect(Object.keys(kept)).toHaveLength(10);
    expect(kept).toHaveProperty('application');
  });

  it('lets an address begin a few sign-ins a minute at the provider, each keeping a record, and sweeps those past their time', async () => {
    const logins = withProvider.db.collection('oidc_logins');
    // Left by a sign-in never finished, its ten minutes over.
    await logins.insertOne({ browser: 'weg', expiresAt: new Date(Date.now() - 60_000).toISOString() });
    const visitor = from('198.51.100.7', () => withProvider);
    const begun: PageAnswer[] = [];
    for (let i = 0; i < 4; i++) begun.push(await visitor.get('/aanmelden/oidc'));
    expect(begun.map((a) => a.status)).toEqual([303, 303, 303, 429]);
    expect(begun[0]!.location).toMatch(new RegExp(`^${provider.issuer}/auth\\?`));
    expectSlowedDown(begun[3]!);
    expect((await from('198.51.100.8', () => withProvider).get('/aanmelden/oidc')).status).toBe(303);

    const held = await logins.find({}).toArray();
    expect(held).toHaveLength(4);
    expect(held.every((login) => login.browser !== 'weg')).toBe(true);
  });
});
