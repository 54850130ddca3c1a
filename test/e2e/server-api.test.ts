/**
 * The API server over real HTTP on a real control plane: logins, sessions,
 * API tokens, RBAC for every role × action, error answers, metrics,
 * probes and the OpenAPI description.
 */
import { CustomObjectsApi } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SessionIssuer } from '../../src/api/index.js';
import { waitFor } from '../../src/core/index.js';
import { configMapYaml } from './support/controller-env.js';
import { startServerEnv, type ApiResponse, type ServerEnv } from './support/server-env.js';

const IN_CLUSTER = 'https://kubernetes.default.svc';
const POLICY = `
p, proj:team-a:deployer, applications, sync, team-a/*, allow
p, proj:team-a:deployer, applications, get, team-a/*, allow
g, deployer, proj:team-a:deployer
g, viewer, role:readonly
`;

let env: ServerEnv;
const tokens: Record<string, string> = {};

function application(name: string, project: string, path = 'team-a') {
  return {
    apiVersion: 'keelson.dev/v1alpha1',
    kind: 'Application',
    metadata: { name },
    spec: {
      project,
      source: { repoURL: env.repoURL, path, targetRevision: 'main' },
      destination: { server: IN_CLUSTER, namespace: path },
      syncPolicy: { syncOptions: ['CreateNamespace=true'] },
    },
  };
}

function appProject(name: string) {
  return {
    apiVersion: 'keelson.dev/v1alpha1',
    kind: 'AppProject',
    metadata: { name },
    spec: {
      sourceRepos: ['*'],
      destinations: [{ server: '*', namespace: '*' }],
      clusterResourceWhitelist: [{ group: '*', kind: '*' }],
    },
  };
}

beforeAll(async () => {
  env = await startServerEnv('server-api', {
    'team-a/cm.yaml': configMapYaml('team-a-config', { color: 'blue' }),
    'team-b/cm.yaml': configMapYaml('team-b-config', { color: 'green' }),
  });
  const custom = env.kc.makeApiClient(CustomObjectsApi);
  for (const name of ['team-a', 'default'])
    await custom
      .createNamespacedCustomObject({
        group: 'keelson.dev',
        version: 'v1alpha1',
        namespace: env.namespace,
        plural: 'appprojects',
        body: appProject(name),
      })
      .catch(() => undefined);
  tokens.admin = await env.login();
  for (const [name, body] of [
    ['a-web', application('a-web', 'team-a')],
    ['b-api', application('b-api', 'default', 'team-b')],
  ] as const) {
    const res = await env.api('POST', '/api/v1/applications', { token: tokens.admin, body });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    void name;
  }
  await env.patchConfigMap('keelson-rbac-cm', { 'policy.csv': POLICY });
  for (const user of ['viewer', 'deployer', 'nobody']) {
    await env.addAccount(user, `${user}-password`);
    tokens[user] = await env.login(user, `${user}-password`);
  }
  // The policy is re-read every 300 ms: wait until it applies.
  await waitFor(
    async () =>
      (
        await env.api<{ value: string }>(
          'GET',
          '/api/v1/account/can-i/applications/sync/team-a%2Fa-web',
          { token: tokens.deployer },
        )
      ).body.value === 'yes',
    { what: 'the RBAC policy to load', timeoutMs: 10_000 },
  );
}, 300_000);

afterAll(() => env?.stop());

describe('logins and sessions', () => {
  it('logs in, says who the caller is, and sets an HttpOnly cookie', async () => {
    const res = await env.api<{ token: string }>('POST', '/api/v1/session', {
      body: { username: 'admin', password: env.adminPassword },
    });
    expect(res.status).toBe(200);
    expect(res.body.token.split('.')).toHaveLength(3);
    expect(res.headers.get('set-cookie')).toMatch(/^keelson\.token=.+HttpOnly; SameSite=Lax/);
    const me = await env.api('GET', '/api/v1/session/userinfo', { token: res.body.token });
    expect(me.body).toEqual({ loggedIn: true, username: 'admin', groups: [], via: 'local' });
    const anonymous = await env.api('GET', '/api/v1/session/userinfo');
    expect(anonymous.body).toEqual({ loggedIn: false });
  });

  it('refuses a wrong password and an unknown user with the same message', async () => {
    for (const username of ['admin', 'no-such-user']) {
      const res = await env.api('POST', '/api/v1/session', {
        body: { username, password: 'wrong-password' },
      });
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ error: 'invalid username or password', code: 401 });
    }
  });

  it('locks a username out after 5 failures with 429 and Retry-After', async () => {
    await env.addAccount('guessed', 'guessed-password');
    const attempt = (password: string) =>
      env.api('POST', '/api/v1/session', { body: { username: 'guessed', password } });
    for (let i = 0; i < 5; i++) expect((await attempt('nope')).status).toBe(401);
    // THEN even the right password is refused until the lock-out ends
    const locked = await attempt('guessed-password');
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(locked.body).toMatchObject({
      code: 429,
      error: expect.stringMatching(/too many failed logins/),
    });
  });

  it('refuses requests without a token, with a bad token, or an expired one', async () => {
    expect((await env.api('GET', '/api/v1/applications')).status).toBe(401);
    const bad = await env.api('GET', '/api/v1/applications', { token: 'not.a.token' });
    expect(bad.status).toBe(401);
    expect(bad.body).toMatchObject({ error: expect.stringMatching(/^token is invalid/) });
    // GIVEN a session signed with the server's key that expired an hour ago
    const key = Buffer.from(
      (await env.readSecret('keelson-secret'))['server.secretkey'] ?? '',
      'hex',
    );
    const past = new SessionIssuer({ key, clock: () => Date.now() - 25 * 3600 * 1000 });
    const { token } = await past.issueSession({ username: 'admin' });
    const expired = await env.api('GET', '/api/v1/applications', { token });
    expect(expired.status).toBe(401);
    expect(expired.body).toMatchObject({ error: expect.stringMatching(/^token expired at /) });
  });

  it('revokes a session on logout, also after the server re-reads its settings', async () => {
    const token = await env.login();
    expect((await env.api('GET', '/api/v1/applications', { token })).status).toBe(200);
    expect((await env.api('DELETE', '/api/v1/session', { token })).status).toBe(200);
    const after = await env.api('GET', '/api/v1/applications', { token });
    expect(after.status).toBe(401);
    expect(after.body).toMatchObject({ error: expect.stringMatching(/has been revoked/) });
    // The revocation is stored in keelson-secret, so a restart keeps it.
    const stored = JSON.parse((await env.readSecret('keelson-secret'))['sessions.revoked'] ?? '{}');
    expect(Object.keys(stored).length).toBeGreaterThan(0);
  });

  it('creates, lists, uses and revokes API tokens; the token is never listed', async () => {
    const created = await env.api<{ id: string; token: string }>(
      'POST',
      '/api/v1/account/viewer/token',
      { token: tokens.admin, body: { id: 'ci-pipeline', expiresInSeconds: 3600 } },
    );
    expect(created.status).toBe(200);
    expect(created.body.id).toBe('ci-pipeline');
    const ci = created.body.token;
    const me = await env.api('GET', '/api/v1/session/userinfo', { token: ci });
    expect(me.body).toMatchObject({ loggedIn: true, username: 'viewer', via: 'token' });
    expect((await env.api('GET', '/api/v1/applications', { token: ci })).status).toBe(200);
    const account = await env.api<{ tokens: { id: string }[] }>('GET', '/api/v1/account/viewer', {
      token: tokens.admin,
    });
    expect(account.body.tokens.map((t) => t.id)).toEqual(['ci-pipeline']);
    expect(JSON.stringify(account.body)).not.toContain(ci);
    // a second token with the same id is refused
    const again = await env.api('POST', '/api/v1/account/viewer/token', {
      token: tokens.admin,
      body: { id: 'ci-pipeline' },
    });
    expect(again.status).toBe(409);
    // WHEN the token is revoked THEN it stops working at once
    const revoked = await env.api('DELETE', '/api/v1/account/viewer/token/ci-pipeline', {
      token: tokens.admin,
    });
    expect(revoked.status).toBe(200);
    expect((await env.api('GET', '/api/v1/applications', { token: ci })).status).toBe(401);
  });

  it('lets a user create their own token but not someone else’s', async () => {
    const own = await env.api('POST', '/api/v1/account/viewer/token', {
      token: tokens.viewer,
      body: {},
    });
    expect(own.status).toBe(200);
    const other = await env.api('POST', '/api/v1/account/admin/token', {
      token: tokens.viewer,
      body: {},
    });
    expect(other.status).toBe(403);
  });

  it('writes audit lines for logins and changes, without secrets', async () => {
    const audit = env.auditLog();
    expect(audit).toContainEqual(
      expect.objectContaining({ user: 'admin', action: 'login', result: 'allowed', status: 200 }),
    );
    expect(audit).toContainEqual(
      expect.objectContaining({
        user: 'no-such-user',
        action: 'login',
        result: 'failed',
        status: 401,
      }),
    );
    expect(audit).toContainEqual(
      expect.objectContaining({
        user: 'viewer',
        action: 'create-token',
        resource: 'accounts',
        result: 'denied',
      }),
    );
    const all = env.logLines.join('');
    expect(all).not.toContain(env.adminPassword);
    expect(all).not.toContain('viewer-password');
    expect(all).not.toContain(tokens.admin);
  });

  it('refuses a cookie-authenticated write without a JSON body or X-Requested-With (CSRF)', async () => {
    const cookie = `keelson.token=${tokens.admin}`;
    const forged = await env.api('DELETE', '/api/v1/applications/b-api', {
      headers: { cookie },
    });
    expect(forged.status).toBe(403);
    expect(forged.body).toMatchObject({
      error: expect.stringMatching(/cross-site request refused/),
    });
    expect(
      (await env.api('GET', '/api/v1/applications/b-api', { headers: { cookie } })).status,
    ).toBe(200);
  });
});

interface Case {
  readonly what: string;
  readonly method: string;
  readonly path: (user: string) => string;
  readonly body?: (user: string) => unknown;
  readonly query?: Record<string, string>;
  /** Who may. */
  readonly allowed: readonly string[];
  /** Prepares the object a destructive case acts on, as admin. */
  readonly setup?: (user: string) => Promise<void>;
  /** After a refusal: the state the request would have changed, which must be as before. */
  readonly unchanged?: (user: string) => Promise<unknown>;
}

const USERS = ['admin', 'viewer', 'deployer', 'nobody'];
const enc = encodeURIComponent;

describe('RBAC', () => {
  const adminCall = (method: string, path: string, body?: unknown) =>
    env.api(method, path, { token: tokens.admin, ...(body ? { body } : {}) });
  // What a refused request could have changed. Not resourceVersion: the
  // controller writes status all the time.
  const appState = async (name: string) => {
    const { body } = (await adminCall('GET', `/api/v1/applications/${name}`)) as ApiResponse<{
      metadata?: { labels?: unknown };
      spec?: unknown;
    }>;
    return JSON.stringify({ labels: body.metadata?.labels, spec: body.spec });
  };
  // Whether `user` ever got an operation started on the application.
  const startedBy = async (name: string, user: string) => {
    const { body } = (await adminCall('GET', `/api/v1/applications/${name}`)) as ApiResponse<{
      operation?: { initiatedBy?: { username?: string } };
      status?: { operationState?: { operation?: { initiatedBy?: { username?: string } } } };
    }>;
    return (
      body.operation?.initiatedBy?.username === user ||
      body.status?.operationState?.operation?.initiatedBy?.username === user
    );
  };
  const status = async (path: string) => (await adminCall('GET', path)).status;

  const cases: Case[] = [
    {
      what: 'get an application of team-a',
      method: 'GET',
      path: () => '/api/v1/applications/a-web',
      allowed: ['admin', 'viewer', 'deployer'],
    },
    {
      what: 'get an application of project default',
      method: 'GET',
      path: () => '/api/v1/applications/b-api',
      allowed: ['admin', 'viewer'],
    },
    {
      what: 'create an application',
      method: 'POST',
      path: () => '/api/v1/applications',
      body: (u) => application(`new-${u}`, 'team-a'),
      allowed: ['admin'],
      unchanged: (u) => status(`/api/v1/applications/new-${u}`),
    },
    {
      what: 'update an application',
      method: 'PATCH',
      path: () => '/api/v1/applications/a-web',
      body: (u) => ({ labels: { [`touched-by-${u}`]: 'yes' } }),
      allowed: ['admin'],
      unchanged: () => appState('a-web'),
    },
    {
      what: 'delete an application',
      method: 'DELETE',
      path: (u) => `/api/v1/applications/doomed-${u}`,
      query: { cascade: 'false' },
      allowed: ['admin'],
      setup: async (u) => {
        const res = await adminCall(
          'POST',
          '/api/v1/applications',
          application(`doomed-${u}`, 'team-a'),
        );
        expect(res.status, JSON.stringify(res.body)).toBe(200);
      },
      unchanged: (u) => status(`/api/v1/applications/doomed-${u}`),
    },
    {
      what: 'sync an application of team-a',
      method: 'POST',
      path: () => '/api/v1/applications/a-web/sync',
      body: () => ({ dryRun: true }),
      allowed: ['admin', 'deployer'],
      unchanged: (u) => startedBy('a-web', u),
    },
    {
      what: 'sync to another revision (override)',
      method: 'POST',
      path: () => '/api/v1/applications/a-web/sync',
      body: () => ({ revision: 'v0-does-not-matter', dryRun: true }),
      allowed: ['admin'],
      unchanged: (u) => startedBy('a-web', u),
    },
    {
      what: 'run a resource action',
      method: 'POST',
      path: () => '/api/v1/applications/a-web/resource/actions',
      query: { group: 'apps', kind: 'Deployment', namespace: 'team-a', resourceName: 'none' },
      body: () => ({ action: 'restart' }),
      allowed: ['admin'],
    },
    {
      what: 'read pod logs',
      method: 'GET',
      path: () => '/api/v1/applications/a-web/logs',
      query: { namespace: 'team-a', podName: 'none' },
      allowed: ['admin', 'viewer'],
    },
    {
      what: 'get a project',
      method: 'GET',
      path: () => '/api/v1/projects/team-a',
      allowed: ['admin', 'viewer'],
    },
    {
      what: 'create a project',
      method: 'POST',
      path: () => '/api/v1/projects',
      body: (u) => appProject(`proj-${u}`),
      allowed: ['admin'],
      unchanged: (u) => status(`/api/v1/projects/proj-${u}`),
    },
    {
      what: 'delete a project',
      method: 'DELETE',
      path: (u) => `/api/v1/projects/gone-${u}`,
      allowed: ['admin'],
      setup: async (u) => {
        const res = await adminCall('POST', '/api/v1/projects', appProject(`gone-${u}`));
        expect(res.status, JSON.stringify(res.body)).toBe(200);
      },
      unchanged: (u) => status(`/api/v1/projects/gone-${u}`),
    },
    {
      what: 'get a repository',
      method: 'GET',
      path: () => `/api/v1/repositories/${enc(env.repoURL)}`,
      allowed: ['admin', 'viewer'],
    },
    {
      what: 'add a repository',
      method: 'POST',
      path: () => '/api/v1/repositories',
      body: (u) => ({
        url: `https://git.example.com/${u}.git`,
        username: 'x',
        password: 'repo-secret-1',
      }),
      allowed: ['admin'],
      unchanged: (u) => status(`/api/v1/repositories/${enc(`https://git.example.com/${u}.git`)}`),
    },
    {
      what: 'delete a repository',
      method: 'DELETE',
      path: (u) => `/api/v1/repositories/${enc(`https://git.example.com/old-${u}.git`)}`,
      allowed: ['admin'],
      setup: async (u) => {
        await adminCall('POST', '/api/v1/repositories', {
          url: `https://git.example.com/old-${u}.git`,
        });
      },
      unchanged: (u) =>
        status(`/api/v1/repositories/${enc(`https://git.example.com/old-${u}.git`)}`),
    },
    {
      what: 'get a cluster',
      method: 'GET',
      path: () => `/api/v1/clusters/${enc(IN_CLUSTER)}`,
      allowed: ['admin', 'viewer'],
    },
    {
      what: 'add a cluster',
      method: 'POST',
      path: () => '/api/v1/clusters',
      body: (u) => ({
        name: `c-${u}`,
        server: `https://c-${u}.example.com`,
        bearerToken: 'cluster-secret-1',
      }),
      allowed: ['admin'],
      unchanged: (u) => status(`/api/v1/clusters/c-${u}`),
    },
    {
      what: 'delete a cluster',
      method: 'DELETE',
      path: (u) => `/api/v1/clusters/old-${u}`,
      allowed: ['admin'],
      setup: async (u) => {
        const res = await adminCall('POST', '/api/v1/clusters', {
          name: `old-${u}`,
          server: `https://old-${u}.example.com`,
          bearerToken: 'cluster-secret-2',
        });
        expect(res.status, JSON.stringify(res.body)).toBe(200);
      },
      unchanged: (u) => status(`/api/v1/clusters/old-${u}`),
    },
  ];

  const table = cases.flatMap((c) => USERS.map((user) => [c.what, user, c] as const));
  it.each(table)('%s as %s', async (_what, user, c) => {
    await c.setup?.(user);
    const before = await c.unchanged?.(user);
    const res = await env.api(c.method, c.path(user), {
      token: tokens[user],
      ...(c.body ? { body: c.body(user) } : {}),
      ...(c.query ? { query: c.query } : {}),
    });
    if (c.allowed.includes(user)) {
      expect(res.status, JSON.stringify(res.body)).not.toBe(403);
      expect(res.status).not.toBe(401);
    } else {
      expect(res.status, JSON.stringify(res.body)).toBe(403);
      expect(res.body).toMatchObject({
        code: 403,
        error: expect.stringMatching(/^permission denied: /),
      });
      if (c.unchanged) expect(await c.unchanged(user)).toEqual(before);
    }
  });

  it('lists only the applications the caller may get', async () => {
    const names = async (user: string) =>
      (
        await env.api<{ items: { metadata: { name: string } }[]; total: number }>(
          'GET',
          '/api/v1/applications',
          { token: tokens[user] },
        )
      ).body;
    const deployer = await names('deployer');
    expect(deployer.items.every((a) => a.metadata.name !== 'b-api')).toBe(true);
    expect(deployer.items.map((a) => a.metadata.name)).toContain('a-web');
    expect(deployer.total).toBe(deployer.items.length);
    expect(await names('nobody')).toMatchObject({ items: [], total: 0 });
    expect((await names('viewer')).items.map((a) => a.metadata.name)).toContain('b-api');
  });

  it('answers can-i for the caller', async () => {
    const ask = async (user: string, path: string) =>
      (
        await env.api<{ value: string }>('GET', `/api/v1/account/can-i/${path}`, {
          token: tokens[user],
        })
      ).body.value;
    expect(await ask('deployer', 'applications/sync/team-a%2Fanything')).toBe('yes');
    expect(await ask('deployer', 'applications/sync/default%2Fb-api')).toBe('no');
    expect(await ask('nobody', 'applications/get/*%2F*')).toBe('no');
  });

  it('never returns repository or cluster credentials', async () => {
    const repos = await env.api('GET', '/api/v1/repositories', { token: tokens.admin });
    const clusters = await env.api('GET', '/api/v1/clusters', { token: tokens.admin });
    expect(JSON.stringify(repos.body)).not.toContain('repo-secret-1');
    expect(JSON.stringify(clusters.body)).not.toContain('cluster-secret-1');
    expect(JSON.stringify(repos.body)).not.toContain('e2e-git-password');
  });
});

describe('error answers', () => {
  it('answers malformed JSON with 400', async () => {
    const res = await env.api('POST', '/api/v1/applications', {
      token: tokens.admin,
      rawBody: '{"apiVersion": ',
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 400 });
  });

  it('answers a schema violation with 400 naming the field, and creates nothing', async () => {
    const body = application('bad-app', 'team-a') as { spec: Record<string, unknown> };
    delete body.spec.destination;
    const res = await env.api('POST', '/api/v1/applications', { token: tokens.admin, body });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: expect.stringMatching(/body\/spec\/destination/) });
    expect(
      (await env.api('GET', '/api/v1/applications/bad-app', { token: tokens.admin })).status,
    ).toBe(404);
  });

  it('answers a body over 1 MiB with 413', async () => {
    const res = await env.api('POST', '/api/v1/applications', {
      token: tokens.admin,
      rawBody: JSON.stringify({ padding: 'x'.repeat(1024 * 1024 + 10) }),
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ code: 413 });
  });

  it('answers an unknown application and an unknown route with 404 JSON', async () => {
    const app = await env.api('GET', '/api/v1/applications/no-such-app', { token: tokens.admin });
    expect(app.status).toBe(404);
    expect(app.body).toMatchObject({ code: 404, error: expect.stringMatching(/no-such-app/) });
    const route = await env.api('GET', '/api/v1/no-such-route', { token: tokens.admin });
    expect(route).toMatchObject({ status: 404, body: { code: 404 } });
  });
});

describe('operations endpoints', () => {
  it('serves /healthz, /readyz and Prometheus metrics', async () => {
    expect((await env.api('GET', '/healthz')).status).toBe(200);
    expect((await env.api('GET', '/readyz')).status).toBe(200);
    const metrics = await env.api<string>('GET', '/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.body).toMatch(
      /keelson_api_requests_total\{method="GET",route="\/api\/v1\/applications",status="200"\} \d+/,
    );
    expect(metrics.body).toContain('keelson_api_request_duration_seconds_bucket');
    expect(metrics.body).toContain('process_cpu_seconds_total');
  });

  it('describes the API in OpenAPI', async () => {
    const res = await env.api<{ openapi: string; paths: Record<string, unknown> }>(
      'GET',
      '/api/openapi.json',
    );
    expect(res.status).toBe(200);
    expect(res.body.openapi).toMatch(/^3\./);
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/applications',
        '/api/v1/applications/{name}/sync',
        '/api/v1/session',
        '/api/v1/projects',
        '/api/webhook',
      ]),
    );
  });

  it('serves the public settings and a page saying the UI is not built', async () => {
    const settings = await env.api('GET', '/api/v1/settings');
    expect(settings.body).toEqual({ url: env.url, version: 'e2e' });
    const page = await env.api<string>('GET', '/');
    expect(page.status).toBe(200);
    expect(page.body).toContain('The web UI is not built');
  });
});
