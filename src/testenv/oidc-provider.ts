import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair } from 'jose';
import type Provider from 'oidc-provider';
import type { Account, Configuration } from 'oidc-provider';

/** A relying party registered with the test identity provider (a confidential client). */
export interface OidcTestClient {
  readonly client_id: string;
  /** A test value only; never reuse a real secret here. */
  readonly client_secret: string;
  readonly redirect_uris: readonly string[];
}

/** A user of the test identity provider; the claims appear in the ID token. */
export interface OidcTestUser {
  readonly sub: string;
  readonly email: string;
  readonly groups: readonly string[];
  /** Default true. */
  readonly email_verified?: boolean;
  readonly name?: string;
}

export interface OidcProviderOptions {
  readonly clients: readonly OidcTestClient[];
  readonly users: readonly OidcTestUser[];
}

/** A running OpenID Connect identity provider on 127.0.0.1. */
export interface LocalOidcProvider {
  /** `http://127.0.0.1:<port>`; discovery is at `/.well-known/openid-configuration`. */
  readonly issuer: string;
  /**
   * Plays the browser: follows the redirects from `authorizationUrl` (built
   * by the relying party), signs in as the user `sub` at the interaction
   * step without any form, and returns the URL the provider finally sends
   * the browser to — the client's redirect URI with `code` and `state`, or
   * with `error` when the login was refused (e.g. an unknown user).
   */
  signIn(authorizationUrl: URL | string, sub: string): Promise<URL>;
  close(): Promise<void>;
}

const INTERACTION_PATH = /^\/interaction\/([\w-]+)$/;

/**
 * Starts a real OIDC provider (`oidc-provider`) for tests: discovery, JWKS,
 * the authorization code flow with PKCE (required, S256), client_secret_basic
 * at the token endpoint, ID tokens carrying `email`, `email_verified`,
 * `name` and `groups`. Login and consent are one automatic step at
 * `/interaction/<uid>?user=<sub>` (or the request's `login_hint`): the named
 * user is signed in and granted the requested scopes; an unknown user is
 * refused with `access_denied`.
 */
export async function startOidcProvider(options: OidcProviderOptions): Promise<LocalOidcProvider> {
  const users = new Map(options.users.map((u) => [u.sub, u]));
  const server = createServer();
  await listen(server);
  const { port } = server.address() as AddressInfo;
  const issuer = `http://127.0.0.1:${port}`;
  // Loaded on demand: oidc-provider is a dev dependency, and this folder's index
  // is also imported by the CLI, which must start where dev dependencies are absent.
  const { default: OidcProvider } = await import('oidc-provider');
  const provider = new OidcProvider(issuer, await configuration(options, users));
  const callback = provider.callback();
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', issuer).pathname;
    if (req.method === 'GET' && INTERACTION_PATH.test(path))
      interact(provider, users, req, res).catch((err: unknown) => {
        res.statusCode = 500;
        res.end(err instanceof Error ? err.message : String(err));
      });
    else void callback(req, res);
  });
  return {
    issuer,
    signIn: (url, sub) => signIn(issuer, new URL(url), sub),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function configuration(
  options: OidcProviderOptions,
  users: ReadonlyMap<string, OidcTestUser>,
): Promise<Configuration> {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), alg: 'RS256', use: 'sig', kid: 'test-key' };
  return {
    clients: options.clients.map((c) => ({
      client_id: c.client_id,
      client_secret: c.client_secret,
      redirect_uris: [...c.redirect_uris],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
    })),
    jwks: { keys: [jwk] },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    scopes: ['openid', 'email', 'profile', 'groups'],
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name'],
      groups: ['groups'],
    },
    // Put the scope's claims in the ID token, where Keelson (like Argo CD) reads groups.
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    ttl: {
      AuthorizationCode: 60,
      Interaction: 600,
      Session: 3600,
      Grant: 3600,
      AccessToken: 600,
      IdToken: 600,
    },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    findAccount: (_ctx, sub): Account | undefined => {
      const user = users.get(sub);
      if (!user) return undefined;
      return {
        accountId: sub,
        claims: () => ({
          sub,
          email: user.email,
          email_verified: user.email_verified ?? true,
          name: user.name ?? user.email,
          groups: [...user.groups],
        }),
      };
    },
  };
}

// Signs the user in and grants what the client asked for, in one step.
async function interact(
  provider: Provider,
  users: ReadonlyMap<string, OidcTestUser>,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const details = await provider.interactionDetails(req, res);
  const query = new URL(req.url ?? '/', provider.issuer).searchParams;
  const hint = details.params['login_hint'];
  const sub = query.get('user') ?? (typeof hint === 'string' ? hint : '');
  if (!users.has(sub)) {
    await provider.interactionFinished(req, res, {
      error: 'access_denied',
      error_description: `no test user "${sub}"`,
    });
    return;
  }
  const clientId = String(details.params['client_id']);
  const grant = new provider.Grant({ accountId: sub, clientId });
  grant.addOIDCScope(String(details.params['scope'] ?? 'openid'));
  const grantId = await grant.save();
  await provider.interactionFinished(
    req,
    res,
    { login: { accountId: sub }, consent: { grantId } },
    { mergeWithLastSubmission: false },
  );
}

async function signIn(issuer: string, start: URL, sub: string): Promise<URL> {
  const cookies = new Map<string, string>();
  let url = start;
  for (let hop = 0; hop < 10; hop++) {
    if (url.origin !== issuer) return url;
    if (INTERACTION_PATH.test(url.pathname)) url.searchParams.set('user', sub);
    const response = await fetch(url, {
      redirect: 'manual',
      headers: { cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    for (const line of response.headers.getSetCookie()) keepCookie(cookies, line);
    const location = response.headers.get('location');
    await response.body?.cancel();
    if (response.status < 300 || response.status >= 400 || !location)
      throw new Error(`test OIDC provider answered ${response.status} at ${url.pathname}`);
    url = new URL(location, url);
  }
  throw new Error('test OIDC provider: too many redirects');
}

// A tiny cookie jar: one host, no path scoping; expired or emptied cookies are dropped.
function keepCookie(jar: Map<string, string>, setCookie: string): void {
  const [pair = '', ...attributes] = setCookie.split(';');
  const eq = pair.indexOf('=');
  if (eq <= 0) return;
  const name = pair.slice(0, eq).trim();
  const value = pair.slice(eq + 1).trim();
  const expired = attributes.some((a) => {
    const [k = '', v = ''] = a.split('=').map((s) => s.trim());
    return (
      (k.toLowerCase() === 'max-age' && Number(v) <= 0) ||
      (k.toLowerCase() === 'expires' && Date.parse(v) <= Date.now())
    );
  });
  if (expired || value === '') jar.delete(name);
  else jar.set(name, value);
}

function listen(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
}
