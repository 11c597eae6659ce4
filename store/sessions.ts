import type { Connection } from 'mongoose';
import type { Principal } from '../platform/auth';
import { storedModel } from './stored-model';

// Sign-in sessions of the pages. The `_id` is a hash of the cookie's secret, so that reading the
// store does not give anyone a session; every look-up is by `_id`.

export interface StoredSession {
  principal: Principal;
  /** The token every form of this session carries (CSRF). */
  csrf: string;
  /** How the person signed in: the development picker, a bearer token, or OpenID Connect. */
  via: 'identity' | 'token' | 'oidc';
  createdAt: string;
  expiresAt: string;
  /** Unfinished forms kept between their steps (the application being written). */
  drafts?: Record<string, unknown>;
  /** The provider's ID token, to end its session too at sign-out. */
  idToken?: string;
}

export function sessionModel(connection: Connection) {
  return storedModel<StoredSession>(connection, 'sessions');
}

/** Deletes the sessions past their end, with their drafts (retention; sign-in also sweeps). */
export async function deleteExpiredSessions(db: Connection, now: Date): Promise<number> {
  return (await sessionModel(db).deleteMany({ expiresAt: { $lt: now.toISOString() } })).deletedCount;
}
