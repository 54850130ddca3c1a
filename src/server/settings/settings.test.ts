import { describe, expect, it } from 'vitest';
import { parseSettings } from './index.js';

const secret = (data: Record<string, string>) => ({ data, annotations: {} });

describe('parseSettings', () => {
  it('reads local accounts: admin by default, others from keelson-cm', () => {
    const settings = parseSettings(
      secret({
        'accounts.ci': 'apiKey',
        'accounts.alice': 'login, apiKey, bogus',
        'accounts.alice.enabled': 'false',
        url: 'https://keelson.example.com/',
      }),
      secret({
        'admin.password': '$scrypt$hash',
        'admin.passwordMtime': '2030-01-01T00:00:00Z',
        'accounts.ci.tokens': JSON.stringify([{ id: 'deploy', iat: 100 }, { nonsense: true }]),
      }),
    );
    expect(settings.url).toBe('https://keelson.example.com');
    expect([...settings.accounts.values()]).toEqual([
      {
        name: 'admin',
        enabled: true,
        capabilities: ['login', 'apiKey'],
        passwordHash: '$scrypt$hash',
        passwordChangedAt: Date.parse('2030-01-01T00:00:00Z') / 1000,
        tokens: [],
      },
      { name: 'alice', enabled: false, capabilities: ['login', 'apiKey'], tokens: [] },
      { name: 'ci', enabled: true, capabilities: ['apiKey'], tokens: [{ id: 'deploy', iat: 100 }] },
    ]);
  });

  it('resolves the OIDC client secret from keelson-secret', () => {
    const cm = secret({
      'oidc.config':
        'name: Okta\nissuer: https://idp.example.com/\nclientID: keelson\nclientSecret: $oidc.clientSecret\nrequestedScopes: [openid, email]\ngroupsClaim: roles\n',
    });
    expect(parseSettings(cm, secret({ 'oidc.clientSecret': 's3cret' })).oidc).toEqual({
      name: 'Okta',
      issuer: 'https://idp.example.com',
      clientId: 'keelson',
      clientSecret: 's3cret',
      requestedScopes: ['openid', 'email'],
      groupsClaim: 'roles',
    });
    const missing = parseSettings(cm, secret({}));
    expect(missing.oidc).toBeUndefined();
    expect(missing.oidcError).toBe(
      'oidc.config clientSecret refers to key "oidc.clientSecret", which keelson-secret does not have',
    );
  });

  it('turns a broken oidc.config into an error message, never an exception', () => {
    expect(parseSettings(secret({ 'oidc.config': 'issuer: [' }), secret({})).oidcError).toMatch(
      /^oidc.config of keelson-cm is not YAML/,
    );
    expect(parseSettings(secret({ 'oidc.config': 'name: x' }), secret({})).oidcError).toBe(
      'oidc.config of keelson-cm needs issuer and clientID',
    );
  });

  it('reads the signing key, revoked sessions and webhook secrets', () => {
    const settings = parseSettings(
      secret({}),
      secret({
        'server.secretkey': 'ab'.repeat(32),
        'sessions.revoked': '{"j1": 123, "j2": "x"}',
        'webhook.github.secret': 'gh',
        'webhook.gitea.secret': '',
      }),
    );
    expect(settings.signingKey).toHaveLength(32);
    expect([...settings.revokedSessions]).toEqual([['j1', 123]]);
    expect(settings.webhookSecrets).toEqual({ github: 'gh' });
  });
});
