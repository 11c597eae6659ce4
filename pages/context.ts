import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Principal, Role } from '../platform/auth';
import type { Reply, Routes } from '../api/routes';
import type { Sessions } from './session';

// What every page module gets: the API's operations, called in-process as the signed-in person
// (so a page reads and writes exactly as the API would), and the sessions.

export interface PageContext {
  routes: Routes;
  sessions: Sessions;
}

type Method = 'get' | 'post' | 'put' | 'delete';

/** Calls an API operation as the person signed in on this request. */
export function callAs(
  ctx: PageContext,
  res: Response,
  method: Method,
  path: string,
  input: {
    body?: unknown;
    query?: Record<string, string>;
    params?: Record<string, string>;
    headers?: Record<string, string>;
    request?: Request;
  } = {},
): Promise<Reply> {
  return ctx.routes.call(res.locals.session?.principal, method, path, input);
}

/** The signed-in person; only reached behind `signedIn`. */
export function principalOf(res: Response): Principal {
  return res.locals.session!.principal;
}

/** Sends a person who is not signed in to the sign-in page, and back here afterwards. */
export const signedIn: RequestHandler = (req, res, next) => {
  if (res.locals.session) return next();
  res.redirect(303, `/aanmelden?terug=${encodeURIComponent(req.originalUrl)}`);
};

/** Pages for some roles only: others get a page that says so (403). */
export function forRoles(...roles: Role[]): RequestHandler {
  return (_req: Request, res: Response, next: NextFunction) => {
    if (roles.includes(principalOf(res).role)) return next();
    next(new WrongRole());
  };
}

export class WrongRole extends Error {}

/** Wraps an async page handler so that its errors reach the pages' error page. */
export const page =
  (handler: (req: Request, res: Response) => Promise<void>): RequestHandler =>
  (req, res, next) => {
    handler(req, res).catch(next);
  };

/** Only local paths are followed after sign-in: never another site. */
export function localPath(value: unknown): string {
  return typeof value === 'string' && /^\/(?![/\\])/.test(value) ? value : '/';
}

export interface CatalogueNames {
  trainings: Array<{ code: string; name: string; partnershipId: string }>;
  training: (code: string) => string;
  partnership: (id: string) => string;
  partnerships: Array<{ id: string; name: string; jointCommittees: string[] }>;
}

/** The names of trainings and partnerships, as the (public) catalogue operations give them. */
export async function catalogueNames(ctx: PageContext): Promise<CatalogueNames> {
  const [trainings, partnerships] = await Promise.all([
    ctx.routes.call(undefined, 'get', '/api/v1/trainings'),
    ctx.routes.call(undefined, 'get', '/api/v1/partnerships'),
  ]);
  const t = trainings.body as CatalogueNames['trainings'];
  const p = partnerships.body as CatalogueNames['partnerships'];
  return {
    trainings: t,
    partnerships: p,
    training: (code) => t.find((x) => x.code === code)?.name ?? code,
    partnership: (id) => p.find((x) => x.id === id)?.name ?? id,
  };
}
