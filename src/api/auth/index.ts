/**
 * Authentication for the API server: who is calling.
 *
 * - **Local admin.** The `admin` account's password is stored only as a hash
 *   ({@link hashPassword}: scrypt, per-password random salt, parameters in the
 *   PHC string `$scrypt$ln=17,r=8,p=1$salt$hash`, constant-time
 *   {@link verifyPassword}). The initial password is `KEELSON_ADMIN_PASSWORD`
 *   when set, otherwise generated ({@link initialAdminPassword}) and kept in
 *   the Secret `keelson-initial-admin-secret` for `keelson admin initial-password`.
 * - **Logins are rate-limited** per username and per client address
 *   ({@link LoginRateLimiter}: 5 failures a minute lock the user out for 1 min,
 *   doubling up to 15 min). Check before verifying, record after.
 * - **Sessions and API tokens** are HS256 JWTs signed by {@link SessionIssuer}
 *   with claims `sub`, `iss: keelson`, `iat`, `exp`, `jti`, `groups` and
 *   `kind` (`session` | `api`). Sessions last 24 h; API tokens for CI last
 *   as long as asked (or until revoked) and are revoked by `jti` through a
 *   {@link TokenStore}. Verification failures are typed: `InvalidTokenError`,
 *   `TokenExpiredError`, `TokenRevokedError` — all 401.
 * - **Single sign-on** ({@link OidcRelyingParty}): authorization code flow with
 *   PKCE, state and nonce on `openid-client`; the ID token's `email` (by
 *   default) becomes the username and its `groups` the groups RBAC matches.
 *
 * Every error carries the HTTP `status` to answer with; no message ever
 * contains a password, token, key or client secret.
 */
export {
  hashPassword,
  verifyPassword,
  needsRehash,
  DEFAULT_SCRYPT_PARAMS,
  type ScryptParams,
} from './password-hash.js';
export {
  generatePassword,
  initialAdminPassword,
  INITIAL_ADMIN_SECRET,
  INITIAL_ADMIN_SECRET_KEY,
  ADMIN_PASSWORD_ENV,
  type InitialAdminPassword,
} from './initial-password.js';
export {
  SessionIssuer,
  generateSigningKey,
  type SessionIssuerOptions,
  type SessionRequest,
  type ApiTokenRequest,
} from './session-issuer.js';
export {
  TOKEN_ISSUER,
  type TokenClaims,
  type TokenKind,
  type TokenStore,
  type IssuedToken,
} from './tokens.js';
export {
  LoginRateLimiter,
  type LoginRateLimitOptions,
  type LoginAttempt,
  type LoginVerdict,
} from './login-rate-limiter.js';
export { OidcRelyingParty, type OidcSettings, type PendingLogin } from './oidc.js';
export { identityFromClaims, type OidcIdentity, type ClaimMapping } from './oidc-claims.js';
export {
  AuthError,
  InvalidTokenError,
  TokenExpiredError,
  TokenRevokedError,
  LoginRateLimitedError,
  PasswordHashFormatError,
  OidcError,
} from './errors.js';
export type { Clock } from './clock.js';
