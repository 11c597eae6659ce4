import { isIP } from 'node:net';
import { z } from 'zod';
import { payloadKeysSchema } from './payload-codec';

const count = z.coerce.number().int().min(1);

/** Signature algorithms an identity provider's keys (JWKS) may be used with: asymmetric only. */
export const JWKS_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

/**
 * TRUST_PROXY: which proxies' X-Forwarded-* headers tell the client's address and scheme; a hop
 * count, or addresses and subnets (as Express's `trust proxy` takes them). Never `true`: a
 * client reaching the API directly could then claim any address and escape its rate limit.
 */
const trustProxy = z
  .string()
  .trim()
  .default('false')
  .transform((value, ctx): false | number | string[] => {
    if (value === 'false' || value === '') return false;
    if (/^\d+$/.test(value)) return Number(value);
    const proxies = value.split(',').map((part) => part.trim());
    const named = ['loopback', 'linklocal', 'uniquelocal'];
    const valid = (proxy: string) => {
      const [address, prefix, ...rest] = proxy.split('/');
      const version = isIP(address ?? '');
      const bits = version === 4 ? 32 : 128;
      return rest.length === 0 && version > 0 && (prefix === undefined || (/^\d+$/.test(prefix) && Number(prefix) <= bits));
    };
    const wrong = proxies.filter((proxy) => !named.includes(proxy) && !valid(proxy));
    if (wrong.length === 0) return proxies;
    ctx.addIssue({
      code: 'custom',
      message: `set the number of proxies in front of the API (1 for one load balancer) or their addresses, comma-separated (10.0.0.5, 10.0.0.0/8, loopback); not ${wrong.join(', ')}`,
    });
    return z.NEVER;
  })
  .describe('unset: no proxy, the connection itself says the address and scheme');

/** The environment of the contract, parsed once; every process reads its settings here. */
const environment = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  MONGODB_URI: z.string().min(1, 'MONGODB_URI is required (npm start sets it for the embedded store)'),
  TEMPORAL_ADDRESS: z.string().min(1, 'TEMPORAL_ADDRESS is required (npm start sets it for the embedded server)'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('erkend'),
  AUTH_JWT_SECRET: z.string().min(32, 'use at least 32 characters').optional(),
  AUTH_JWKS_URL: z.string().url().optional(),
  AUTH_ISSUER: z.string().optional(),
  AUTH_AUDIENCE: z.string().optional(),
  AUTH_ALGORITHMS: z
    .string()
    .default('RS256')
    .transform((value) => value.split(',').map((part) => part.trim()))
    .refine((list) => list.every((alg) => JWKS_ALGORITHMS.includes(alg)), {
      message: `list the provider's signature algorithms, comma-separated, from ${JWKS_ALGORITHMS.join(', ')}`,
    })
    .describe('the algorithms tokens verified with AUTH_JWKS_URL may be signed with'),
  NODE_ENV: z.string().optional(),
  TRUST_PROXY: trustProxy,
  WEBHOOK_ALLOW_PRIVATE: z
    .enum(['true', 'false'])
    .default('false')
    .transform((value) => value === 'true'),
  DEV_SIGN_IN: z
    .enum(['true', 'false'])
    .default('false')
    .transform((value) => value === 'true')
    .describe('offer development identities on the sign-in page (npm start sets it with its development secret)'),
  // Sign-in to the pages at an OpenID Connect provider (all three, or none).
  OIDC_ISSUER: z.string().url().optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  OIDC_REDIRECT_URL: z.string().url().optional().describe('unset: <origin of the request>/aanmelden/terug'),
  OIDC_SCOPES: z.string().min(1).default('openid'),
  OIDC_PROVIDER_NAME: z.string().min(1).optional().describe('the name on the sign-in button; unset: the issuer host'),
  PUBLIC_URL: z
    .string()
    .url()
    .optional()
    .describe('the address people reach the pages at, for links outside them (a certificate); unset: the request’s host'),
  SMTP_URL: z.string().url().optional().describe('unset: notifications go to the outbox collection only'),
  MAIL_FROM: z.string().default('Erkend <no-reply@erkend.local>'),
  LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
  // Limits of one API process (defaults in api/limits.ts); benchmarks raise the rate limits.
  RATE_LIMIT_PER_MINUTE: count.optional(),
  RATE_LIMIT_WRITES_PER_MINUTE: count.optional(),
  RATE_LIMIT_SEARCHES_PER_MINUTE: count.optional(),
  RATE_LIMIT_PAGES_PER_ADDRESS_PER_MINUTE: count.optional(),
  RATE_LIMIT_SIGN_INS_PER_MINUTE: count.optional(),
  RATE_LIMIT_PUBLIC_PER_MINUTE: count.optional(),
  INCIDENT_REPORTS_PER_SCHOOL_PER_DAY: count.optional(),
  // Caps per tenant (defaults in models/caps.ts).
  SUBSCRIPTIONS_PER_SCHOOL: count.optional(),
  MANDATES_PER_COMPANY: count.optional(),
  ACTIVE_PLACEMENTS_PER_SCHOOL: count.optional(),
  SEARCHING_LEARNERS_PER_SCHOOL: count.optional(),
  UPLOADS_PER_DOSSIER: count.optional(),
  DRAFTS_PER_SESSION: count.optional(),
  API_TEMPORAL_DEADLINE_MS: count.optional(),
  API_TEMPORAL_CONCURRENCY: count.optional(),
  API_TEMPORAL_QUEUE: z.coerce.number().int().min(0).optional(),
  METRICS_TOKEN: z
    .string()
    .min(16, 'use at least 16 characters')
    .optional()
    .describe('a bearer token that may read GET /metrics; unset: only an admin token may'),
  WORKER_METRICS_PORT: z.coerce
    .number()
    .int()
    .min(0)
    .max(65535)
    .optional()
    .describe('the worker serves GET /metrics on this port, for METRICS_TOKEN; unset: no worker metrics'),
  WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(2).optional(),
  PAYLOAD_ENCRYPTION_KEY: payloadKeysSchema
    .optional()
    .describe('the keys Temporal payloads are encrypted with, the current first; unset: in clear (development only)'),
});

const complete = environment
  .refine((env) => [env.OIDC_ISSUER, env.OIDC_CLIENT_ID, env.OIDC_CLIENT_SECRET].filter(Boolean).length % 3 === 0, {
    message: 'set OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET together',
    path: ['OIDC_ISSUER'],
  })
  .refine((env) => env.WORKER_METRICS_PORT === undefined || env.METRICS_TOKEN !== undefined, {
    message: 'set METRICS_TOKEN too: the worker metrics answer only to it',
    path: ['WORKER_METRICS_PORT'],
  })
  .refine((env) => env.NODE_ENV !== 'production' || env.PAYLOAD_ENCRYPTION_KEY !== undefined, {
    message:
      'set the key Temporal payloads are encrypted with when NODE_ENV=production: 32 random bytes in base64 (openssl rand -base64 32), the same for every worker and API process',
    path: ['PAYLOAD_ENCRYPTION_KEY'],
  });

/**
 * What the API process refuses to start with: development identities where they could sign a
 * stranger in (production, or beside a real identity provider), and provider tokens it could
 * not tell from another client's of the same provider.
 */
const api = complete
  .refine((env) => !(env.DEV_SIGN_IN && env.NODE_ENV === 'production'), {
    message:
      'development identities sign anyone in without a password: set DEV_SIGN_IN=false (or unset it) when NODE_ENV=production',
    path: ['DEV_SIGN_IN'],
  })
  .refine((env) => !(env.DEV_SIGN_IN && env.OIDC_ISSUER), {
    message: 'people sign in at OIDC_ISSUER: set DEV_SIGN_IN=false (or unset it) beside an OpenID Connect provider',
    path: ['DEV_SIGN_IN'],
  })
  .refine((env) => !(env.DEV_SIGN_IN && env.AUTH_JWKS_URL), {
    message: 'tokens come from the provider of AUTH_JWKS_URL: set DEV_SIGN_IN=false (or unset it) beside it',
    path: ['DEV_SIGN_IN'],
  })
  .refine((env) => !env.AUTH_JWKS_URL || env.AUTH_ISSUER, {
    message: "set AUTH_ISSUER to the provider's issuer (the tokens' `iss`) with AUTH_JWKS_URL",
    path: ['AUTH_ISSUER'],
  })
  .refine((env) => !env.AUTH_JWKS_URL || env.AUTH_AUDIENCE, {
    message: "set AUTH_AUDIENCE to this API's audience (the tokens' `aud`) with AUTH_JWKS_URL",
    path: ['AUTH_AUDIENCE'],
  });

export type Config = z.infer<typeof environment>;

/** The environment of any process; the API's start-up adds its own refusals (`loadApiConfig`). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return parse(complete, env);
}

/** The environment of an API process, refused with what to set when it could let strangers in. */
export function loadApiConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return parse(api, env);
}

function parse(schema: typeof complete, env: NodeJS.ProcessEnv): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid environment:\n  ${problems.join('\n  ')}`);
  }
  return parsed.data;
}
