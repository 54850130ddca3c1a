import { SignJWT, UnsecuredJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  generateSigningKey,
  InvalidTokenError,
  SessionIssuer,
  TokenExpiredError,
  TokenRevokedError,
  type TokenStore,
} from './index.js';

const T0 = Date.parse('2030-01-01T00:00:00Z');

function fixture(store?: TokenStore) {
  let now = T0;
  const key = generateSigningKey();
  const issuer = new SessionIssuer({
    key,
    clock: () => now,
    ...(store ? { tokenStore: store } : {}),
  });
  return { issuer, key, advance: (ms: number) => (now += ms) };
}

describe('SessionIssuer: sessions', () => {
  it('issues a session that verifies back to its claims', async () => {
    // GIVEN a user logs in
    const { issuer } = fixture();
    const { token, claims } = await issuer.issueSession({ username: 'alice', groups: ['dev'] });
    // THEN the token carries the documented claims
    expect(claims).toEqual({
      sub: 'alice',
      iss: 'keelson',
      iat: T0 / 1000,
      exp: T0 / 1000 + 24 * 3600,
      jti: expect.stringMatching(/^[0-9a-f-]{36}$/),
      groups: ['dev'],
      kind: 'session',
    });
    // AND verifying the token gives the same claims
    await expect(issuer.verify(token)).resolves.toEqual(claims);
  });

  it('refuses an expired session with the time it expired', async () => {
    const { issuer, advance } = fixture();
    const { token } = await issuer.issueSession({ username: 'alice' });
    advance(24 * 3600 * 1000 + 1000);
    const error = await issuer.verify(token).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TokenExpiredError);
    expect((error as TokenExpiredError).status).toBe(401);
    expect((error as Error).message).toBe('token expired at 2030-01-02T00:00:00.000Z');
  });

  it('refuses a token signed with another key, without echoing the token', async () => {
    const { issuer } = fixture();
    const other = fixture().issuer;
    const { token } = await other.issueSession({ username: 'alice' });
    const error = await issuer.verify(token).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidTokenError);
    expect((error as Error).message).toBe('token is invalid: signature verification failed');
    expect((error as Error).message).not.toContain(token);
  });

  it.each([
    ['garbage', 'not-a-jwt', /token is invalid/],
    [
      'an unsigned token',
      new UnsecuredJWT({ sub: 'admin', jti: 'x', groups: [], kind: 'session' })
        .setIssuer('keelson')
        .setIssuedAt()
        .setExpirationTime('1h')
        .encode(),
      /token is invalid/,
    ],
  ])('refuses %s', async (_name, token, message) => {
    const { issuer } = fixture();
    await expect(issuer.verify(token)).rejects.toThrow(message);
  });

  it('refuses a correctly signed token from another issuer or with missing claims', async () => {
    const { issuer, key } = fixture();
    const iat = T0 / 1000;
    const foreign = await new SignJWT({ groups: [], kind: 'session' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('alice')
      .setIssuer('someone-else')
      .setIssuedAt(iat)
      .setExpirationTime(iat + 60)
      .setJti('j1')
      .sign(key);
    await expect(issuer.verify(foreign)).rejects.toThrow(/unexpected "iss" claim value/);
    const noExpiry = await new SignJWT({ groups: [], kind: 'session' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('alice')
      .setIssuer('keelson')
      .setIssuedAt(iat)
      .setJti('j2')
      .sign(key);
    await expect(issuer.verify(noExpiry)).rejects.toThrow(
      'token is invalid: a session has no "exp"',
    );
  });

  it('refuses a signing key shorter than 32 bytes', () => {
    expect(() => new SessionIssuer({ key: new Uint8Array(16) })).toThrow(/at least 32 bytes/);
  });
});

describe('SessionIssuer: API tokens', () => {
  it('issues a long-lived token with the requested id that never expires', async () => {
    const { issuer, advance } = fixture();
    const { token, claims } = await issuer.issueApiToken({
      username: 'ci-bot',
      id: 'deploy-pipeline',
      expiresInSeconds: 'never',
    });
    expect(claims).toMatchObject({
      sub: 'ci-bot',
      jti: 'deploy-pipeline',
      kind: 'api',
      groups: [],
    });
    expect(claims.exp).toBeUndefined();
    advance(5 * 365 * 24 * 3600 * 1000);
    await expect(issuer.verify(token)).resolves.toMatchObject({ jti: 'deploy-pipeline' });
  });

  it('stops accepting a token once it is revoked', async () => {
    // GIVEN a revocation record
    const revoked = new Set<string>();
    const { issuer } = fixture({ isRevoked: (jti) => revoked.has(jti) });
    const { token, claims } = await issuer.issueApiToken({
      username: 'ci',
      expiresInSeconds: 3600,
    });
    await expect(issuer.verify(token)).resolves.toMatchObject({ sub: 'ci' });
    // WHEN its id is revoked
    revoked.add(claims.jti);
    // THEN the token is refused, naming the token id only
    const error = await issuer.verify(token).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TokenRevokedError);
    expect((error as Error).message).toBe(`token ${claims.jti} has been revoked`);
  });

  it('lets a store revoke by subject and issue time (e.g. after a password change)', async () => {
    const changedAt = T0 / 1000 + 10;
    const { issuer, advance } = fixture({
      isRevoked: async (_jti, claims) => claims.sub === 'admin' && claims.iat < changedAt,
    });
    const before = await issuer.issueSession({ username: 'admin' });
    advance(20_000);
    const after = await issuer.issueSession({ username: 'admin' });
    await expect(issuer.verify(before.token)).rejects.toBeInstanceOf(TokenRevokedError);
    await expect(issuer.verify(after.token)).resolves.toMatchObject({ sub: 'admin' });
  });

  it('refuses a non-positive lifetime', async () => {
    const { issuer } = fixture();
    await expect(issuer.issueApiToken({ username: 'ci', expiresInSeconds: 0 })).rejects.toThrow(
      /positive number of seconds/,
    );
  });
});
