import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { type Principal, signToken } from '../platform/auth';

// Local development only: an HS256 secret and a payload key kept in DATA_DIR, and tokens signed
// with the secret.

export const dataDirOf = (env: NodeJS.ProcessEnv = process.env) =>
  path.resolve(env.DATA_DIR ?? path.join(__dirname, '..', '.data'));

/** A secret kept in DATA_DIR under `name`, made of 32 random bytes on first use. */
function keptSecret(dataDir: string, name: string, encoding: BufferEncoding): string {
  const file = path.join(dataDir, name);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(dataDir, { recursive: true });
    fs.writeFileSync(file, randomBytes(32).toString(encoding), { mode: 0o600 });
  }
  return fs.readFileSync(file, 'utf8').trim();
}

/** AUTH_JWT_SECRET, or the development secret in DATA_DIR, generated on first use. */
export function developmentSecret(dataDir: string): string {
  return process.env.AUTH_JWT_SECRET || keptSecret(dataDir, 'dev-jwt-secret', 'hex');
}

/**
 * PAYLOAD_ENCRYPTION_KEY, or the development key in DATA_DIR (32 random bytes in base64),
 * generated on first use: the key of the workers and API processes `npm start` runs, and of
 * the command-line tools that talk to their Temporal.
 */
export function developmentPayloadKey(dataDir: string, env: NodeJS.ProcessEnv = process.env): string {
  return env.PAYLOAD_ENCRYPTION_KEY || keptSecret(dataDir, 'dev-payload-key', 'base64');
}

export const SAMPLE_PRINCIPALS: Principal[] = [
  { sub: 'dev-admin', role: 'admin' },
  { sub: 'dev-company', role: 'company', enterpriseNumber: '0403170701' },
  { sub: 'dev-reviewer-bouw', role: 'reviewer', partnershipId: 'bouw' },
  { sub: 'dev-coordinator-bouw', role: 'coordinator', partnershipId: 'bouw' },
  { sub: 'dev-school', role: 'school', schoolId: 'school-1' },
];

export async function developmentTokens(secret: string): Promise<Array<{ principal: Principal; token: string }>> {
  return Promise.all(
    SAMPLE_PRINCIPALS.map(async (principal) => ({ principal, token: await signToken(secret, principal, '30d') })),
  );
}
