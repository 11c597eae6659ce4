import { createHash } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import { type Caps, DEFAULT_CAPS } from '../models/caps';
import { refusal } from '../models/problem-codes';
import type { Config } from '../platform/config';
import { Problem } from './problem';
import type { TemporalLimits } from './temporal-calls';

// What one API process takes from one caller and in all, so that a burst or a scraper slows
// itself down (429) instead of the whole service (issue: load is shed, not queued forever).

export interface ApiLimits {
  temporal: TemporalLimits;
  /** Requests per minute per caller, any endpoint. */
  perMinute: number;
  /** Writes (POST, PUT, DELETE) per minute per caller. */
  writesPerMinute: number;
  /** Searches that scan the store (company names) per minute per caller. */
  searchesPerMinute: number;
  /** Page requests per minute from one address, all its sessions together (each session has `perMinute`). */
  pagesPerAddressPerMinute: number;
  /** Requests per minute per address to the public register (its search, page, verification and open data). */
  publicPerMinute: number;
  /** Sign-ins begun at the OpenID Connect provider per minute per address (each keeps a record ten minutes). */
  signInsPerMinute: number;
  /** Incident reports per school per day (kept in the store, across processes and restarts). */
  incidentReportsPerSchoolPerDay: number;
  /** Largest request body accepted, in bytes; a larger declared length is refused before it is read. */
  maxBodyBytes: number;
  /** What one tenant may hold of what it creates (kept in the store, across processes). */
  caps: Caps;
}

export const DEFAULT_LIMITS: ApiLimits = {
  temporal: { deadlineMs: 6_000, concurrency: 8, queue: 64 },
  perMinute: 1_200,
  writesPerMinute: 120,
  searchesPerMinute: 60,
  pagesPerAddressPerMinute: 3_000,
  publicPerMinute: 60,
  signInsPerMinute: 30,
  incidentReportsPerSchoolPerDay: 20,
  maxBodyBytes: 256 * 1024,
  caps: DEFAULT_CAPS,
};

/** The limits set in the environment, each defaulting to DEFAULT_LIMITS. */
export function limitsFrom(config: Config): ApiLimits {
  const d = DEFAULT_LIMITS;
  return {
    temporal: {
      deadlineMs: config.API_TEMPORAL_DEADLINE_MS ?? d.temporal.deadlineMs,
      concurrency: config.API_TEMPORAL_CONCURRENCY ?? d.temporal.concurrency,
      queue: config.API_TEMPORAL_QUEUE ?? d.temporal.queue,
    },
    perMinute: config.RATE_LIMIT_PER_MINUTE ?? d.perMinute,
    writesPerMinute: config.RATE_LIMIT_WRITES_PER_MINUTE ?? d.writesPerMinute,
    searchesPerMinute: config.RATE_LIMIT_SEARCHES_PER_MINUTE ?? d.searchesPerMinute,
    pagesPerAddressPerMinute: config.RATE_LIMIT_PAGES_PER_ADDRESS_PER_MINUTE ?? d.pagesPerAddressPerMinute,
    publicPerMinute: config.RATE_LIMIT_PUBLIC_PER_MINUTE ?? d.publicPerMinute,
    signInsPerMinute: config.RATE_LIMIT_SIGN_INS_PER_MINUTE ?? d.signInsPerMinute,
    incidentReportsPerSchoolPerDay: config.INCIDENT_REPORTS_PER_SCHOOL_PER_DAY ?? d.incidentReportsPerSchoolPerDay,
    maxBodyBytes: d.maxBodyBytes,
    caps: {
      subscriptionsPerSchool: config.SUBSCRIPTIONS_PER_SCHOOL ?? d.caps.subscriptionsPerSchool,
      mandatesPerCompany: config.MANDATES_PER_COMPANY ?? d.caps.mandatesPerCompany,
      activePlacementsPerSchool: config.ACTIVE_PLACEMENTS_PER_SCHOOL ?? d.caps.activePlacementsPerSchool,
      searchingLearnersPerSchool: config.SEARCHING_LEARNERS_PER_SCHOOL ?? d.caps.searchingLearnersPerSchool,
      uploadsPerDossier: config.UPLOADS_PER_DOSSIER ?? d.caps.uploadsPerDossier,
      draftsPerSession: config.DRAFTS_PER_SESSION ?? d.caps.draftsPerSession,
    },
  };
}

/**
 * The caller's address (behind a proxy named in TRUST_PROXY, the client's it forwards; an
 * IPv6 address by its /56, which one household or office holds).
 */
export const addressKey = (req: Request) => `ip:${ipKeyGenerator(req.ip ?? req.socket.remoteAddress ?? 'unknown')}`;

/**
 * The caller: the bearer token it sends (hashed, never kept as such), or its address when it
 * sends none. A forged token is refused with 401 anyway; it only spends its own quota.
 */
function callerKey(req: Request): string {
  const token = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '')?.[1];
  return token ? tokenKey(token) : addressKey(req);
}

/** The hashed keys of the tokens seen lately: a client sends the same token with every request. */
const tokenKeys = new Map<string, string>();
const MAX_TOKEN_KEYS = 10_000;

function tokenKey(token: string): string {
  let key = tokenKeys.get(token);
  if (key === undefined) {
    key = `token:${createHash('sha256').update(token).digest('base64url').slice(0, 22)}`;
    if (tokenKeys.size >= MAX_TOKEN_KEYS) tokenKeys.delete(tokenKeys.keys().next().value!);
    tokenKeys.set(token, key);
  }
  return key;
}

/**
 * A limit of `limit` requests per `windowMs` per caller (by default the API's: its bearer
 * token, else its address), answering 429 with `Retry-After`.
 */
export function perCaller(
  name: string,
  limit: number,
  windowMs = 60_000,
  skip?: (req: Request) => boolean,
  key: (req: Request, res: Response) => string = callerKey,
): RequestHandler {
  const limiter = rateLimit({
    windowMs,
    limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    identifier: name,
    keyGenerator: key,
    handler: (req, _res, next) => {
      const reset = (req as { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime?.getTime() ?? Date.now() + windowMs;
      const problem = new Problem(
        429,
        'Too Many Requests',
        `More than ${limit} ${name} requests in ${windowMs / 1000} s from this caller; slow down`,
      );
      problem.retryAfter = Math.max(1, Math.ceil((reset - Date.now()) / 1000));
      problem.reason = refusal('', 'rate-limited', problem.detail, { limit, seconds: windowMs / 1000 });
      next(problem);
    },
  });
  // A request it skips passes by before the limiter's asynchronous steps, as its `skip` would let it.
  return skip ? (req, res, next) => (skip(req) ? next() : limiter(req, res, next)) : limiter;
}

/**
 * Refuses a body whose declared length is over the limit before reading a byte of it, and
 * closes the connection, so a client that declares a huge body and sends two bytes does not
 * hold a socket.
 */
export function declaredLengthLimit(maxBytes: number): RequestHandler {
  return (req, res, next) => {
    const declared = Number(req.get('content-length') ?? 0);
    if (!(declared > maxBytes)) return next();
    res.setHeader('Connection', 'close');
    next(
      new Problem(413, 'Content Too Large', `The request body may be at most ${maxBytes} bytes; this one declares ${declared}`),
    );
  };
}
