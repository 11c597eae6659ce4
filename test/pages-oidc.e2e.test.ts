import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair } from 'jose';
import { checkAccessibility, openBrowser, saveAxeSummary, screenshot } from './support/browser';
import { PageVisitor, textOf } from './support/pages';
import { type TestStack, startTestStack } from './support/stack';

// Sign-in at a real, certified OpenID Connect provider (oidc-provider with its development
// login and consent pages), driven as a browser would: one cookie jar for Erkend, one for the
// provider.

jest.setTimeout(60_000);

const CLIENT = { client_id: 'erkend', client_secret: 'erkend-test-client-secret' };
const ACCOUNTS: Record<string, Record<string, unknown>> = {
  bedrijf: { role: 'company', enterpriseNumber: '0403.170.701' },
  'zonder-rol': { enterpriseNumber: '0403170701' },
};

/** The provider's side of the browser: its own cookies, its forms filled in and posted. */
class ProviderBrowser {
  private readonly cookies = new Map<string, string>();

  constructor(private readonly erkend: string) {}

  private async send(url: string, init: RequestInit = {}) {
    const response = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: { ...init.headers, cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair!.indexOf('=');
      this.cookies.set(pair!.slice(0, at), pair!.slice(at + 1));
    }
    return response;
  }

  /**
   * Follows the provider's redirects and posts its forms (the login with `login`, then the
   * consent) until it sends the browser back to Erkend: returns that URL.
   */
  async signIn(start: string, login: string): Promise<string> {
    let url = start;
    for (let step = 0; step < 12; step++) {
      if (url.startsWith(this.erkend)) return url;
      const response = await this.send(url);
      const location = response.headers.get('location');
      if (location) {
        url = new URL(location, url).href;
        continue;
      }
      const html = await response.text();
      const form = /<form[^>]*action="([^"]+)"[^>]*method="post"[^>]*>([\s\S]*?)<\/form>/.exec(html);
      if (!form) throw new Error(`no form at ${url}: ${response.status} ${textOf(html).slice(0, 200)}`);
      const fields = new URLSearchParams();
      for (const [, name, value] of form[2]!.matchAll(/<input[^>]*type="hidden"[^>]*name="([^"]+)"[^>]*value="([^"]*)"/g))
        fields.set(name!, value!);
      if (/name="login"/.test(form[2]!)) fields.set('login', login);
      if (/name="password"/.test(form[2]!)) fields.set('password', 'any');
      const posted = await this.send(new URL(form[1]!, url).href, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: fields,
      });
      url = new URL(posted.headers.get('location') ?? url, url).href;
    }
    throw new Error('the provider did not send the browser back');
  }

  /** Confirms the provider's sign-out page; returns where it leads. */
  async signOut(endSession: string): Promise<string> {
    const page = await (await this.send(endSession)).text();
    const form = /<form id="op.logoutForm" method="post" action="([^"]+)"><input type="hidden" name="xsrf" value="([^"]+)"/.exec(
      page,
    );
    if (!form) throw new Error(`no sign-out form: ${textOf(page).slice(0, 200)}`);
    const response = await this.send(form[1]!, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ xsrf: form[2]!, logout: 'yes' }),
    });
    return response.headers.get('location') ?? '';
  }
}

describe('pages: sign-in at an OpenID Connect provider', () => {
  let stack: TestStack;
  let providerServer: Server;
  let issuer: string;

  beforeAll(async () => {
    // The provider's notices for development setups (and for Node.js 20) are expected here.
    for (const level of ['warn', 'info'] as const) {
      const original = console[level];
      jest.spyOn(console, level).mockImplementation((...args: unknown[]) => {
        if (!String(args[0]).startsWith('oidc-provider')) original(...args);
      });
    }
    const { default: Provider } = await import('oidc-provider');
    // The provider's address is needed by the stack, and the stack's by the provider's client:
    // the port first, the provider once the stack listens.
    let handle: (req: IncomingMessage, res: ServerResponse) => unknown = (_req, res) => res.writeHead(503).end();
    providerServer = createServer((req, res) => handle(req, res));
    await new Promise<void>((resolve) => providerServer.listen(0, '127.0.0.1', resolve));
    issuer = `http://127.0.0.1:${(providerServer.address() as AddressInfo).port}`;
    stack = await startTestStack({
      oidc: {
        issuer,
        clientId: CLIENT.client_id,
        clientSecret: CLIENT.client_secret,
        scopes: 'openid erkend',
        providerName: 'Testprovider',
      },
    });
    const { privateKey } = await generateKeyPair('RS256', { extractable: true });
    const provider = new Provider(issuer, {
      clients: [
        {
          ...CLIENT,
          redirect_uris: [`${stack.baseUrl}/aanmelden/terug`],
          post_logout_redirect_uris: [`${stack.baseUrl}/aanmelden`],
        },
      ],
      claims: { erkend: ['role', 'enterpriseNumber', 'partnershipId', 'schoolId'] },
      findAccount: (_ctx, id) => ({ accountId: id, claims: () => ({ sub: id, ...ACCOUNTS[id] }) }),
      features: { devInteractions: { enabled: true } },
      cookies: { keys: ['erkend-test-provider-cookie-key'] },
      jwks: { keys: [{ ...(await exportJWK(privateKey)), alg: 'RS256', use: 'sig' }] },
    });
    handle = provider.callback();
  });

  afterAll(async () => {
    jest.restoreAllMocks();
    saveAxeSummary();
    await stack?.stop();
    providerServer?.closeAllConnections();
    await new Promise((resolve) => providerServer?.close(resolve));
  });

  test('a company signs in at the provider, reaches its start page and signs out at both', async () => {
    const person = new PageVisitor(stack.baseUrl);
    const signInPage = await person.get('/aanmelden?terug=%2F');
    expect(signInPage.status).toBe(200);
    expect(textOf(signInPage.html)).toContain('Aanmelden bij Testprovider');
    expect(signInPage.html).toContain('href="/aanmelden/oidc?terug=%2F"');
    // With a provider, no development identities: not offered, and not accepted when posted.
    expect(signInPage.html).not.toContain('name="identity"');
    expect((await person.post('/aanmelden', { identity: 'admin' })).status).toBe(400);

    const leave = await person.get('/aanmelden/oidc?terug=%2F');
    expect(leave.status).toBe(303);
    const authorization = new URL(leave.location!);
    expect(authorization.origin).toBe(issuer);
    expect(authorization.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorization.searchParams.get('redirect_uri')).toBe(`${stack.baseUrl}/aanmelden/terug`);
    expect(authorization.searchParams.get('nonce')).toBeTruthy();

    const provider = new ProviderBrowser(stack.baseUrl);
    const callback = new URL(await provider.signIn(authorization.href, 'bedrijf'));
    expect(callback.pathname).toBe('/aanmelden/terug');

    // The callback URL in another browser, or with another state, signs no one in.
    const other = new PageVisitor(stack.baseUrl);
    await other.get('/aanmelden');
    const elsewhere = await other.get(callback.href);
    expect(elsewhere.status).toBe(400);
    expect(textOf(elsewhere.html)).toContain('Aanmelden niet gelukt');
    const forged = new URL(callback);
    forged.searchParams.set('state', 'forged-state');
    expect((await person.get(forged.href)).status).toBe(400);
    expect((await person.get('/')).status).toBe(303);

    const back = await person.get(callback.href);
    expect(back.status).toBe(303);
    expect(back.location).toBe('/');
    const start = await person.get('/');
    expect(start.status).toBe(200);
    expect(textOf(start.html)).toContain('Onderneming 0403.170.701');
    expect(textOf(start.html)).toContain('Nieuwe aanvraag tot erkenning');
    // The same callback again is spent.
    expect((await new PageVisitor(stack.baseUrl).get(callback.href)).status).toBe(400);

    // Sign-out ends the session here and continues at the provider, which the pages' forms may reach.
    const policy = (await fetch(`${stack.baseUrl}/aanmelden`)).headers.get('content-security-policy') ?? '';
    expect(policy).toMatch(new RegExp(`form-action 'self' ${issuer}(;|$)`));
    const signedOut = await person.post('/afmelden', {}, { follow: false });
    expect(signedOut.status).toBe(303);
    const endSession = new URL(signedOut.location!);
    expect(endSession.origin).toBe(issuer);
    expect(endSession.searchParams.get('id_token_hint')).toBeTruthy();
    expect(endSession.searchParams.get('post_logout_redirect_uri')).toBe(`${stack.baseUrl}/aanmelden`);
    expect((await person.get('/')).location).toBe('/aanmelden?terug=%2F');
    expect(await provider.signOut(endSession.href)).toBe(`${stack.baseUrl}/aanmelden`);
  });

  test('an account without a role in Erkend is refused', async () => {
    const person = new PageVisitor(stack.baseUrl);
    const leave = await person.get('/aanmelden/oidc');
    const callback = await new ProviderBrowser(stack.baseUrl).signIn(leave.location!, 'zonder-rol');
    const refused = await person.get(callback);
    expect(refused.status).toBe(403);
    expect(textOf(refused.html)).toContain('uw account heeft geen rol in Erkend');
    expect(refused.html).toContain(`href="${issuer}/session/end?`);
    expect((await person.get('/')).status).toBe(303);
  });

  test('in Chromium: the sign-in page is accessible, and sign-out reaches the provider despite the CSP', async () => {
    const chromium = await openBrowser();
    try {
      const page = await chromium.newPage(stack.baseUrl);
      await page.goto('/aanmelden');
      await checkAccessibility(page, 'aanmelden (OpenID Connect)');
      await screenshot(page, 'aanmelden-oidc');
      await page.getByRole('link', { name: 'Aanmelden bij Testprovider' }).click();
      await page.locator('input[name=login]').fill('bedrijf');
      await page.locator('input[name=password]').fill('any');
      await page.locator('button[type=submit]').click();
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.waitForURL(`${stack.baseUrl}/`);
      expect(await page.textContent('main')).toContain('Nieuwe aanvraag tot erkenning');
      // A CSP without the provider's origin in form-action would stop this redirect after the POST.
      await page.getByRole('button', { name: 'Afmelden' }).click();
      await page.getByRole('button', { name: 'Yes, sign me out' }).click();
      await page.waitForURL(`${stack.baseUrl}/aanmelden`);
      expect(await page.textContent('main')).toContain('Aanmelden bij Testprovider');
    } finally {
      await chromium.close();
    }
  });
});
