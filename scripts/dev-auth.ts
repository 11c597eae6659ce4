import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { type Principal, signToken } from '../platform/auth';

// Local development only: an HS256 secret kept in DATA_DIR, and tokens signed with it.

export const dataDirOf = (env: NodeJS.ProcessEnv = process.env) =>
  path.resolve(env.DATA_DIR ?? path.join(__dirname, '..', '.data'));

/** AUTH_JWT_SECRET, or the development secret in DATA_DIR, generated on first use. */
export function developmentSecret(dataDir: string): string {
  if (process.env.AUTH_JWT_SECRET) return process.env.AUTH_JWT_SECRET;
  const file = path.join(dataDir, 'dev-jwt-secret');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(dataDir, { recursive: true });
    fs.writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600 });
  }
  return fs.readFileSync(file, 'utf8').trim();
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
