import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOidcProvider, type LocalOidcProvider } from '../../testenv/index.js';
import { OidcError, OidcRelyingParty, type OidcSettings } from './index.js';

const REDIRECT_URI = 'http://127.0.0.1:8080/auth/callback';
const CLIENT_SECRET = 'test-client-secret-7f3a';

describe('OIDC single sign-on against a local identity provider', () => {
  let idp: LocalOidcProvider;
  let settings: OidcSettings;

  beforeAll(async () => {
    idp = await startOidcProvider({
      clients: [
        { client_id: 'keelson', client_secret: CLIENT_SECRET, redirect_uris: [REDIRECT_URI] },
      ],
      users: [
        { sub: 'u-1001', email: 'jane@example.com', groups: ['shop-team', 'ops'] },
        { sub: 'u-1002', email: 'eve@example.com', groups: [], email_verified: false },
      ],
    });
    settings = {
      issuer: idp.issuer,
      clientId: 'keelson',
      clientSecret: CLIENT_SECRET,
      redirectUri: REDIRECT_URI,
      allowInsecureHttp: true,
    };
  });
  afterAll(() => idp.close());

  it('logs a user in with the code flow and PKCE and learns their groups', async () => {
    // GIVEN Keelson discovered the identity provider
    const rp = await OidcRelyingParty.discover(settings);
    // WHEN a login starts, the browser goes to the provider with state, nonce and an S256 challenge
    const { url, pending } = await rp.beginLogin();
    expect(url.origin).toBe(idp.issuer);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('state')).toBe(pending.state);
    expect(url.searchParams.get('nonce')).toBe(pending.nonce);
    // AND jane signs in there, and the provider sends the browser back to Keelson's callback
    const callback = await idp.signIn(url, 'u-1001');
    expect(`${callback.origin}${callback.pathname}`).toBe(REDIRECT_URI);
    expect(callback.searchParams.get('code')).toBeTruthy();
    // THEN the code exchange yields jane's username and groups
    await expect(rp.completeLogin(callback, pending)).resolves.toEqual({
      username: 'jane@example.com',
      groups: ['shop-team', 'ops'],
      subject: 'u-1001',
      issuer: idp.issuer,
    });
  });

  it('refuses a callback that belongs to another login (state mismatch)', async () => {
    const rp = await OidcRelyingParty.discover(settings);
    const first = await rp.beginLogin();
    const second = await rp.beginLogin();
    const callback = await idp.signIn(first.url, 'u-1001');
    const error = await rp.completeLogin(callback, second.pending).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OidcError);
    expect(error).toMatchObject({ status: 401 });
    expect((error as Error).message).toMatch(
      /^OIDC login with http:\/\/127\.0\.0\.1:\d+: login failed: .*state/,
    );
  });

  it('refuses to exchange the same code twice', async () => {
    const rp = await OidcRelyingParty.discover(settings);
    const { url, pending } = await rp.beginLogin();
    const callback = await idp.signIn(url, 'u-1001');
    await rp.completeLogin(callback, pending);
    await expect(rp.completeLogin(callback, pending)).rejects.toThrow(
      /login failed: invalid_grant/,
    );
  });

  it('reports the provider refusing the user', async () => {
    const rp = await OidcRelyingParty.discover(settings);
    const { url, pending } = await rp.beginLogin();
    const callback = await idp.signIn(url, 'nobody');
    await expect(rp.completeLogin(callback, pending)).rejects.toThrow(
      'login failed: access_denied: no test user "nobody"',
    );
  });

  it('refuses a user whose email the provider has not verified', async () => {
    const rp = await OidcRelyingParty.discover(settings);
    const { url, pending } = await rp.beginLogin({ loginHint: 'u-1002' });
    const callback = await idp.signIn(url, 'u-1002');
    await expect(rp.completeLogin(callback, pending)).rejects.toThrow(
      'the email address "eve@example.com" is not verified by the identity provider',
    );
  });

  it('fails the code exchange with a wrong client secret, without revealing either secret', async () => {
    const rp = await OidcRelyingParty.discover({ ...settings, clientSecret: 'wrong-secret-0000' });
    const { url, pending } = await rp.beginLogin();
    const callback = await idp.signIn(url, 'u-1001');
    const error = await rp.completeLogin(callback, pending).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OidcError);
    expect((error as Error).message).toMatch(/login failed: invalid_client/);
    expect((error as Error).message).not.toContain('wrong-secret-0000');
    expect((error as Error).message).not.toContain(CLIENT_SECRET);
  });

  it('refuses a plain-http issuer unless explicitly allowed', async () => {
    const strict = { ...settings, allowInsecureHttp: false };
    const error = await OidcRelyingParty.discover(strict).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OidcError);
    expect(error).toMatchObject({ status: 502 });
    expect((error as Error).message).toMatch(/discovery failed/);
  });
});
