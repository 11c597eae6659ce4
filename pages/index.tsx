import path from 'node:path';
import express, { type ErrorRequestHandler, type Request, type Response, type Router } from 'express';
import type { Connection } from 'mongoose';
import { type ApiLimits, addressKey, perCaller } from '../api/limits';
import { Problem, unavailableDependency } from '../api/problem';
import type { Api } from '../api/api';
import type { Routes } from '../api/routes';
import type { Logger } from '../platform/logger';
import { applicationPages } from './applications';
import { documentPages } from './documents';
import { importPages } from './imports';
import { incidentPages } from './incidents';
import { learnerFeedbackPages } from './learner-feedback';
import { adminPages } from './admin';
import { type PageContext, WrongRole } from './context';
import { Page, render } from './layout';
import { mandatePages } from './mandates';
import { noticePages } from './notices';
import { type OidcSettings, OidcSignIn } from './oidc';
import { personalDataPages } from './personal-data';
import { placementPages } from './placements';
import { monitoringPages } from './monitoring';
import { ForbiddenForm, Sessions, TooManyDrafts } from './session';
import { tooManyDraftsText } from './dutch';
import { TO_START } from './labels';
import { paths, patterns } from './paths';
import { policyPages } from './policy';
import { certificatePage, publicPages } from './public';
import { recognitionPages } from './recognitions';
import { improvementPlanPages } from './recognitions/improvement-plan';
import { reviewPages } from './review';
import { type SignInOptions, signInPages } from './sign-in';
import { schoolPages } from './school';
import { startPage } from './start';

// The pages for people, in Dutch, served by the API's own process beside `/api/v1`. Every page
// reads and writes through the API's operations (`Routes.call`), never the store directly.

export interface PagesDependencies extends Omit<SignInOptions, 'provider'> {
  routes: Routes;
  api: Api;
  oidc?: OidcSettings;
  db: Connection;
  logger: Logger;
  /** The API's limits: a session has a caller's, an address `pagesPerAddressPerMinute` in all. */
  limits: ApiLimits;
}

/** Page modules, each registering the pages of one journey. */
export type PageModule = (router: Router, ctx: PageContext) => void;

const MODULES: PageModule[] = [
  startPage,
  schoolPages,
  incidentPages,
  reviewPages,
  recognitionPages,
  improvementPlanPages,
  applicationPages,
  documentPages,
  importPages,
  policyPages,
  monitoringPages,
  mandatePages,
  placementPages,
  personalDataPages,
  learnerFeedbackPages,
  adminPages,
  noticePages,
  certificatePage,
];

export function pagesRouter(deps: PagesDependencies): Router {
  const router = express.Router();
  const ctx: PageContext = {
    routes: deps.routes,
    api: deps.api,
    sessions: new Sessions(deps.db, deps.limits.caps.draftsPerSession),
  };
  // The API and its documents are not pages: they leave this router at once.
  router.use((req, _res, next) => next(/^\/(api|docs|openapi\.json|healthz|readyz)(\/|$)/.test(req.path) ? 'router' : undefined));
  router.use(patterns.assets, express.static(path.join(__dirname, 'static'), { index: false, maxAge: '1h' }));
  // Pages call the API's operations in-process, past its limits: they have the same, per
  // session (before sign-in, per address), and an address all its sessions together, counted
  // before the session is read from the store.
  const { limits } = deps;
  router.use(perCaller('page per address', limits.pagesPerAddressPerMinute, 60_000, undefined, addressKey));
  // The public register's pages: before the sessions, so they neither read nor set one.
  publicPages(router, ctx, limits.publicPerMinute);
  router.use(express.urlencoded({ extended: false, limit: '64kb', parameterLimit: 500 }));
  router.use(ctx.sessions.load());
  const sessionKey = (req: Request, res: Response) => (res.locals.session ? `session:${res.locals.session.id}` : addressKey(req));
  router.use(perCaller('page', limits.perMinute, 60_000, undefined, sessionKey));
  router.use(perCaller('form', limits.writesPerMinute, 60_000, (req) => req.method !== 'POST', sessionKey));
  router.use(ctx.sessions.protect());
  const provider = deps.oidc && new OidcSignIn(deps.oidc, ctx, deps.db, deps.logger);
  // Each sign-in begun keeps a record for ten minutes: an address begins a few a minute.
  provider?.register(router, perCaller('sign-in', limits.signInsPerMinute, 60_000, undefined, addressKey));
  signInPages(router, ctx, { ...deps, developmentIdentities: deps.developmentIdentities && !provider, provider });
  for (const register of MODULES) register(router, ctx);
  router.use((req, _res, next) => next(req.method === 'GET' ? new Problem(404, 'Not Found', req.path) : undefined));
  router.use(errorPage(deps.logger));
  return router;
}

function errorPage(logger: Logger): ErrorRequestHandler {
  return (error, req, res, next) => {
    if (req.path.startsWith('/api/') || req.path.startsWith(paths.docs)) return next(error);
    const principal = res.locals.session?.principal;
    const show = (status: number, title: string, text: string) =>
      render(
        res,
        <Page title={title} principal={principal} csrf={res.locals.csrf}>
          <h1>{title}</h1>
          <p>{text}</p>
          <p>
            <a href={TO_START.href}>{TO_START.text}</a>
          </p>
        </Page>,
        status,
      );
    if (error instanceof ForbiddenForm)
      return show(
        403,
        'Formulier verlopen',
        'Dit formulier is verlopen of kwam niet van deze site. Open de pagina opnieuw en probeer nog eens.',
      );
    if (error instanceof Problem && error.status === 429) {
      res.setHeader('Retry-After', String(error.retryAfter ?? 60));
      return show(
        429,
        'Even wachten',
        `U vroeg in korte tijd erg veel pagina's op. Probeer het over ${error.retryAfter ?? 60} seconden opnieuw.`,
      );
    }
    if (error instanceof TooManyDrafts) return show(409, 'Te veel onafgewerkte formulieren', tooManyDraftsText(error.limit));
    if (error instanceof WrongRole)
      return show(403, 'Geen toegang', 'Deze pagina is niet voor uw rol. Meld u aan met een andere identiteit.');
    if (error instanceof Problem && (error.status === 404 || error.status === 403))
      return show(404, 'Pagina niet gevonden', 'Deze pagina bestaat niet, of u hebt er geen toegang toe.');
    if (unavailableDependency(error) || (error instanceof Problem && error.status === 503)) {
      res.setHeader('Retry-After', '5');
      return show(
        503,
        'Even geduld',
        'Erkend is tijdelijk niet bereikbaar. Probeer het over enkele seconden opnieuw; wat u al indiende, is bewaard.',
      );
    }
    logger.error({ err: error, method: req.method, path: req.path }, 'page failed');
    return show(500, 'Er ging iets mis', 'Deze pagina kon niet getoond worden. De fout is genoteerd.');
  };
}
