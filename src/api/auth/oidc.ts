import * as client from 'openid-client';
import { OidcError } from './errors.js';
import { identityFromClaims, type ClaimMapping, type OidcIdentity } from './oidc-claims.js';

export interface OidcSettings extends ClaimMapping {
  /** The identity provider's issuer URL; its discovery document is fetched from it. */
  readonly issuer: string;
  readonly clientId: string;
  /** A secret: kept out of every message. Omit for a public client (PKCE only). */
  readonly clientSecret?: string;
  /** Keelson's callback URL, registered with the identity provider. */
  readonly redirectUri: string;
  /** Scopes to request; default `openid profile email groups`. */
  readonly scopes?: readonly string[];
  /** Allow an `http://` issuer. For local test identity providers only. */
  readonly allowInsecureHttp?: boolean;
}

/**
 * What the server keeps between sending the browser to the identity provider
 * and receiving it back (e.g. in a short-lived, signed, HTTP-only cookie).
 * The code verifier is a secret.
 */
export interface PendingLogin {
  readonly state: string;
  readonly nonce: string;
  readonly codeVerifier: string;
}

/**
 * The relying-party side of OIDC single sign-on, on `openid-client`: the
 * authorization code flow with PKCE (S256), `state` and `nonce`. The ID token
 * is verified by the library (signature, issuer, audience, expiry, nonce);
 * Keelson then maps its claims to a username and groups and issues its own
 * session (see `SessionIssuer`).
 */
export class OidcRelyingParty {
  private constructor(
    private readonly config: client.Configuration,
    private readonly settings: OidcSettings,
  ) {}

  /** Fetches the provider's discovery document. Throws {@link OidcError} (502) when it cannot. */
  static async discover(settings: OidcSettings): Promise<OidcRelyingParty> {
    let config: client.Configuration;
    try {
      config = await client.discovery(
        new URL(settings.issuer),
        settings.clientId,
        settings.clientSecret,
        undefined,
        settings.allowInsecureHttp ? { execute: [client.allowInsecureRequests] } : undefined,
      );
    } catch (err) {
      throw new OidcError(settings.issuer, `discovery failed: ${describe(err)}`, 502, {
        cause: err,
      });
    }
    return new OidcRelyingParty(config, settings);
  }

  /** The URL to send the browser to, and what to keep until it comes back. */
  async beginLogin(options: { readonly loginHint?: string } = {}): Promise<{
    readonly url: URL;
    readonly pending: PendingLogin;
  }> {
    const pending: PendingLogin = {
      state: client.randomState(),
      nonce: client.randomNonce(),
      codeVerifier: client.randomPKCECodeVerifier(),
    };
    const url = client.buildAuthorizationUrl(this.config, {
      redirect_uri: this.settings.redirectUri,
      scope: (this.settings.scopes ?? ['openid', 'profile', 'email', 'groups']).join(' '),
      response_type: 'code',
      state: pending.state,
      nonce: pending.nonce,
      code_challenge: await client.calculatePKCECodeChallenge(pending.codeVerifier),
      code_challenge_method: 'S256',
      ...(options.loginHint ? { login_hint: options.loginHint } : {}),
    });
    return { url, pending };
  }

  /**
   * Handles the callback: checks `state`, exchanges the code (with the PKCE
   * verifier), verifies the ID token and maps its claims. Throws
   * {@link OidcError} (401) when the provider reports an error, a check fails,
   * or the claims cannot be mapped.
   */
  async completeLogin(callbackUrl: URL, pending: PendingLogin): Promise<OidcIdentity> {
    let claims: client.IDToken | undefined;
    try {
      const tokens = await client.authorizationCodeGrant(this.config, callbackUrl, {
        pkceCodeVerifier: pending.codeVerifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
      claims = tokens.claims();
    } catch (err) {
      throw new OidcError(this.settings.issuer, `login failed: ${describe(err)}`, 401, {
        cause: err,
      });
    }
    if (!claims) throw new OidcError(this.settings.issuer, 'no ID token was returned', 401);
    const identity = identityFromClaims(claims, this.settings);
    if ('refused' in identity) throw new OidcError(this.settings.issuer, identity.refused, 401);
    return identity;
  }
}

// openid-client's messages say which check failed; an error response from the
// provider adds its error code and description. Neither carries client secrets.
function describe(err: unknown): string {
  if (err instanceof client.AuthorizationResponseError || err instanceof client.ResponseBodyError)
    return `${err.error}${err.error_description ? `: ${err.error_description}` : ''}`;
  if (!(err instanceof Error)) return String(err);
  // openid-client wraps the failed check ("invalid response encountered"); the cause names it.
  const cause = err.cause instanceof Error ? err.cause.message : undefined;
  return cause && cause !== err.message ? `${err.message}: ${cause}` : err.message;
}
