import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Connection } from 'mongoose';
import { requireFormToken, uploadOf } from '../api/uploads';
import type { Principal } from '../platform/auth';
import { type StoredSession, deleteExpiredSessions, sessionModel } from '../store/sessions';

// Sessions of the pages: an HttpOnly cookie holding a random secret, the session itself in the
// store (so that signing out ends it everywhere), and a CSRF token that every form carries.

const SESSION_COOKIE = 'erkend_sessie';
/** Before sign-in, the sign-in form's CSRF token is this cookie's value (double submit). */
const ANONYMOUS_COOKIE = 'erkend_csrf';
const SESSION_HOURS = 12;
/** Unfinished forms one session keeps (the application being written, a secret to show once, …). */

export interface PageSession {
  id: string;
  principal: Principal;
  csrf: string;
  drafts: Record<string, unknown>;
  via: StoredSession['via'];
  idToken?: string;
}

declare module 'express-serve-static-core' {
  interface Locals {
    session?: PageSession;
    /** The token the forms of this answer carry. */
    csrf?: string;
  }
}

/** A secret as the store keeps it: its SHA-256, so reading the store gives no one the secret. */
export const hashOf = (secret: string) => createHash('sha256').update(secret).digest('base64url');
const newSecret = () => randomBytes(32).toString('base64url');

function cookies(req: Request): Record<string, string> {
  const found: Record<string, string> = {};
  for (const part of (req.get('cookie') ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0) found[part.slice(0, at).trim()] = decodeURIComponent(part.slice(at + 1).trim());
  }
  return found;
}

const LOCALHOST = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

/**
 * Over HTTPS, or on any host but this machine's (behind a TLS proxy not named in TRUST_PROXY,
 * a request looks like plain HTTP), cookies are `Secure` and `__Host-` named, so no plain-HTTP
 * page or other subdomain can set or read them. Plain HTTP on localhost is development.
 */
const secureCookies = (req: Request) => req.secure || !LOCALHOST.has(req.hostname);
const cookieName = (req: Request, name: string) => (secureCookies(req) ? `__Host-${name}` : name);
const cookieOptions = (req: Request) => ({ httpOnly: true, sameSite: 'lax' as const, secure: secureCookies(req), path: '/' });

/** Whether `sent` is `expected`, in constant time. */
const sameToken = (sent: unknown, expected: string) =>
  typeof sent === 'string' &&
  sent.length === expected.length &&
  sent.length > 0 &&
  timingSafeEqual(Buffer.from(sent), Buffer.from(expected));

export class Sessions {
  private sweptAt = 0;

  constructor(
    private readonly db: Connection,
    /** How many unfinished forms a session keeps (cap `draftsPerSession`). */
    readonly draftsCap: number,
  ) {}

  /**
   * Deletes sessions past their end, at most once an hour per process, when a session starts:
   * one filtered delete instead of a TTL index, which FerretDB 1.x refuses (FerretDB#2415).
   */
  private async sweepExpired(now: Date) {
    if (now.getTime() - this.sweptAt < 3_600_000) return;
    this.sweptAt = now.getTime();
    await deleteExpiredSessions(this.db, now);
  }

  /** Reads the session of the request's cookie into `res.locals.session`, and the forms' CSRF token. */
  load(): RequestHandler {
    return async (req, res, next) => {
      try {
        const secret = cookies(req)[cookieName(req, SESSION_COOKIE)];
        const stored = secret ? await sessionModel(this.db).findById(hashOf(secret)).lean() : null;
        if (stored && Date.parse(stored.expiresAt) > Date.now()) {
          res.locals.session = {
            id: stored._id,
            principal: stored.principal,
            csrf: stored.csrf,
            drafts: stored.drafts ?? {},
            via: stored.via,
            ...(stored.idToken ? { idToken: stored.idToken } : {}),
          };
          res.locals.csrf = stored.csrf;
        } else {
          let anonymous = cookies(req)[cookieName(req, ANONYMOUS_COOKIE)];
          if (!anonymous) {
            anonymous = newSecret();
            res.cookie(cookieName(req, ANONYMOUS_COOKIE), anonymous, cookieOptions(req));
          }
          res.locals.csrf = anonymous;
        }
        next();
      } catch (error) {
        next(error);
      }
    };
  }

  /**
   * Refuses a form POST whose `_csrf` field is not this session's token (or, before sign-in, the
   * anonymous cookie's), and one sent from another origin. An upload form's body is streamed
   * to the store, not read here: its token is its first field, which the upload's reader
   * checks before it takes the file (api/uploads.ts), so the token never travels in a URL.
   */
  protect(): RequestHandler {
    return (req: Request, res: Response, next: NextFunction) => {
      if (req.method !== 'POST') return next();
      // Under `Referrer-Policy: no-referrer` a browser posts forms with `Origin: null`; its
      // `Sec-Fetch-Site` still says whether the form came from this site.
      const site = req.get('sec-fetch-site');
      const origin = req.get('origin');
      const sameOrigin = site
        ? site === 'same-origin'
        : !origin || (URL.canParse(origin) && new URL(origin).host === req.get('host'));
      const expected = res.locals.csrf ?? '';
      if (sameOrigin && req.is('multipart/form-data') && uploadOf(req.method, req.path)) {
        requireFormToken(req, (sent) => {
          if (!sameToken(sent, expected)) throw new ForbiddenForm();
        });
        return next();
      }
      if (sameOrigin && sameToken(req.body?._csrf, expected)) return next();
      res.status(403);
      next(new ForbiddenForm());
    };
  }

  async start(
    req: Request,
    res: Response,
    principal: Principal,
    via: StoredSession['via'],
    options: { expiresAt?: Date; idToken?: string } = {},
  ) {
    const secret = newSecret();
    const now = new Date();
    const latest = new Date(now.getTime() + SESSION_HOURS * 3_600_000);
    const expiresAt = options.expiresAt && options.expiresAt < latest ? options.expiresAt : latest;
    await sessionModel(this.db).create({
      _id: hashOf(secret),
      principal,
      csrf: newSecret(),
      via,
      createdAt: now.toISOString(),
      expiresAt: expiresAt.toISOString(),
      ...(options.idToken ? { idToken: options.idToken } : {}),
    });
    await this.sweepExpired(now);
    res.cookie(cookieName(req, SESSION_COOKIE), secret, { ...cookieOptions(req), expires: expiresAt });
    res.clearCookie(cookieName(req, ANONYMOUS_COOKIE), cookieOptions(req));
  }

  async end(req: Request, res: Response) {
    const session = res.locals.session;
    if (session) await sessionModel(this.db).deleteOne({ _id: session.id });
    res.clearCookie(cookieName(req, SESSION_COOKIE), cookieOptions(req));
  }

  /** Whether the session keeps a draft `name`: one it has, or a new one below the cap. */
  takesDraft(session: PageSession, name: string): boolean {
    return name in session.drafts || Object.keys(session.drafts).length < this.draftsCap;
  }

  /**
   * Keeps an unfinished form in the session, or forgets it (`undefined`). A session keeps at
   * most `draftsCap`: one more is refused (409, `TooManyDrafts`).
   */
  async saveDraft(session: PageSession, name: string, value: unknown) {
    if (value !== undefined && !this.takesDraft(session, name)) throw new TooManyDrafts(this.draftsCap);
    const update = value === undefined ? { $unset: { [`drafts.${name}`]: '' } } : { $set: { [`drafts.${name}`]: value } };
    await sessionModel(this.db).updateOne({ _id: session.id }, update);
    if (value === undefined) delete session.drafts[name];
    else session.drafts[name] = value;
  }
}

/** A form posted without this session's token, or from another site. */
export class ForbiddenForm extends Error {}

/** A further unfinished form in a session that keeps its cap of drafts already (answered 409). */
export class TooManyDrafts extends Error {
  constructor(readonly limit: number) {
    super(`Cap reached: draftsPerSession allows at most ${limit}`);
  }
}
