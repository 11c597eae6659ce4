import { z } from 'zod';
import { payloadKeysSchema } from './payload-codec';

const count = z.coerce.number().int().min(1);

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
  NODE_ENV: z.string().optional(),
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
  SMTP_URL: z.string().url().optional().describe('unset: notifications go to the outbox collection only'),
  MAIL_FROM: z.string().default('Erkend <no-reply@erkend.local>'),
  LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
  // Limits of one API process (defaults in api/limits.ts); benchmarks raise the rate limits.
  RATE_LIMIT_PER_MINUTE: count.optional(),
  RATE_LIMIT_WRITES_PER_MINUTE: count.optional(),
  RATE_LIMIT_SEARCHES_PER_MINUTE: count.optional(),
  INCIDENT_REPORTS_PER_SCHOOL_PER_DAY: count.optional(),
  // Caps per tenant (defaults in models/caps.ts).
  SUBSCRIPTIONS_PER_SCHOOL: count.optional(),
  MANDATES_PER_COMPANY: count.optional(),
  ACTIVE_PLACEMENTS_PER_SCHOOL: count.optional(),
  UPLOADS_PER_DOSSIER: count.optional(),
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

export type Config = z.infer<typeof environment>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = complete.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid environment:\n  ${problems.join('\n  ')}`);
  }
  return parsed.data;
}
