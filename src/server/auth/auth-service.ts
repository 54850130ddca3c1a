import {
  hashPassword,
  LoginRateLimiter,
  SessionIssuer,
  verifyPassword,
  type IssuedToken,
  type LoginRateLimitOptions,
  type ScryptParams,
  type TokenClaims,
  type TokenStore,
} from '../../api/index.js';
import { UnauthenticatedError, UnavailableError } from '../../service/index.js';
import type { SettingsStore, LocalAccount } from '../settings/index.js';
import type { Principal } from './principal.js';

const INVALID_LOGIN = 'invalid username or password';

export interface AuthServiceOptions {
  readonly loginRateLimit?: LoginRateLimitOptions;
  readonly hashParams?: ScryptParams;
}

/**
 * Who is calling: verifies session and API tokens against the current
 * settings (signing key, revoked sessions, API token registry, disabled
 * accounts, password changes) and runs password logins.
 */
export class AuthService implements TokenStore {
  readonly rateLimiter: LoginRateLimiter;
  private issuerCache: { key: Uint8Array; issuer: SessionIssuer } | undefined;
  private dummyHash: Promise<string> | undefined;

  constructor(
    private readonly store: SettingsStore,
    readonly options: AuthServiceOptions = {},
  ) {
    this.rateLimiter = new LoginRateLimiter(options.loginRateLimit);
  }

  /** The issuer for the current signing key (a rotated key invalidates every token). */
  get issuer(): SessionIssuer {
    const key = this.store.settings.signingKey;
    if (!key) throw new UnavailableError('the server has no signing key yet (keelson-secret)');
    if (this.issuerCache?.key !== key)
      this.issuerCache = { key, issuer: new SessionIssuer({ key, tokenStore: this }) };
    return this.issuerCache.issuer;
  }

  /** TokenStore: logged-out sessions, deleted API tokens, sessions older than a password change. */
  isRevoked(jti: string, claims: TokenClaims): boolean {
    const settings = this.store.settings;
    const account = settings.accounts.get(claims.sub);
    if (claims.kind === 'api') return !account?.tokens.some((t) => t.id === jti);
    if (settings.revokedSessions.has(jti)) return true;
    return account?.passwordChangedAt !== undefined && claims.iat < account.passwordChangedAt;
  }

  /** Verifies a token; throws an AuthError (401) or {@link UnauthenticatedError}. */
  async authenticate(token: string, fromCookie: boolean): Promise<Principal> {
    const claims = await this.issuer.verify(token);
    const account = this.store.settings.accounts.get(claims.sub);
    if (account && !account.enabled)
      throw new UnauthenticatedError(`account "${account.name}" is disabled`);
    return {
      username: claims.sub,
      groups: claims.groups,
      via: claims.kind === 'api' ? 'token' : account ? 'local' : 'sso',
      jti: claims.jti,
      kind: claims.kind,
      ...(claims.exp !== undefined ? { exp: claims.exp } : {}),
      fromCookie,
    };
  }

  /**
   * A password login. Rate-limited before the password is checked; an
   * unknown user costs as much time as a known one, and every failure gets
   * the same message, so neither reveals which accounts exist.
   */
  async login(username: string, password: string, clientIp: string): Promise<IssuedToken> {
    const attempt = { username, clientIp };
    this.rateLimiter.assertAllowed(attempt);
    const account = this.store.settings.accounts.get(username);
    const ok = await this.checkPassword(account, password);
    if (!ok || !account || !account.enabled || !account.capabilities.includes('login')) {
      this.rateLimiter.recordFailure(attempt);
      throw new UnauthenticatedError(INVALID_LOGIN);
    }
    this.rateLimiter.recordSuccess(attempt);
    return this.issuer.issueSession({ username });
  }

  /** True when `password` is the account's password (constant work for unknown accounts). */
  async checkPassword(account: LocalAccount | undefined, password: string): Promise<boolean> {
    if (account?.passwordHash) return verifyPassword(password, account.passwordHash);
    this.dummyHash ??= hashPassword('keelson-no-such-account', this.options.hashParams);
    await verifyPassword(password, await this.dummyHash);
    return false;
  }
}
