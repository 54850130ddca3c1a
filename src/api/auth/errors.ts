import { KeelsonError } from '../../core/index.js';

/**
 * Base class of authentication failures. `status` is the HTTP status the API
 * server answers with. Messages never contain a password, token or secret.
 */
export class AuthError extends KeelsonError {
  constructor(
    message: string,
    readonly status: number,
    options?: { readonly cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A token is malformed, signed with another key or algorithm, or issued by someone else. */
export class InvalidTokenError extends AuthError {
  constructor(reason: string, options?: { readonly cause?: unknown }) {
    super(`token is invalid: ${reason}`, 401, options);
  }
}

/** A token was valid but its `exp` has passed. */
export class TokenExpiredError extends AuthError {
  constructor(
    readonly expiredAt: Date,
    options?: { readonly cause?: unknown },
  ) {
    super(`token expired at ${expiredAt.toISOString()}`, 401, options);
  }
}

/** A token was revoked (an API token deleted, a session logged out). */
export class TokenRevokedError extends AuthError {
  constructor(readonly jti: string) {
    super(`token ${jti} has been revoked`, 401);
  }
}

/** Too many failed logins for a user or from a client; `retryAfterMs` says when to try again. */
export class LoginRateLimitedError extends AuthError {
  constructor(
    readonly retryAfterMs: number,
    readonly limitedBy: 'user' | 'client',
  ) {
    super(
      `too many failed logins ${limitedBy === 'user' ? 'for this user' : 'from this client'}; retry in ${Math.ceil(retryAfterMs / 1000)} s`,
      429,
    );
  }
}

/** A stored password hash cannot be read: corrupted, or written with unsupported parameters. */
export class PasswordHashFormatError extends AuthError {
  constructor(reason: string) {
    super(`stored password hash is unusable: ${reason}`, 500);
  }
}

/** Single sign-on failed: discovery, the authorization response, the code exchange, or the claims. */
export class OidcError extends AuthError {
  constructor(
    readonly issuer: string,
    reason: string,
    status: number,
    options?: { readonly cause?: unknown },
  ) {
    super(`OIDC login with ${issuer}: ${reason}`, status, options);
  }
}
