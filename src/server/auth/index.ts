/**
 * Who is calling: token verification against the current settings
 * ({@link AuthService}), password logins, accounts and API tokens
 * ({@link AccountManager}), and OIDC single sign-on ({@link SsoService}).
 */
export { AuthService, type AuthServiceOptions } from './auth-service.js';
export { AccountManager, accountView } from './accounts.js';
export { SsoService, SSO_STATE_COOKIE, safeReturnUrl } from './sso.js';
export { TOKEN_COOKIE, type Principal, type AuthMethod } from './principal.js';
