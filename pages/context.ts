import { pipeline } from 'node:stream/promises';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { Problem } from '../api/problem';
import type { Principal, Role } from '../platform/auth';
import type { Api } from '../api/api';
import type { Answer, CallInput, Operation, Routes } from '../api/routes';
import { paths } from './paths';
import type { Sessions } from './session';

// What every page module gets: the API's operations, called in-process as the signed-in person
// (so a page reads and writes exactly as the API would), and the sessions.
//
// Usage: call an operation by its handle in `ctx.api`, by area (api/api.ts), and read its
// answer typed as the operation defines it (its 2xx schemas), with no cast:
//   const { body: application } = await call(ctx, res, ctx.api.applications.get, { params: { id } });
//   await call(ctx, res, ctx.api.applications.object, { params: { id }, body: formInput(objectionInput, values) });
// A refusal throws the operation's Problem, as before. A body is checked by the operation itself,
// so a form's values go as they were typed. Guard a page with the roles its operation allows,
// instead of a second list: `router.get(patterns.dossier, forOperation(ctx.api.applications.get), ...)`
// (sign-in first); another role gets the page that says so (403, WrongRole), as with `forRoles`.

export interface PageContext {
  routes: Routes;
  /** The API's operations by area: the handles to `call`. */
  api: Api;
  sessions: Sessions;
}

/** Calls an API operation as the person signed in on this request; its answer typed by the operation. */
export function call<In extends CallInput, Out>(
  ctx: PageContext,
  res: Response,
  operation: Operation<In, Out>,
  ...input: Partial<In> extends In ? [NoInfer<In>?] : [NoInfer<In>]
): Promise<Answer<Out>> {
  return ctx.routes.invoke(res.locals.session?.principal, operation, input[0] ?? ({} as In));
}

/** What `answer` resolves to, or `gone` when the operation answers 404: gone meanwhile, or never there. */
export async function unlessNotFound<T, G>(answer: Promise<T>, gone: G): Promise<T | G> {
  try {
    return await answer;
  } catch (error) {
    if (error instanceof Problem && error.status === 404) return gone;
    throw error;
  }
}

/** A file an operation answered (a document, a certificate), passed on as it came, with its headers. */
export async function sendFile(res: Response, reply: Answer<unknown>) {
  for (const [name, value] of Object.entries(reply.headers ?? {})) res.setHeader(name, value);
  res.status(reply.status);
  await pipeline(reply.stream!, res);
}

/** The signed-in person; only reached behind `signedIn`. */
export function principalOf(res: Response): Principal {
  return res.locals.session!.principal;
}

/** What every signed-in page hands its frame: who is signed in, and the token its forms carry. */
export interface SignedInPage {
  principal: Principal;
  csrf?: string;
}

/** The props every signed-in page passes (`<Page title="…" {...signedInPage(res)}>`). */
export const signedInPage = (res: Response): SignedInPage => ({ principal: principalOf(res), csrf: res.locals.csrf });

/** Sends a person who is not signed in to the sign-in page, and back here afterwards. */
export const signedIn: RequestHandler = (req, res, next) => {
  if (res.locals.session) return next();
  res.redirect(303, paths.signIn(req.originalUrl));
};

/** Pages for someone signed in with one of some roles: others get a page that says so (403). */
export function forRoles(...roles: Role[]): RequestHandler[] {
  const hasRole = (_req: Request, res: Response, next: NextFunction) => {
    if (roles.includes(principalOf(res).role)) return next();
    next(new WrongRole());
  };
  return [signedIn, hasRole];
}

/** A page for someone signed in with a role its operation allows (anyone signed in for a public one). */
export function forOperation(operation: Operation): RequestHandler[] {
  return operation.roles ? forRoles(...operation.roles) : [signedIn];
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
  return typeof value === 'string' && /^\/(?![/\\])/.test(value) ? value : paths.start;
}

export interface CatalogueNames {
  trainings: Array<{ code: string; name: string; partnershipId: string }>;
  training: (code: string) => string;
  partnership: (id: string) => string;
  partnerships: Array<{ id: string; name: string; jointCommittees: string[] }>;
}

/** The names of trainings and partnerships, as the (public) catalogue operations give them. */
export async function catalogueNames(ctx: PageContext): Promise<CatalogueNames> {
  const [{ body: t }, { body: p }] = await Promise.all([
    ctx.routes.invoke(undefined, ctx.api.catalogue.allTrainings, {}),
    ctx.routes.invoke(undefined, ctx.api.catalogue.allPartnerships, {}),
  ]);
  return {
    trainings: t,
    partnerships: p,
    training: (code) => t.find((x) => x.code === code)?.name ?? code,
    partnership: (id) => p.find((x) => x.id === id)?.name ?? id,
  };
}
