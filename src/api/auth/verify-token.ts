import { errors, jwtVerify, type JWTPayload } from 'jose';
import { InvalidTokenError, TokenExpiredError, TokenRevokedError } from './errors.js';
import { TOKEN_ISSUER, type TokenClaims, type TokenStore } from './tokens.js';

/** Verifies a Keelson JWT at time `nowMs`; see `SessionIssuer.verify`. */
export async function verifyToken(
  token: string,
  key: Uint8Array,
  nowMs: number,
  store: TokenStore | undefined,
): Promise<TokenClaims> {
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, key, {
      issuer: TOKEN_ISSUER,
      algorithms: ['HS256'],
      currentDate: new Date(nowMs),
      requiredClaims: ['sub', 'iat', 'jti'],
    }));
  } catch (err) {
    throw translate(err);
  }
  const claims = toClaims(payload);
  if (await store?.isRevoked(claims.jti, claims)) throw new TokenRevokedError(claims.jti);
  return claims;
}

// jose's messages name the failed check, never the token, so they can be passed on.
function translate(err: unknown): Error {
  if (err instanceof errors.JWTExpired) {
    const exp = typeof err.payload.exp === 'number' ? err.payload.exp : 0;
    return new TokenExpiredError(new Date(exp * 1000), { cause: err });
  }
  if (err instanceof errors.JOSEError) return new InvalidTokenError(err.message, { cause: err });
  return new InvalidTokenError('cannot be read', { cause: err });
}

function toClaims(payload: JWTPayload): TokenClaims {
  const { sub, iat, exp, jti } = payload;
  const groups: unknown = payload['groups'];
  const kind: unknown = payload['kind'];
  if (typeof sub !== 'string' || sub === '') throw new InvalidTokenError('"sub" is empty');
  if (typeof jti !== 'string' || jti === '') throw new InvalidTokenError('"jti" is empty');
  if (typeof iat !== 'number') throw new InvalidTokenError('"iat" is not a number');
  if (!Array.isArray(groups) || !groups.every((g): g is string => typeof g === 'string'))
    throw new InvalidTokenError('"groups" is not a list of strings');
  if (kind !== 'session' && kind !== 'api')
    throw new InvalidTokenError('"kind" is not session or api');
  // A session must expire; only an API token may be created without expiry.
  if (exp === undefined && kind === 'session')
    throw new InvalidTokenError('a session has no "exp"');
  return {
    sub,
    iss: TOKEN_ISSUER,
    iat,
    ...(exp !== undefined ? { exp } : {}),
    jti,
    groups,
    kind,
  };
}
