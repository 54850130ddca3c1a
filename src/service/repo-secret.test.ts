import { describe, expect, it } from 'vitest';
import { clusterSecret, clusterSecretName, toClusterView } from './cluster-secret.js';
import { InvalidRequestError } from './errors.js';
import {
  repositorySecret,
  repositorySecretName,
  toRepositoryView,
  validateRepositoryURL,
} from './repo-secret.js';

describe('repository Secrets', () => {
  it('GIVEN one repository written two ways THEN one deterministic Secret name', () => {
    const a = repositorySecretName('https://git.example.com/Shop/Apps.git', 'repository');
    expect(a).toMatch(/^repo-[0-9a-f]{16}$/);
    expect(repositorySecretName('https://git.example.com/shop/apps/', 'repository')).toBe(a);
    expect(repositorySecretName('https://git.example.com/shop/apps', 'repo-creds')).toMatch(
      /^creds-/,
    );
  });

  it('GIVEN a request THEN the Secret has the label and keys the controller reads, and the view hides secrets', () => {
    const secret = repositorySecret(
      { url: 'https://git.example.com/a.git', username: 'bot', password: 'pw', name: 'a' },
      'keelson',
    );
    expect(secret.metadata.labels).toEqual({ 'keelson.dev/secret-type': 'repository' });
    expect(secret.stringData).toEqual({
      url: 'https://git.example.com/a.git',
      type: 'git',
      name: 'a',
      username: 'bot',
      password: 'pw',
    });
    const view = toRepositoryView(secret);
    expect(view).toEqual({
      url: 'https://git.example.com/a.git',
      type: 'git',
      name: 'a',
      credentialType: 'repository',
      hasCredentials: true,
      username: 'bot',
      secretName: secret.metadata.name,
    });
    expect(JSON.stringify(view)).not.toContain('pw');
  });

  it('GIVEN bad input THEN a 400 that names the key but no value', () => {
    expect(() =>
      repositorySecret({ url: 'https://g/a.git', sshPrivateKey: 'not-a-key-at-all' }, 'ns'),
    ).toThrow(/sshPrivateKey is not a PEM/);
    expect(() => repositorySecret({ url: 'https://g/a', credentialTemplate: true }, 'ns')).toThrow(
      InvalidRequestError,
    );
  });

  it.each([
    ['https://github.com/a/b.git', 'git', false, true],
    ['git@github.com:a/b.git', 'git', false, true],
    ['ssh://git@host:22/a.git', 'git', false, true],
    ['file:///srv/repo', 'git', false, false],
    ['file:///srv/repo', 'git', true, true],
    ['ftp://host/x', 'git', false, false],
    ['oci://registry.example.com/charts', 'helm', false, true],
    ['git@github.com:a/b.git', 'helm', false, false],
  ] as const)('GIVEN %s as %s (local %s) THEN valid is %s', (url, type, local, valid) => {
    const check = () => validateRepositoryURL(url, type, local);
    if (valid) expect(check).not.toThrow();
    else expect(check).toThrow(InvalidRequestError);
  });
});

describe('cluster Secrets', () => {
  it('GIVEN a cluster THEN Argo CD keys, a readable name, and a view without credentials', () => {
    const secret = clusterSecret(
      {
        name: 'prod',
        server: 'https://Prod.Example.com:6443/',
        bearerToken: 'tok',
        labels: { env: 'prod' },
      },
      'keelson',
    );
    expect(secret.metadata.name).toBe(clusterSecretName('https://prod.example.com:6443'));
    expect(secret.metadata.name).toMatch(/^cluster-prod\.example\.com-[0-9a-f]{10}$/);
    expect(secret.stringData).toEqual({
      name: 'prod',
      server: 'https://Prod.Example.com:6443',
      config: JSON.stringify({ bearerToken: 'tok' }),
    });
    const view = toClusterView(secret);
    expect(view).toEqual({
      name: 'prod',
      server: 'https://Prod.Example.com:6443',
      secretName: secret.metadata.name,
      labels: { env: 'prod' },
    });
  });
});
