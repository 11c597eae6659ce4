import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import { type TokenVerifier, createTokenVerifier } from '../platform/auth';
import { loadApiConfig } from '../platform/config';
import { COMPANY } from './support/people';
import { runEntryPoint } from './support/processes';
import { sampleApplicationBody } from './support/sample-application';
import { type TestStack, startTestStack, suiteStack } from './support/stack';

// Safe defaults where the API is deployed (issue 20): behind a TLS proxy the cookies are Secure
// and `__Host-` named, a proxy named in TRUST_PROXY gives each client its own rate-limit
// bucket (and one not named gives none), an upload form's token travels in its body, tokens
// of an identity provider are this API's only, and the API does not start with development
// sign-in where it could let a stranger in.

jest.setTimeout(60_000);

/** The cookies an answer sets, by name: the value, then the attributes. */
function setCookies(from: Headers | string[]): Record<string, string[]> {
  const lines = Array.isArray(from) ? from : from.getSetCookie();
  return Object.fromEntries(
    lines.map((line) => {
      const [pair, ...attributes] = line.split(';').map((part) => part.trim());
      return [pair!.slice(0, pair!.indexOf('=')), [pair!.slice(pair!.indexOf('=') + 1), ...attributes]];
    }),
  );
}

describe('behind a proxy (dev server, FerretDB)', () => {
  let trusting: TestStack;
  let plain: TestStack;
  const https = { 'x-forwarded-proto': 'https' };

  beforeAll(async () => {
    [trusting, plain] = await Promise.all([
      startTestStack({ trustProxy: ['loopback'], limits: { perMinute: 3 } }),
      startTestStack({ limits: { perMinute: 3 } }),
    ]);
  });
  afterAll(() => Promise.all([trusting?.stop(), plain?.stop()]));

  it('sets Secure, __Host- cookies for a request the proxy says came over HTTPS, and a session lives on them', async () => {
    const signInPage = await fetch(`${trusting.baseUrl}/aanmelden`, { headers: https });
    const anonymous = setCookies(signInPage.headers)['__Host-erkend_csrf']!;
    expect(anonymous.slice(1)).toEqual(expect.arrayContaining(['Path=/', 'HttpOnly', 'Secure', 'SameSite=Lax']));
    expect(anonymous.join(';')).not.toMatch(/Domain=/i);
    const csrf = /name="_csrf" value="([^"]*)"/.exec(await signInPage.text())![1]!;

    const signedIn = await fetch(`${trusting.baseUrl}/aanmelden`, {
      method: 'POST',
      headers: { ...https, cookie: `__Host-erkend_csrf=${anonymous[0]}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: csrf, identity: 'company' }),
      redirect: 'manual',
    });
    expect(signedIn.status).toBe(303);
    const session = setCookies(signedIn.headers)['__Host-erkend_sessie']!;
    expect(session.slice(1)).toEqual(expect.arrayContaining(['Path=/', 'HttpOnly', 'Secure', 'SameSite=Lax']));

    const home = await fetch(`${trusting.baseUrl}/`, { headers: { ...https, cookie: `__Host-erkend_sessie=${session[0]}` } });
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('Wat op u wacht');
    // The same secret under the name a plain-HTTP page could set is not this session's.
    const planted = await fetch(`${trusting.baseUrl}/`, {
      headers: { ...https, cookie: `erkend_sessie=${session[0]}` },
      redirect: 'manual',
    });
    expect(planted.status).toBe(303);
  });

  it('keeps plain cookies for plain HTTP on localhost only, and believes no proxy it was not told of', async () => {
    const local = setCookies((await fetch(`${plain.baseUrl}/aanmelden`)).headers).erkend_csrf!;
    expect(local.slice(1)).not.toContain('Secure');
    // An X-Forwarded-Proto from a proxy not named in TRUST_PROXY changes nothing.
    const claimed = setCookies((await fetch(`${plain.baseUrl}/aanmelden`, { headers: https })).headers);
    expect(Object.keys(claimed)).toEqual(['erkend_csrf']);

    // Reached by another name than localhost (a TLS proxy in front that the API was not told
    // of), the cookies are Secure and __Host- named all the same.
    const elsewhere = await new Promise<Record<string, string[]>>((resolve, reject) => {
      request(`${plain.baseUrl}/aanmelden`, { headers: { host: 'erkend.example' } }, (response) => {
        response.resume();
        resolve(setCookies(response.headers['set-cookie'] ?? []));
      })
        .on('error', reject)
        .end();
    });
    expect(Object.keys(elsewhere)).toEqual(['__Host-erkend_csrf']);
    expect(elsewhere['__Host-erkend_csrf']).toContain('Secure');
  });

  it("gives each client behind a named proxy its own rate-limit bucket, and none a proxy's header it does not trust", async () => {
    const trainings = (stack: TestStack, client: string) =>
      fetch(`${stack.baseUrl}/api/v1/trainings`, { headers: { 'x-forwarded-for': client } }).then((r) => r.status);
    const burst = async (stack: TestStack, client: string) => [
      await trainings(stack, client),
      await trainings(stack, client),
      await trainings(stack, client),
      await trainings(stack, client),
    ];
    expect(await burst(trusting, '192.0.2.1')).toEqual([200, 200, 200, 429]);
    expect(await trainings(trusting, '192.0.2.2')).toBe(200);
    // Without TRUST_PROXY, X-Forwarded-For is anyone's to write: it opens no bucket of its own.
    expect(await burst(plain, '192.0.2.1')).toEqual([200, 200, 200, 429]);
    expect(await trainings(plain, '192.0.2.2')).toBe(429);
  });
});

describe('an upload form keeps its token out of the URL (dev server, FerretDB)', () => {
  const stack = suiteStack({ company: COMPANY });
  const { call } = stack;

  it('takes the file only after the token, the first field; a file before it, or the token in the query, is refused 403', async () => {
    const filed = await call('company', 'POST', '/api/v1/applications', sampleApplicationBody());
    const id = filed.body.id as string;
    const signInPage = await fetch(`${stack.baseUrl}/aanmelden`);
    const anonymous = setCookies(signInPage.headers).erkend_csrf![0]!;
    const signedIn = await fetch(`${stack.baseUrl}/aanmelden`, {
      method: 'POST',
      headers: { cookie: `erkend_csrf=${anonymous}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        _csrf: /name="_csrf" value="([^"]*)"/.exec(await signInPage.text())![1]!,
        identity: 'company',
      }),
      redirect: 'manual',
    });
    const cookie = `erkend_sessie=${setCookies(signedIn.headers).erkend_sessie![0]}`;
    const dossier = await (await fetch(`${stack.baseUrl}/aanvragen/${id}`, { headers: { cookie } })).text();
    const [, action, csrf] =
      /<form method="post" action="([^"]+)" enctype="multipart\/form-data"[^>]*><input type="hidden" name="_csrf" value="([^"]+)"/.exec(
        dossier,
      )!;
    expect(action).toBe(`/aanvragen/${id}/documenten`);

    const upload = (fields: Array<[string, string | Blob]>, to = action!) => {
      const form = new FormData();
      for (const [name, value] of fields) {
        if (typeof value === 'string') form.append(name, value);
        else form.append(name, value, 'attest.pdf');
      }
      return fetch(`${stack.baseUrl}${to}`, { method: 'POST', headers: { cookie }, body: form, redirect: 'manual' });
    };
    const pdf = new Blob([Buffer.from('%PDF-1.7\nattest')], { type: 'application/pdf' });
    const fileFirst = await upload([
      ['file', pdf],
      ['_csrf', csrf!],
      ['kind', 'risk-analysis'],
    ]);
    expect(fileFirst.status).toBe(403);
    expect(await fileFirst.text()).toContain('Formulier verlopen');
    const inQuery = await upload(
      [
        ['kind', 'risk-analysis'],
        ['file', pdf],
      ],
      `${action}?_csrf=${encodeURIComponent(csrf!)}`,
    );
    expect(inQuery.status).toBe(403);
    expect((await call('company', 'GET', `/api/v1/applications/${id}/documents`)).body).toEqual([]);

    const sent = await upload([
      ['_csrf', csrf!],
      ['kind', 'risk-analysis'],
      ['file', pdf],
    ]);
    expect(sent).toMatchObject({ status: 303 });
    expect((await call('company', 'GET', `/api/v1/applications/${id}/documents`)).body).toEqual([
      expect.objectContaining({ kind: 'risk-analysis', name: 'attest.pdf' }),
    ]);
  });
});

describe('tokens of an identity provider (JWKS)', () => {
  let server: Server;
  let jwksUrl: string;
  let rsa: Awaited<ReturnType<typeof generateKeyPair>>;
  let ec: Awaited<ReturnType<typeof generateKeyPair>>;
  const ISSUER = 'https://login.example/realms/erkend';
  const AUDIENCE = 'erkend-api';
  const claims = { sub: 'admin-user', role: 'admin' };

  beforeAll(async () => {
    rsa = await generateKeyPair('RS256');
    ec = await generateKeyPair('ES256');
    const keys = [
      { ...(await exportJWK(rsa.publicKey)), kid: 'rsa', alg: 'RS256', use: 'sig' },
      { ...(await exportJWK(ec.publicKey)), kid: 'ec', use: 'sig' },
    ];
    server = createServer((_req, res) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys })),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks`;
  });
  afterAll(() => server?.close());

  const token = (options: { issuer?: string; audience?: string; ec?: boolean } = {}) => {
    let jwt = new SignJWT(claims)
      .setProtectedHeader(options.ec ? { alg: 'ES256', kid: 'ec' } : { alg: 'RS256', kid: 'rsa' })
      .setIssuedAt()
      .setExpirationTime('5m')
      .setIssuer(options.issuer ?? ISSUER);
    if (options.audience !== '') jwt = jwt.setAudience(options.audience ?? AUDIENCE);
    return jwt.sign(options.ec ? ec.privateKey : rsa.privateKey);
  };
  const refused = (verify: TokenVerifier, jwt: string) =>
    verify(jwt).then(
      () => 'accepted',
      (error: Error) => error.message,
    );

  it("accepts only this API's tokens: its issuer, its audience, an allowed algorithm", async () => {
    const verify = createTokenVerifier({ jwksUrl, issuer: ISSUER, audience: AUDIENCE, algorithms: ['RS256'] });
    await expect(verify(await token())).resolves.toEqual(claims);
    expect(await refused(verify, await token({ audience: 'another-client' }))).toMatch(/aud/);
    expect(await refused(verify, await token({ audience: '' }))).toMatch(/aud/);
    expect(await refused(verify, await token({ issuer: 'https://login.example/realms/other' }))).toMatch(/iss/);
    expect(await refused(verify, await token({ ec: true }))).toMatch(/alg/);
  });

  it('is not used without an issuer and an audience to check', () => {
    expect(() => createTokenVerifier({ jwksUrl, algorithms: ['RS256'] })).toThrow(/AUTH_ISSUER, AUTH_AUDIENCE/);
    expect(() => createTokenVerifier({ jwksUrl, issuer: ISSUER, algorithms: ['RS256'] })).toThrow(/AUTH_AUDIENCE/);
  });
});

describe('the API process refuses to start where it could let a stranger in', () => {
  const BASE_ENV = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    // Never reached: the environment is refused before any connection.
    MONGODB_URI: 'mongodb://127.0.0.1:9/erkend',
    TEMPORAL_ADDRESS: '127.0.0.1:9',
    LOG_LEVEL: 'info',
  };
  const SECRET = 'a-development-secret-of-32-characters-or-more';
  const OIDC = { OIDC_ISSUER: 'https://login.example/realms/erkend', OIDC_CLIENT_ID: 'erkend', OIDC_CLIENT_SECRET: 'geheim' };

  /** Starts `server/main.ts` as production does, and resolves with its exit code and output. */
  const start = (env: Record<string, string>) => runEntryPoint('server/main.ts', { ...BASE_ENV, ...env });

  it('says what to set for development sign-in in production or beside a provider, and for provider tokens it cannot tell apart', async () => {
    // Two starts, each refused for several reasons, every one of them said (a start costs seconds).
    const [signIn, tokens] = await Promise.all([
      start({ NODE_ENV: 'production', DEV_SIGN_IN: 'true', AUTH_JWT_SECRET: SECRET, ...OIDC }),
      start({ DEV_SIGN_IN: 'true', AUTH_JWKS_URL: 'https://login.example/realms/erkend/certs' }),
    ]);
    for (const run of [signIn, tokens]) {
      expect(run.code).toBe(1);
      expect(run.output).toContain('Invalid environment');
      expect(run.output).not.toContain('api listening');
    }
    expect(signIn.output).toContain(
      'DEV_SIGN_IN: development identities sign anyone in without a password: set DEV_SIGN_IN=false (or unset it) when NODE_ENV=production',
    );
    expect(signIn.output).toContain(
      'DEV_SIGN_IN: people sign in at OIDC_ISSUER: set DEV_SIGN_IN=false (or unset it) beside an OpenID Connect provider',
    );
    expect(tokens.output).toContain(
      'DEV_SIGN_IN: tokens come from the provider of AUTH_JWKS_URL: set DEV_SIGN_IN=false (or unset it) beside it',
    );
    expect(tokens.output).toContain(
      "AUTH_ISSUER: set AUTH_ISSUER to the provider's issuer (the tokens' `iss`) with AUTH_JWKS_URL",
    );
    expect(tokens.output).toContain(
      "AUTH_AUDIENCE: set AUTH_AUDIENCE to this API's audience (the tokens' `aud`) with AUTH_JWKS_URL",
    );
  }, 120_000);

  it('refuses each of these settings alone, and a proxy trusted whoever it is', () => {
    const env = { MONGODB_URI: BASE_ENV.MONGODB_URI, TEMPORAL_ADDRESS: BASE_ENV.TEMPORAL_ADDRESS };
    const refusal = (settings: Record<string, string>) => {
      try {
        loadApiConfig({ ...env, ...settings });
        return 'started';
      } catch (error) {
        return (error as Error).message;
      }
    };
    expect(refusal({ NODE_ENV: 'production', DEV_SIGN_IN: 'true', AUTH_JWT_SECRET: SECRET })).toMatch(
      /DEV_SIGN_IN: .*NODE_ENV=production/,
    );
    expect(refusal({ DEV_SIGN_IN: 'true', AUTH_JWT_SECRET: SECRET, ...OIDC })).toMatch(
      /DEV_SIGN_IN: people sign in at OIDC_ISSUER/,
    );
    expect(
      refusal({ DEV_SIGN_IN: 'true', AUTH_JWKS_URL: 'https://login.example/certs', AUTH_ISSUER: 'x', AUTH_AUDIENCE: 'y' }),
    ).toMatch(/^Invalid environment:\n {2}DEV_SIGN_IN: tokens come from the provider of AUTH_JWKS_URL[^\n]*$/);
    expect(refusal({ AUTH_JWKS_URL: 'https://login.example/certs', AUTH_ISSUER: 'x' })).toMatch(
      /^Invalid environment:\n {2}AUTH_AUDIENCE: [^\n]*$/,
    );
    expect(refusal({ AUTH_JWT_SECRET: SECRET, TRUST_PROXY: 'true' })).toBe(
      'Invalid environment:\n  TRUST_PROXY: set the number of proxies in front of the API (1 for one load balancer) or their addresses, comma-separated (10.0.0.5, 10.0.0.0/8, loopback); not true',
    );
  });

  it('takes the same settings where they are safe', () => {
    const env = { MONGODB_URI: BASE_ENV.MONGODB_URI, TEMPORAL_ADDRESS: BASE_ENV.TEMPORAL_ADDRESS };
    expect(loadApiConfig({ ...env, DEV_SIGN_IN: 'true', AUTH_JWT_SECRET: SECRET }).DEV_SIGN_IN).toBe(true);
    expect(loadApiConfig({ ...env, AUTH_JWT_SECRET: SECRET, ...OIDC }).DEV_SIGN_IN).toBe(false);
    const jwks = loadApiConfig({
      ...env,
      AUTH_JWKS_URL: 'https://login.example/realms/erkend/certs',
      AUTH_ISSUER: 'https://login.example/realms/erkend',
      AUTH_AUDIENCE: 'erkend-api',
      AUTH_ALGORITHMS: 'RS256, ES256',
    });
    expect(jwks.AUTH_ALGORITHMS).toEqual(['RS256', 'ES256']);
    expect(loadApiConfig({ ...env, AUTH_JWT_SECRET: SECRET }).TRUST_PROXY).toBe(false);
    expect(loadApiConfig({ ...env, AUTH_JWT_SECRET: SECRET, TRUST_PROXY: '1' }).TRUST_PROXY).toBe(1);
    expect(loadApiConfig({ ...env, AUTH_JWT_SECRET: SECRET, TRUST_PROXY: 'loopback, 10.0.0.0/8' }).TRUST_PROXY).toEqual([
      'loopback',
      '10.0.0.0/8',
    ]);
    expect(() =>
      loadApiConfig({
        ...env,
        AUTH_JWKS_URL: 'https://login.example/certs',
        AUTH_ISSUER: 'x',
        AUTH_AUDIENCE: 'y',
        AUTH_ALGORITHMS: 'HS256',
      }),
    ).toThrow(/AUTH_ALGORITHMS: list the provider's signature algorithms/);
  });
});
