/** `iss` of every token Keelson signs. */
export const TOKEN_ISSUER = 'keelson';

/**
 * What a token is for. A `session` comes from a login and expires within
 * hours; an `api` token is created for CI, is long-lived and is meant to be
 * revoked when no longer needed.
 */
export type TokenKind = 'session' | 'api';

/** The claims of a verified Keelson token. */
export interface TokenClaims {
  /** The username: a local account, or the identity an SSO login mapped to. */
  readonly sub: string;
  readonly iss: typeof TOKEN_ISSUER;
  /** Issued at, seconds since the epoch. */
  readonly iat: number;
  /** Expiry, seconds since the epoch; absent for an API token created to never expire. */
  readonly exp?: number;
  /** Unique id of the token: what revocation and the audit log refer to. */
  readonly jti: string;
  /** Groups the subject belonged to at login (from the identity provider); RBAC matches them. */
  readonly groups: readonly string[];
  readonly kind: TokenKind;
}

/**
 * Where revocations are recorded (later: a Secret or the account's list of
 * tokens). Asked on every verification, so it should answer from memory.
 * `claims` lets a store also revoke by subject and issue time, e.g. every
 * session of a user issued before their password changed.
 */
export interface TokenStore {
  isRevoked(jti: string, claims: TokenClaims): boolean | Promise<boolean>;
}

/** A signed token and its claims. */
export interface IssuedToken {
  /** The compact JWS. A secret: never log it. */
  readonly token: string;
  readonly claims: TokenClaims;
}
