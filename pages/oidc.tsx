import type { Request, RequestHandler, Response, Router } from 'express';
import type { Connection } from 'mongoose';
import * as client from 'openid-client';
import { allowFormTargets } from '../api/security-headers';
import { normalizeCompanyNumber } from '../models/identifiers';
import { type Principal, principalSchema } from '../platform/auth';
import type { Config } from '../platform/config';
import type { Logger } from '../platform/logger';
import { oidcLoginModel } from '../store/oidc-logins';
import { type PageContext, localPath, page } from './context';
import { hashOf } from './session';
import { Page, render } from './layout';
import { paths, patterns } from './paths';

// Sign-in at an OpenID Connect provider: the authorization-code flow with PKCE, state and nonce.
// What the callback checks is kept on the server for the round trip, bound to the browser that
// started it; the ID token's claims (or the UserInfo's) become the principal, as a bearer token's.

export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Default: `<origin of the request>/aanmelden/terug`. */
  redirectUrl?: string;
  /** Default: `openid`. */
  scopes?: string;
  /** The name on the sign-in button; default: the issuer's host. */
  providerName?: string;
}

export function oidcSettingsFrom(config: Config): OidcSettings | undefined {
  if (!config.OIDC_ISSUER || !config.OIDC_CLIENT_ID || !config.OIDC_CLIENT_SECRET) return undefined;
  return {
    issuer: config.OIDC_ISSUER,
    clientId: config.OIDC_CLIENT_ID,
    clientSecret: config.OIDC_CLIENT_SECRET,
    redirectUrl: config.OIDC_REDIRECT_URL,
    scopes: config.OIDC_SCOPES,
    providerName: config.OIDC_PROVIDER_NAME,
  };
}

/** How long a person may take at the provider before the callback is refused. */
const LOGIN_MINUTES = 10;
/** Sign-ins past their ten minutes are deleted at most this often per process, as one begins. */
const SWEEP_MS = 60_000;
const DISCOVERY_TIMEOUT_SECONDS = 10;

/**
 * The principal of the provider's claims, as the contract's token claims: `sub`, `role` and the
 * role's tenant claim (an enterprise number may come formatted). Undefined when they do not make one.
 */
export function principalFromClaims(claims: Record<string, unknown>): Principal | undefined {
  const number =
    typeof claims.enterpriseNumber === 'string' ? normalizeCompanyNumber(claims.enterpriseNumber, 'enterprise') : undefined;
  const parsed = principalSchema.safeParse(number?.ok ? { ...claims, enterpriseNumber: number.value } : claims);
  return parsed.success ? parsed.data : undefined;
}

export class OidcSignIn {
  readonly name: string;
  private discovered?: Promise<client.Configuration>;
  private endSessionOrigin?: string;
  private sweptAt = 0;
  private readonly logins: ReturnType<typeof oidcLoginModel>;

  constructor(
    private readonly settings: OidcSettings,
    private readonly ctx: PageContext,
    db: Connection,
    private readonly logger: Logger,
  ) {
    this.name = settings.providerName ?? new URL(settings.issuer).host;
    this.logins = oidcLoginModel(db);
    // Early, so that a wrong issuer shows in the log at start and the sign-out target is known.
    this.configuration().catch(() => undefined);
  }

  /** The provider's metadata, discovered once; a failed discovery is tried again on next use. */
  private configuration(): Promise<client.Configuration> {
    this.discovered ??= client
      .discovery(
        new URL(this.settings.issuer),
        this.settings.clientId,
        undefined,
        client.ClientSecretBasic(this.settings.clientSecret),
        {
          timeout: DISCOVERY_TIMEOUT_SECONDS,
          // An http issuer is the operator's choice (a provider on the same host or in tests).
          execute: new URL(this.settings.issuer).protocol === 'http:' ? [client.allowInsecureRequests] : [],
        },
      )
      .then((configuration) => {
        const endSession = configuration.serverMetadata().end_session_endpoint;
        if (endSession) this.endSessionOrigin = new URL(endSession).origin;
        return configuration;
      })
      .catch((error: unknown) => {
        this.discovered = undefined;
        this.logger.warn({ err: error, issuer: this.settings.issuer }, 'OpenID Connect discovery failed');
        throw error;
      });
    return this.discovered;
  }

  private redirectUrl(req: Request): string {
    return this.settings.redirectUrl ?? `${req.protocol}://${req.get('host')}${paths.oidcCallback}`;
  }

  /** The provider's sign-out with this ID token, back to the sign-in page; undefined when it has none. */
  async endSessionUrl(req: Request, idToken: string | undefined): Promise<string | undefined> {
    try {
      const configuration = await this.configuration();
      if (!configuration.serverMetadata().end_session_endpoint) return undefined;
      return client
        .buildEndSessionUrl(configuration, {
          post_logout_redirect_uri: new URL(paths.signIn(), this.redirectUrl(req)).href,
          ...(idToken ? { id_token_hint: idToken } : {}),
        })
        .toString();
    } catch {
      return undefined;
    }
  }

  /** Its pages; `limit` bounds the sign-ins an address begins (each keeps a record). */
  register(router: Router, limit: RequestHandler) {
    // Sign-out is a form POST that the server redirects to the provider: the Content-Security-
    // Policy's form-action also governs that redirect, so the provider's origins join 'self'.
    router.use((_req, res, next) => {
      allowFormTargets(res, [new URL(this.settings.issuer).origin, this.endSessionOrigin]);
      next();
    });
    router.get(
      patterns.oidcSignIn,
      limit,
      page((req, res) => this.begin(req, res)),
    );
    router.get(
      patterns.oidcCallback,
      page((req, res) => this.callback(req, res)),
    );
  }

  /** One filtered delete a minute rather than one per sign-in: on FerretDB it reads the collection. */
  private async sweep(now: number) {
    if (now - this.sweptAt < SWEEP_MS) return;
    this.sweptAt = now;
    await this.logins.deleteMany({ expiresAt: { $lt: new Date(now).toISOString() } });
  }

  private failed(res: Response, status: number, title: string, text: string, retry = paths.oidcSignIn()) {
    render(res, <SignInFailed title={title} text={text} retry={retry} provider={this.name} />, status);
  }

  private unreachable(res: Response) {
    res.setHeader('Retry-After', '5');
    this.failed(
      res,
      503,
      'Aanmelden kan even niet',
      `${this.name} is niet bereikbaar. Probeer het over enkele ogenblikken opnieuw.`,
    );
  }

  /** To the provider, with what the callback will check kept for ten minutes. */
  private async begin(req: Request, res: Response) {
    const back = localPath(req.query.terug);
    if (res.locals.session) return res.redirect(303, back);
    let configuration: client.Configuration;
    try {
      configuration = await this.configuration();
    } catch {
      return this.unreachable(res);
    }
    const state = client.randomState();
    const nonce = client.randomNonce();
    const codeVerifier = client.randomPKCECodeVerifier();
    const redirectUrl = this.redirectUrl(req);
    const now = Date.now();
    await this.sweep(now);
    await this.logins.create({
      _id: hashOf(state),
      browser: hashOf(res.locals.csrf ?? ''),
      codeVerifier,
      nonce,
      redirectUrl,
      back,
      expiresAt: new Date(now + LOGIN_MINUTES * 60_000).toISOString(),
    });
    const authorization = client.buildAuthorizationUrl(configuration, {
      redirect_uri: redirectUrl,
      scope: this.settings.scopes ?? 'openid',
      state,
      nonce,
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
    });
    res.redirect(303, authorization.href);
  }

  /** Back from the provider: the sign-in this browser began, its code exchanged, the claims a principal. */
  private async callback(req: Request, res: Response) {
    if (res.locals.session) return res.redirect(303, paths.start);
    const state = typeof req.query.state === 'string' ? req.query.state : '';
    // Found only for the browser that began it: another's callback URL neither signs in nor spends it.
    const login = state
      ? await this.logins.findOneAndDelete({ _id: hashOf(state), browser: hashOf(res.locals.csrf ?? '') }).lean()
      : null;
    if (!login || Date.parse(login.expiresAt) < Date.now()) {
      return this.failed(
        res,
        400,
        'Aanmelden niet gelukt',
        'Deze aanmelding is verlopen of is niet in deze browser begonnen. Begin opnieuw.',
      );
    }
    const again = paths.oidcSignIn(login.back);
    let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
    let claims: Record<string, unknown>;
    try {
      ({ tokens, claims } = await this.exchange(req, login, state));
    } catch (error) {
      this.logger.warn({ err: error, issuer: this.settings.issuer }, 'OpenID Connect sign-in failed');
      if (error instanceof client.AuthorizationResponseError && error.error === 'access_denied')
        return this.failed(res, 400, 'Aanmelden geannuleerd', `De aanmelding bij ${this.name} is geannuleerd.`, again);
      if (
        error instanceof client.AuthorizationResponseError ||
        error instanceof client.ResponseBodyError ||
        error instanceof client.ClientError
      )
        return this.failed(
          res,
          400,
          'Aanmelden niet gelukt',
          `${this.name} heeft de aanmelding niet bevestigd. Begin opnieuw.`,
          again,
        );
      return this.unreachable(res);
    }
    const principal = principalFromClaims(claims);
    if (!principal) {
      this.logger.warn({ sub: claims.sub, role: claims.role }, 'OpenID Connect account without a valid role');
      const other = await this.endSessionUrl(req, tokens.id_token);
      return render(res, <NoRole provider={this.name} other={other} />, 403);
    }
    await this.ctx.sessions.start(req, res, principal, 'oidc', { idToken: tokens.id_token });
    res.redirect(303, login.back);
  }

  /** The callback's code for tokens, and the claims: the ID token's, with the UserInfo's where it has the rest. */
  private async exchange(req: Request, login: { redirectUrl: string; codeVerifier: string; nonce: string }, state: string) {
    const configuration = await this.configuration();
    const current = new URL(login.redirectUrl);
    current.search = new URL(req.originalUrl, current).search;
    const tokens = await client.authorizationCodeGrant(configuration, current, {
      pkceCodeVerifier: login.codeVerifier,
      expectedState: state,
      expectedNonce: login.nonce,
      idTokenExpected: true,
    });
    let claims: Record<string, unknown> = { ...tokens.claims() };
    // Many providers release other claims than `sub` at the UserInfo endpoint only.
    if (claims.role === undefined && configuration.serverMetadata().userinfo_endpoint) {
      claims = { ...(await client.fetchUserInfo(configuration, tokens.access_token, String(claims.sub))), ...claims };
    }
    return { tokens, claims };
  }
}

function SignInFailed(props: { title: string; text: string; retry: string; provider: string }) {
  return (
    <Page title={props.title}>
      <h1>{props.title}</h1>
      <p>{props.text}</p>
      <p>
        <a class="button primary" href={props.retry}>
          Opnieuw aanmelden bij {props.provider}
        </a>
      </p>
    </Page>
  );
}

/** Signed in at the provider with an account that has no role in Erkend. */
function NoRole(props: { provider: string; other?: string }) {
  return (
    <Page title="Geen toegang">
      <h1>Geen toegang</h1>
      <p>
        U bent aangemeld bij {props.provider}, maar uw account heeft geen rol in Erkend (onderneming, school, beoordelaar,
        coördinator of beheerder), of de gegevens bij die rol ontbreken, zoals het ondernemingsnummer.
      </p>
      <p>Vraag de beheerder van uw account om u de juiste rol te geven.</p>
      {props.other ? (
        <p>
          <a href={props.other}>Aanmelden met een ander account</a>
        </p>
      ) : null}
    </Page>
  );
}
