import type { Subject } from '../../api/index.js';

/** How the caller proved who they are. */
export type AuthMethod = 'local' | 'sso' | 'token';

/** An authenticated caller, as every route sees them. */
export interface Principal extends Subject {
  readonly via: AuthMethod;
  /** The token's id: what logout revokes and the audit log can refer to. */
  readonly jti: string;
  readonly kind: 'session' | 'api';
  /** Expiry of the token, seconds since the epoch. */
  readonly exp?: number;
  /** The token came from the `keelson.token` cookie, not an Authorization header (CSRF rules apply). */
  readonly fromCookie: boolean;
}

/** The cookie the web UI's session token travels in. */
export const TOKEN_COOKIE = 'keelson.token';
