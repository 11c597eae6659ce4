import { type JWTPayload, SignJWT, createRemoteJWKSet, jwtVerify } from 'jose';
import { z } from 'zod';

// Bearer tokens per the contract: `sub`, `role`, and the tenant claim of the role. HS256 with a
// shared secret in development; the keys of an OpenID Connect provider (JWKS) in production.

export const ROLES = ['company', 'reviewer', 'school', 'admin', 'coordinator'] as const;
export type Role = (typeof ROLES)[number];

/**
 * The roles that act for one partnership (`partnershipId`): its reviewers, and its coordinator
 * (the partnership's quality lead), who may do all a reviewer may and change its policy.
 */
export const PARTNERSHIP_ROLES = ['reviewer', 'coordinator'] as const;

/** Who may consult the register: schools, the partnerships and an admin. */
export const REGISTER_ROLES: readonly Role[] = ['school', ...PARTNERSHIP_ROLES, 'admin'];

/** Who may report an incident about a recognised workplace: schools and the partnerships. */
export const INCIDENT_ROLES: readonly Role[] = ['school', ...PARTNERSHIP_ROLES];

export const principalSchema = z.discriminatedUnion('role', [
  z.object({ sub: z.string().min(1), role: z.literal('company'), enterpriseNumber: z.string().regex(/^[01]\d{9}$/) }),
  z.object({ sub: z.string().min(1), role: z.literal('reviewer'), partnershipId: z.string().min(1) }),
  z.object({ sub: z.string().min(1), role: z.literal('school'), schoolId: z.string().min(1) }),
  z.object({ sub: z.string().min(1), role: z.literal('admin') }),
  z.object({ sub: z.string().min(1), role: z.literal('coordinator'), partnershipId: z.string().min(1) }),
]);

export type Principal = z.infer<typeof principalSchema>;

/** The partnership a reviewer or coordinator acts for; undefined for the other roles. */
export function partnershipOf(principal: Principal): string | undefined {
  return 'partnershipId' in principal ? principal.partnershipId : undefined;
}

export interface AuthSettings {
  jwtSecret?: string;
  jwksUrl?: string;
  issuer?: string;
  audience?: string;
  /** The algorithms a provider's (JWKS) tokens may be signed with. */
  algorithms?: string[];
}

export type TokenVerifier = (token: string) => Promise<Principal>;

export class InvalidToken extends Error {}

const MAX_CACHED_TOKENS = 10_000;

export function createTokenVerifier(settings: AuthSettings): TokenVerifier {
  // A token without `exp` would never expire: the contract requires it, so it is refused.
  const options = { issuer: settings.issuer, audience: settings.audience, requiredClaims: ['exp'] };
  let verify: (token: string) => Promise<JWTPayload>;
  if (settings.jwksUrl) {
    // A provider signs tokens for many clients: only those issued by it for this API, signed
    // as it signs them, are this API's (a role claim meant for another client is not).
    if (!settings.issuer || !settings.audience || !settings.algorithms?.length) {
      throw new Error('set AUTH_ISSUER, AUTH_AUDIENCE and AUTH_ALGORITHMS with AUTH_JWKS_URL');
    }
    const keys = createRemoteJWKSet(new URL(settings.jwksUrl));
    const pinned = { ...options, algorithms: settings.algorithms };
    verify = async (token) => (await jwtVerify(token, keys, pinned)).payload;
  } else if (settings.jwtSecret) {
    const secret = new TextEncoder().encode(settings.jwtSecret);
    verify = async (token) => (await jwtVerify(token, secret, { ...options, algorithms: ['HS256'] })).payload;
  } else {
    throw new Error('set AUTH_JWT_SECRET or AUTH_JWKS_URL to verify bearer tokens');
  }
  // A client sends the same token with every request: a verified one is kept until it expires
  // (at most a minute, so a rotated key takes effect soon), sparing a signature check per request.
  const verified = new Map<string, { principal: Principal; until: number }>();
  return async (token) => {
    const now = Date.now();
    const known = verified.get(token);
    if (known && known.until > now) return known.principal;
    let payload: JWTPayload;
    try {
      payload = await verify(token);
    } catch (error) {
      throw new InvalidToken((error as Error).message);
    }
    const principal = principalSchema.safeParse(payload);
    if (!principal.success) {
      throw new InvalidToken(`token claims: ${principal.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
    }
    // Full: the one kept longest goes, not all (every client would pay a signature check at once).
    verified.delete(token);
    if (verified.size >= MAX_CACHED_TOKENS) verified.delete(verified.keys().next().value!);
    verified.set(token, { principal: principal.data, until: Math.min(now + 60_000, payload.exp! * 1000) });
    return principal.data;
  };
}

/** An HS256 token for local use and tests (`npm run token`). */
export async function signToken(secret: string, principal: Principal, expiresIn = '12h', settings: AuthSettings = {}) {
  let jwt = new SignJWT({ ...principal }).setProtectedHeader({ alg: 'HS256' }).setIssuedAt().setExpirationTime(expiresIn);
  if (settings.issuer) jwt = jwt.setIssuer(settings.issuer);
  if (settings.audience) jwt = jwt.setAudience(settings.audience);
  return jwt.sign(new TextEncoder().encode(secret));
}
