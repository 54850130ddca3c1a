import { randomBytes, randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { systemClock, type Clock } from './clock.js';
import {
  TOKEN_ISSUER,
  type IssuedToken,
  type TokenClaims,
  type TokenKind,
  type TokenStore,
} from './tokens.js';
import { verifyToken } from './verify-token.js';

export interface SessionIssuerOptions {
  /** The HMAC key (HS256), at least 32 bytes; kept in a Secret by the server. */
  readonly key: Uint8Array;
  /** Consulted on every verification; without one nothing is ever revoked. */
  readonly tokenStore?: TokenStore;
  /** Lifetime of a login session; default 24 hours. */
  readonly sessionTtlSeconds?: number;
  readonly clock?: Clock;
}

export interface SessionRequest {
  readonly username: string;
  readonly groups?: readonly string[];
}

export interface ApiTokenRequest extends SessionRequest {
  /** The token id; a random UUID by default. */
  readonly id?: string;
  /** Seconds until expiry, or `never` for a token that lives until revoked (as Argo CD allows). */
  readonly expiresInSeconds: number | 'never';
}

const MIN_KEY_BYTES = 32;
const DEFAULT_SESSION_TTL_SECONDS = 24 * 60 * 60;

/** A fresh random signing key of the right size for {@link SessionIssuer}. */
export function generateSigningKey(): Uint8Array {
  return new Uint8Array(randomBytes(MIN_KEY_BYTES));
}

/**
 * Signs and verifies Keelson's JWTs: login sessions and API tokens. Both are
 * HS256 JWTs with `sub`, `iss: keelson`, `iat`, `exp`, `jti`, `groups` and
 * `kind`; only HS256 is accepted back, so a token cannot choose a weaker
 * algorithm (or `none`).
 */
export class SessionIssuer {
  private readonly key: Uint8Array;
  private readonly clock: Clock;
  private readonly sessionTtlSeconds: number;

  constructor(private readonly options: SessionIssuerOptions) {
    if (options.key.byteLength < MIN_KEY_BYTES)
      throw new RangeError(`the session signing key must be at least ${MIN_KEY_BYTES} bytes`);
    this.key = options.key;
    this.clock = options.clock ?? systemClock;
    this.sessionTtlSeconds = options.sessionTtlSeconds ?? DEFAULT_SESSION_TTL_SECONDS;
  }

  /** A session for someone who just logged in. */
  issueSession(request: SessionRequest): Promise<IssuedToken> {
    return this.sign('session', request, randomUUID(), this.sessionTtlSeconds);
  }

  /** A long-lived API token (for CI), revocable by its `jti`. */
  issueApiToken(request: ApiTokenRequest): Promise<IssuedToken> {
    const ttl = request.expiresInSeconds === 'never' ? undefined : request.expiresInSeconds;
    return this.sign('api', request, request.id ?? randomUUID(), ttl);
  }

  /**
   * Checks signature, issuer, expiry and revocation and returns the claims.
   * Throws `InvalidTokenError`, `TokenExpiredError` or `TokenRevokedError`.
   */
  verify(token: string): Promise<TokenClaims> {
    return verifyToken(token, this.key, this.clock(), this.options.tokenStore);
  }

  private async sign(
    kind: TokenKind,
    request: SessionRequest,
    jti: string,
    ttlSeconds: number | undefined,
  ): Promise<IssuedToken> {
    if (request.username === '') throw new RangeError('a token needs a username');
    if (ttlSeconds !== undefined && !(Number.isInteger(ttlSeconds) && ttlSeconds > 0))
      throw new RangeError(
        `token lifetime must be a positive number of seconds, not ${ttlSeconds}`,
      );
    const iat = Math.floor(this.clock() / 1000);
    const claims: TokenClaims = {
      sub: request.username,
      iss: TOKEN_ISSUER,
      iat,
      ...(ttlSeconds !== undefined ? { exp: iat + ttlSeconds } : {}),
      jti,
      groups: [...(request.groups ?? [])],
      kind,
    };
    const jwt = new SignJWT({ groups: claims.groups, kind })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(claims.sub)
      .setIssuer(TOKEN_ISSUER)
      .setIssuedAt(iat)
      .setJti(jti);
    if (claims.exp !== undefined) jwt.setExpirationTime(claims.exp);
    return { token: await jwt.sign(this.key), claims };
  }
}
