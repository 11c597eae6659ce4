import type { Connection } from 'mongoose';
import { storedModel } from './stored-model';

// Sign-ins under way at the OpenID Connect provider: what the callback must check (PKCE verifier,
// nonce) stays on the server. The `_id` is a hash of the `state` the provider sends back, and
// `browser` a hash of the anonymous cookie of the browser that started it, so that a callback
// URL from one browser cannot sign in another.

export interface StoredOidcLogin {
  browser: string;
  codeVerifier: string;
  nonce: string;
  /** The redirect URI sent to the provider; the code exchange must send the same. */
  redirectUrl: string;
  /** Where the person goes once signed in (a local path). */
  back: string;
  expiresAt: string;
}

export function oidcLoginModel(connection: Connection) {
  return storedModel<StoredOidcLogin>(connection, 'oidc_logins', [[{ expiresAt: 1 }]]);
}
