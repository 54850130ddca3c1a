import { describe, expect, it } from 'vitest';
import {
  ClusterNotFoundError,
  InvalidCredentialSecretError,
  matchRepositoryCredentials,
  parseClusterSecret,
  parseRepositorySecret,
  readCredentialSecrets,
  resolveDestinationCluster,
  type ClusterCredentials,
  type RepositoryCredentials,
  type SecretLike,
} from './index.js';

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const PEM = (what: string) => `-----BEGIN ${what}-----\nTUlJQmZha2U=\n-----END ${what}-----\n`;
const TOKEN = 'sEcReT-token-value';
const PASSWORD = 'hunter2-password';

/** A Secret as the API server returns it: labelled, values base64 in `data`. */
function secret(name: string, type: string, values: Record<string, string>): SecretLike {
  return {
    metadata: { name, namespace: 'keelson', labels: { 'keelson.dev/secret-type': type } },
    data: Object.fromEntries(Object.entries(values).map(([k, v]) => [k, b64(v)])),
  };
}

const clusterSecret = (name: string, server: string, config: unknown) =>
  secret(`cluster-${name}`, 'cluster', { name, server, config: JSON.stringify(config) });

function errorOf(fn: () => unknown): Error {
  try {
    fn();
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected an error');
}

describe('cluster Secrets', () => {
  it('read name, server, bearer token and TLS settings, decoding the PEM fields', () => {
    const cluster = parseClusterSecret(
      clusterSecret('prod', 'https://prod.example.com:6443/', {
        bearerToken: TOKEN,
        tlsClientConfig: { caData: b64(PEM('CERTIFICATE')), serverName: 'api.internal' },
      }),
    );
    expect(cluster).toEqual({
      name: 'prod',
      server: 'https://prod.example.com:6443',
      bearerToken: TOKEN,
      tls: {
        insecure: false,
        serverName: 'api.internal',
        caData: PEM('CERTIFICATE'),
        certData: undefined,
        keyData: undefined,
      },
      secret: { namespace: 'keelson', name: 'cluster-prod' },
    });
  });

  it('accept a client certificate instead of a token, and plain stringData', () => {
    const cluster = parseClusterSecret({
      metadata: { name: 'c', labels: { 'keelson.dev/secret-type': 'cluster' } },
      stringData: {
        name: 'edge',
        server: 'https://10.0.0.1',
        config: JSON.stringify({
          tlsClientConfig: {
            insecure: true,
            certData: b64(PEM('CERTIFICATE')),
            keyData: b64(PEM('EC PRIVATE KEY')),
          },
        }),
      },
    });
    expect(cluster.bearerToken).toBeUndefined();
    expect(cluster.tls).toMatchObject({ insecure: true, keyData: PEM('EC PRIVATE KEY') });
  });

  const malformed: [string, SecretLike, string][] = [
    ['no server', secret('s', 'cluster', { name: 'x' }), 'Secret/keelson/s: server is missing'],
    [
      'a server that is no URL',
      clusterSecret('x', `${TOKEN}`, { bearerToken: TOKEN }),
      'server is not an http(s) URL',
    ],
    [
      'config that is no JSON',
      secret('s', 'cluster', {
        name: 'x',
        server: 'https://a',
        config: `{"bearerToken": ${TOKEN}`,
      }),
      'Secret/keelson/s: config is not valid JSON',
    ],
    [
      'no credentials',
      clusterSecret('x', 'https://a', { tlsClientConfig: { insecure: true } }),
      'no credentials',
    ],
    [
      'a certificate without its key',
      clusterSecret('x', 'https://a', { tlsClientConfig: { certData: b64(PEM('CERTIFICATE')) } }),
      'needs both certData and keyData',
    ],
    [
      'caData that is not base64 PEM',
      clusterSecret('x', 'https://a', {
        bearerToken: TOKEN,
        tlsClientConfig: { caData: b64(TOKEN) },
      }),
      'config.tlsClientConfig.caData is not base64-encoded PEM',
    ],
    [
      'a token that is not a string',
      clusterSecret('x', 'https://a', { bearerToken: 42 }),
      'config.bearerToken must be a string',
    ],
    [
      'data that is not base64',
      { metadata: { name: 's', namespace: 'keelson' }, data: { server: `${TOKEN}!` } },
      'Secret/keelson/s: data.server is not valid base64',
    ],
  ];
  it.each(malformed)('reject %s, naming the Secret and key but never a value', (_, s, message) => {
    const err = errorOf(() => parseClusterSecret(s));
    expect(err).toBeInstanceOf(InvalidCredentialSecretError);
    expect(err.message).toContain(message);
    expect(err.message).not.toContain(TOKEN);
  });
});

describe('resolveDestinationCluster', () => {
  const prod: ClusterCredentials = parseClusterSecret(
    clusterSecret('prod', 'https://prod.example.com', { bearerToken: TOKEN }),
  );
  const cases: [string, { server?: string; name?: string }, string, string, boolean][] = [
    ['a registered cluster by name', { name: 'prod' }, 'prod', 'https://prod.example.com', true],
    [
      'a registered cluster by server, trailing slash ignored',
      { server: 'https://prod.example.com/' },
      'prod',
      'https://prod.example.com',
      true,
    ],
    [
      'the own cluster as in-cluster',
      { name: 'in-cluster' },
      'in-cluster',
      'https://kubernetes.default.svc',
      false,
    ],
    [
      'the own cluster by its in-cluster URL',
      { server: 'https://kubernetes.default.svc' },
      'in-cluster',
      'https://kubernetes.default.svc',
      false,
    ],
    [
      'the own cluster by the URL the controller uses',
      { server: 'https://127.0.0.1:6443' },
      'in-cluster',
      'https://kubernetes.default.svc',
      false,
    ],
  ];
  it.each(cases)('finds %s', (_, destination, name, server, registered) => {
    const found = resolveDestinationCluster(destination, [prod], 'https://127.0.0.1:6443');
    expect({
      name: found.name,
      server: found.server,
      registered: found.credentials !== undefined,
    }).toEqual({ name, server, registered });
  });

  it('prefers a Secret registered for in-cluster over the built-in entry', () => {
    const custom = parseClusterSecret(
      clusterSecret('in-cluster', 'https://10.0.0.1', { bearerToken: TOKEN }),
    );
    expect(resolveDestinationCluster({ name: 'in-cluster' }, [custom]).credentials).toBe(custom);
  });

  it('says which cluster is not registered', () => {
    expect(() => resolveDestinationCluster({ name: 'staging' }, [prod])).toThrow(
      ClusterNotFoundError,
    );
    expect(() => resolveDestinationCluster({ name: 'staging' }, [prod])).toThrow(
      'destination cluster named "staging" is not registered',
    );
    expect(() => resolveDestinationCluster({ server: 'https://other' }, [prod])).toThrow(
      'with server https://other',
    );
  });
});

describe('repository Secrets', () => {
  it('read a repository with username and password, type git by default', () => {
    const repo = parseRepositorySecret(
      secret('repo-web', 'repository', {
        url: 'https://git.example.com/team/web.git',
        username: 'ci',
        password: PASSWORD,
      }),
      'repository',
    );
    expect(repo).toEqual({
      secretType: 'repository',
      url: 'https://git.example.com/team/web.git',
      type: 'git',
      username: 'ci',
      password: PASSWORD,
      secret: { namespace: 'keelson', name: 'repo-web' },
    });
  });

  const malformed: [string, Record<string, string>, 'repository' | 'repo-creds', string][] = [
    ['no url', { password: PASSWORD }, 'repository', 'url is missing'],
    [
      'an unknown type',
      { url: 'https://a', type: 'svn' },
      'repository',
      'type must be git or helm',
    ],
    [
      'a username without password',
      { url: 'https://a', username: 'ci' },
      'repository',
      'password is missing',
    ],
    [
      'an SSH key that is no key',
      { url: 'git@a:b', sshPrivateKey: PASSWORD },
      'repository',
      'sshPrivateKey is not a PEM or OpenSSH private key',
    ],
    [
      'repo-creds without credentials',
      { url: 'https://a' },
      'repo-creds',
      'needs password (with username) or sshPrivateKey',
    ],
  ];
  it.each(malformed)('reject %s, without echoing values', (_, values, type, message) => {
    const err = errorOf(() => parseRepositorySecret(secret('s', type, values), type));
    expect(err.message).toContain(message);
    expect(err.message).not.toContain(PASSWORD);
  });
});

describe('matchRepositoryCredentials', () => {
  const creds = (
    secretType: 'repository' | 'repo-creds',
    url: string,
    name = url,
  ): RepositoryCredentials => ({
    secretType,
    url,
    type: 'git',
    password: PASSWORD,
    username: 'u',
    secret: { namespace: 'keelson', name },
  });
  const all = [
    creds('repo-creds', 'https://git.example.com', 'host'),
    creds('repo-creds', 'https://git.example.com/team', 'team'),
    creds('repository', 'https://git.example.com/team/web.git', 'web'),
    creds('repo-creds', 'git@git.example.com:', 'ssh'),
  ];
  const cases: [string, string, string | undefined][] = [
    ['an exact repository Secret wins', 'https://GIT.example.com/team/web', 'web'],
    ['else the longest prefix', 'https://git.example.com/team/api.git', 'team'],
    ['a prefix only covers whole path segments', 'https://git.example.com/team-b/api', 'host'],
    ['scp-style SSH URLs', 'git@git.example.com:team/api.git', 'ssh'],
    ['nothing for another host', 'https://github.com/team/web', undefined],
  ];
  it.each(cases)('%s', (_, url, expected) => {
    expect(matchRepositoryCredentials(url, all)?.secret.name).toBe(expected);
  });

  it('does not depend on the order Secrets were listed in', () => {
    const twins = [
      creds('repo-creds', 'https://a.example/x', 'b'),
      creds('repo-creds', 'https://a.example/x/', 'a'),
    ];
    expect(matchRepositoryCredentials('https://a.example/x/y', twins)?.secret.name).toBe('a');
    expect(
      matchRepositoryCredentials('https://a.example/x/y', [...twins].reverse())?.secret.name,
    ).toBe('a');
  });
});

describe('readCredentialSecrets', () => {
  it('sorts labelled Secrets by kind, skips unlabelled ones, and reports broken ones without dropping the rest', () => {
    const set = readCredentialSecrets([
      secret('z-repo', 'repository', { url: 'https://git.example.com/a' }),
      clusterSecret('prod', 'https://prod.example.com', { bearerToken: TOKEN }),
      secret('broken', 'cluster', { name: 'x' }),
      secret('a-creds', 'repo-creds', {
        url: 'https://git.example.com',
        sshPrivateKey: PEM('OPENSSH PRIVATE KEY'),
      }),
      { metadata: { name: 'unrelated', namespace: 'keelson' }, data: { token: b64(TOKEN) } },
      secret('other', 'something-else', { url: 'https://x' }),
    ]);
    expect(set.clusters.map((c) => c.name)).toEqual(['prod']);
    expect(set.repositories.map((r) => r.secret.name)).toEqual(['a-creds', 'z-repo']);
    expect(set.problems.map((p) => p.message)).toEqual([
      'Secret/keelson/broken: server is missing',
    ]);
  });
});
