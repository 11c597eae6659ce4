import type { Response, Router } from 'express';
import { InvalidToken, type Principal, type TokenVerifier } from '../platform/auth';
import { type PageContext, localPath, page } from './context';
import { ROLE_TEXT, enterpriseNumberText } from './dutch';
import type { FormErrors } from './forms';
import { Button, Form, Page, Select, TextArea, render } from './layout';
import type { OidcSignIn } from './oidc';

// Sign-in: a bearer token pasted in, or (in development, without an identity provider) a
// development identity picked from a list. Either starts a session kept in the store.

export interface SignInOptions {
  verifyToken: TokenVerifier;
  /** Offer development identities: only under `npm start` or in tests (DEV_SIGN_IN). */
  developmentIdentities: boolean;
  /** Sign-in at an OpenID Connect provider (OIDC_ISSUER); development identities are then not offered. */
  provider?: OidcSignIn;
}

/** A development identity: company, school and admin as one each, reviewer and coordinator of a chosen partnership. */
export function developmentIdentity(
  role: string,
  partnershipId: string | undefined,
  partnerships: Array<{ id: string }>,
): Principal | undefined {
  switch (role) {
    case 'company':
      return { sub: 'dev-company', role: 'company', enterpriseNumber: '0403170701' };
    case 'school':
      return { sub: 'dev-school', role: 'school', schoolId: 'school-1' };
    case 'admin':
      return { sub: 'dev-admin', role: 'admin' };
    case 'reviewer':
    case 'coordinator':
      return partnerships.some((p) => p.id === partnershipId)
        ? ({ sub: `dev-${role}-${partnershipId}`, role, partnershipId } as Principal)
        : undefined;
    default:
      return undefined;
  }
}

export function signInPages(router: Router, ctx: PageContext, options: SignInOptions) {
  const partnerships = async () =>
    options.developmentIdentities
      ? ((await ctx.routes.call(undefined, 'get', '/api/v1/partnerships')).body as Array<{ id: string; name: string }>)
      : [];

  const show = async (res: Response, back: string, errors?: FormErrors, status = 200) => {
    const list = await partnerships();
    render(
      res,
      <Page title="Aanmelden" csrf={res.locals.csrf} errors={errors} labels={{ token: 'Token' }}>
        <h1>Aanmelden</h1>
        {options.provider ? (
          <>
            <p>
              <a class="button primary" href={`/aanmelden/oidc?terug=${encodeURIComponent(back)}`}>
                Aanmelden bij {options.provider.name}
              </a>
            </p>
            <h2>Of meld u aan met een token</h2>
          </>
        ) : null}
        {list.length ? (
          <>
            <h2>Kies een ontwikkelidentiteit</h2>
            <p>Deze lokale omgeving heeft geen identiteitsprovider. Kies met wie u wilt werken.</p>
            <Form action="/aanmelden" csrf={res.locals.csrf}>
              <input type="hidden" name="terug" value={back} />
              <div class="identities">
                <Button kind="secondary" name="identity" value="company">
                  Onderneming {enterpriseNumberText('0403170701')}
                </Button>
                <Button kind="secondary" name="identity" value="school">
                  School (secretariaat, school-1)
                </Button>
                <Button kind="secondary" name="identity" value="admin">
                  {ROLE_TEXT.admin}
                </Button>
              </div>
            </Form>
            <Form action="/aanmelden" csrf={res.locals.csrf}>
              <input type="hidden" name="terug" value={back} />
              <Select
                name="partnershipId"
                label="Sectoraal partnerschap"
                options={list.map((p) => ({ value: p.id, text: p.name }))}
                values={{}}
              />
              <Button kind="secondary" name="identity" value="reviewer">
                Als beoordelaar
              </Button>
              <Button kind="secondary" name="identity" value="coordinator">
                Als coördinator
              </Button>
            </Form>
            <h2>Of meld u aan met een token</h2>
          </>
        ) : null}
        <Form action="/aanmelden" csrf={res.locals.csrf}>
          <input type="hidden" name="terug" value={back} />
          <TextArea
            name="token"
            label="Token"
            hint="Een bearer-token (JWT) zoals de API het aanvaardt."
            rows={3}
            errors={errors}
            values={{}}
          />
          <Button>Aanmelden</Button>
        </Form>
      </Page>,
      status,
    );
  };

  router.get(
    '/aanmelden',
    page(async (req, res) => {
      if (res.locals.session) return res.redirect(303, '/');
      await show(res, localPath(req.query.terug));
    }),
  );

  router.post(
    '/aanmelden',
    page(async (req, res) => {
      const back = localPath(req.body.terug);
      const picked =
        options.developmentIdentities && typeof req.body.identity === 'string'
          ? developmentIdentity(req.body.identity, req.body.partnershipId, await partnerships())
          : undefined;
      if (picked) {
        await ctx.sessions.start(req, res, picked, 'identity');
        return res.redirect(303, back);
      }
      const token = typeof req.body.token === 'string' ? req.body.token.trim() : '';
      if (!token) return show(res, back, { fields: { token: 'Plak hier uw token.' } }, 400);
      try {
        const principal = await options.verifyToken(token);
        const exp = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')).exp as number;
        await ctx.sessions.start(req, res, principal, 'token', { expiresAt: new Date(exp * 1000) });
        res.redirect(303, back);
      } catch (error) {
        if (!(error instanceof InvalidToken)) throw error;
        await show(res, back, { fields: { token: 'Dit token is niet geldig of verlopen.' } }, 400);
      }
    }),
  );

  router.post(
    '/afmelden',
    page(async (req, res) => {
      const session = res.locals.session;
      await ctx.sessions.end(req, res);
      // Signed in at the provider: sign out there too, which leads back to the sign-in page.
      const provider = session?.via === 'oidc' ? await options.provider?.endSessionUrl(req, session.idToken) : undefined;
      res.redirect(303, provider ?? '/aanmelden');
    }),
  );
}
