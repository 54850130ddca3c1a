import { createHash } from 'node:crypto';
import { EncryptJWT, jwtDecrypt } from 'jose';
import {
  OidcError,
  OidcRelyingParty,
  type OidcIdentity,
  type PendingLogin,
} from '../../api/index.js';
import { InvalidRequestError, UnauthenticatedError } from '../../service/index.js';
import type { OidcConfig, SettingsStore } from '../settings/index.js';

/** The short-lived cookie that carries a login in progress (state, nonce, PKCE verifier). */
export const SSO_STATE_COOKIE = 'keelson.sso';
const STATE_TTL_SECONDS = 300;

/**
 * OIDC single sign-on for the server. What must survive the trip to the
 * identity provider (state, nonce, PKCE verifier, where to return) travels
 * in a cookie encrypted with a key derived from the server's signing key
 * (AES-256-GCM, 5 minutes), so any replica can finish a login and the
 * browser can neither read nor alter it.
 */
export class SsoService {
  private cached: { key: string; rp: Promise<OidcRelyingParty> } | undefined;

  constructor(private readonly store: SettingsStore) {}

  /** The configuration, or a 400 saying SSO is not configured. */
  config(): OidcConfig {
    const { oidc, oidcError } = this.store.settings;
    if (!oidc)
      throw new InvalidRequestError(
        oidcError ?? 'single sign-on is not configured (oidc.config in keelson-cm)',
      );
    return oidc;
  }

  async begin(
    redirectUri: string,
    returnUrl: string,
  ): Promise<{ readonly location: string; readonly cookie: string }> {
    const rp = await this.relyingParty(redirectUri);
    const { url, pending } = await rp.beginLogin();
    const cookie = await new EncryptJWT({ ...pending, returnUrl })
      .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
      .setIssuedAt()
      .setExpirationTime(`${STATE_TTL_SECONDS}s`)
      .encrypt(this.cookieKey());
    return { location: url.href, cookie };
  }

  /** Finishes the login; returns who it was and where the browser wanted to go. */
  async complete(
    redirectUri: string,
    query: URLSearchParams,
    cookie: string | undefined,
  ): Promise<{ readonly identity: OidcIdentity; readonly returnUrl: string }> {
    if (!cookie)
      throw new UnauthenticatedError(
        'single sign-on: no login in progress in this browser (cookie missing or expired); start again',
      );
    let pending: PendingLogin & { returnUrl: string };
    try {
      const { payload } = await jwtDecrypt(cookie, this.cookieKey());
      const { state, nonce, codeVerifier, returnUrl } = payload;
      if (
        typeof state !== 'string' ||
        typeof nonce !== 'string' ||
        typeof codeVerifier !== 'string'
      )
        throw new Error('incomplete');
      pending = { state, nonce, codeVerifier, returnUrl: safeReturnUrl(returnUrl) };
    } catch {
      throw new UnauthenticatedError(
        'single sign-on: the login state cookie is invalid or expired; start again',
      );
    }
    const callback = new URL(redirectUri);
    callback.search = query.toString();
    const rp = await this.relyingParty(redirectUri);
    const identity = await rp.completeLogin(callback, pending);
    return { identity, returnUrl: pending.returnUrl };
  }

  private relyingParty(redirectUri: string): Promise<OidcRelyingParty> {
    const config = this.config();
    const groupClaims = config.groupsClaim ? [config.groupsClaim] : this.store.rbac.scopes;
    const settings = {
      issuer: config.issuer,
      clientId: config.clientId,
      ...(config.clientSecret ? { clientSecret: config.clientSecret } : {}),
      redirectUri,
      ...(config.requestedScopes ? { scopes: config.requestedScopes } : {}),
      ...(config.usernameClaim ? { usernameClaim: config.usernameClaim } : {}),
      groupClaims,
      // Local accounts own their names; an SSO user may not take one.
      reservedUsernames: [...this.store.settings.accounts.keys()],
      // Plain HTTP only for an identity provider on this machine (tests, local setups).
      allowInsecureHttp: isLoopbackHttp(config.issuer),
    };
    const key = JSON.stringify(settings);
    if (this.cached?.key !== key) {
      const rp = OidcRelyingParty.discover(settings);
      // A failed discovery is not cached: the next login tries again.
      rp.catch(() => {
        if (this.cached?.rp === rp) this.cached = undefined;
      });
      this.cached = { key, rp };
    }
    return this.cached.rp;
  }

  private cookieKey(): Uint8Array {
    const key = this.store.settings.signingKey;
    if (!key) throw new OidcError(this.config().issuer, 'the server has no signing key', 503);
    return new Uint8Array(
      createHash('sha256').update('keelson-sso-state\u0000').update(key).digest(),
    );
  }
}

function isLoopbackHttp(issuer: string): boolean {
  const url = new URL(issuer);
  return url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
}

/** Only a path on this server: anything else could send the user to another site after login. */
export function safeReturnUrl(value: unknown): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//')) return '/';
  if (value.includes('\\') || /[\r\n]/.test(value)) return '/';
  return value;
}
