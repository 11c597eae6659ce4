import type { Response, Router } from 'express';
import { InvalidToken, type Principal, type TokenVerifier } from '../platform/auth';
import { type PageContext, localPath, page } from './context';
import { ROLE_TEXT, enterpriseNumberText } from './dutch';
import { PUBLIC_SEARCH } from './labels';
import type { FormErrors } from './forms';
import { Button, Form, Page, Select, TextArea, render } from './layout';
import type { OidcSignIn } from './oidc';
import { paths, patterns } from './paths';

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

interface SignInView {
  csrf?: string;
  /** Where the person returns to afterwards. */
  back: string;
  errors?: FormErrors;
  provider?: OidcSignIn;
  /** The partnerships a development reviewer or coordinator may pick; none without development identities. */
  partnerships: Array<{ id: string; name: string }>;
}

/** The development identities: one company, school and admin each, a reviewer or coordinator of a partnership picked. */
function DevelopmentIdentities(props: SignInView) {
  return (
    <>
      <h2>Kies een ontwikkelidentiteit</h2>
      <p>Deze lokale omgeving heeft geen identiteitsprovider. Kies met wie u wilt werken.</p>
      <Form action={paths.signIn()} csrf={props.csrf}>
        <input type="hidden" name="terug" value={props.back} />
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
      <Form action={paths.signIn()} csrf={props.csrf}>
        <input type="hidden" name="terug" value={props.back} />
        <Select
          name="partnershipId"
          label="Sectoraal partnerschap"
          options={props.partnerships.map((p) => ({ value: p.id, text: p.name }))}
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
  );
}

function SignInPage(props: SignInView) {
  return (
    <Page title="Aanmelden" csrf={props.csrf} errors={props.errors} labels={{ token: 'Token' }}>
      <h1>Aanmelden</h1>
      {props.provider ? (
        <>
          <p>
            <a class="button primary" href={paths.oidcSignIn(props.back)}>
              Aanmelden bij {props.provider.name}
            </a>
          </p>
          <h2>Of meld u aan met een token</h2>
        </>
      ) : null}
      {props.partnerships.length ? <DevelopmentIdentities {...props} /> : null}
      <Form action={paths.signIn()} csrf={props.csrf}>
        <input type="hidden" name="terug" value={props.back} />
        <TextArea
          name="token"
          label="Token"
          hint="Een bearer-token (JWT) zoals de API het aanvaardt."
          rows={3}
          errors={props.errors}
          values={{}}
        />
        <Button>Aanmelden</Button>
      </Form>
      <p>
        Zoekt u een erkende werkplek? Daarvoor hoeft u zich niet aan te melden:{' '}
        <a href={paths.publicSearch}>{PUBLIC_SEARCH.title.toLowerCase()}</a>.
      </p>
    </Page>
  );
}

export function signInPages(router: Router, ctx: PageContext, options: SignInOptions) {
  // Public: the sign-in page reads it as nobody.
  const partnerships = async () =>
    options.developmentIdentities ? (await ctx.routes.invoke(undefined, ctx.api.catalogue.allPartnerships, {})).body : [];

  const show = async (res: Response, back: string, errors?: FormErrors, status = 200) => {
    const view = { csrf: res.locals.csrf as string | undefined, back, errors, provider: options.provider };
    render(res, <SignInPage {...view} partnerships={await partnerships()} />, status);
  };

  router.get(
    patterns.signIn,
    page(async (req, res) => {
      if (res.locals.session) return res.redirect(303, paths.start);
      await show(res, localPath(req.query.terug));
    }),
  );

  router.post(
    patterns.signIn,
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
    patterns.signOut,
    page(async (req, res) => {
      const session = res.locals.session;
      await ctx.sessions.end(req, res);
      // Signed in at the provider: sign out there too, which leads back to the sign-in page.
      const provider = session?.via === 'oidc' ? await options.provider?.endSessionUrl(req, session.idToken) : undefined;
      res.redirect(303, provider ?? paths.signIn());
    }),
  );
}
