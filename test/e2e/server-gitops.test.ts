/**
 * The API server with the controller at work: Git webhooks that really
 * refresh applications, the server-sent event stream, the HTTP client
 * (`src/client`) against the real server, OIDC single sign-on with a real
 * identity provider, and `keelson admin initial-password`.
 */
import { createHmac } from 'node:crypto';
import { CoreV1Api } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Application } from '../../src/apis/index.js';
import { HttpBackend, login, logout, serverSettings } from '../../src/client/index.js';
import { runCliCaptured } from '../../src/cli/testing.js';
import { waitFor } from '../../src/core/index.js';
import { startApiServer } from '../../src/server/index.js';
import {
  BackendError,
  InvalidRequestError,
  UnauthenticatedError,
  UnavailableError,
  type ApplicationWatchEvent,
} from '../../src/service/index.js';
import { startOidcProvider, type LocalOidcProvider } from '../../src/testenv/index.js';
import { freePortForTests } from './support/cli-env.js';
import { configMapYaml } from './support/controller-env.js';
import { FAST_HASH, startServerEnv, type ServerEnv } from './support/server-env.js';

const GITHUB_SECRET = 'gh-webhook-secret-5b1c';
const GITLAB_SECRET = 'gl-webhook-secret-0d9e';
const OIDC_CLIENT_SECRET = 'oidc-client-secret-77a1';

let env: ServerEnv;
let adminToken: string;

const spec = (path: string) => ({
  source: { repoURL: env.repoURL, path, targetRevision: 'main' },
  destination: { server: 'https://kubernetes.default.svc', namespace: path },
  syncPolicy: { syncOptions: ['CreateNamespace=true'] },
});

const revisionOf = (app: Application | undefined): string | undefined =>
  app?.status?.sync?.revision;

beforeAll(async () => {
  // Resync every 10 minutes: within a test, only a webhook (or a change) makes the controller look at Git.
  env = await startServerEnv(
    'server-gitops',
    {
      'hooked/cm.yaml': configMapYaml('hooked', { version: '1' }),
      'streamed/cm.yaml': configMapYaml('streamed', { version: '1' }),
    },
    { controller: { resyncPeriodMs: 600_000 } },
  );
  adminToken = await env.login();
  await env.controller.createApp('hooked', spec('hooked'));
  await env.controller.createApp('streamed', spec('streamed'));
  const first = await env.controller.repo.revParse('HEAD');
  await env.controller.waitApp('hooked', 'compared with Git', (a) => revisionOf(a) === first);
}, 300_000);

afterAll(() => env?.stop());

function githubPush(before: string, after: string) {
  return JSON.stringify({
    ref: 'refs/heads/main',
    before,
    after,
    repository: { html_url: env.repoURL, clone_url: env.repoURL, default_branch: 'main' },
    commits: [{ id: after, added: [], modified: ['hooked/cm.yaml'], removed: [] }],
  });
}

const sign = (body: string, secret: string) =>
  `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

describe('webhooks', () => {
  it('refreshes the matching application on a signed GitHub push, and nothing on a bad signature', async () => {
    // GIVEN the GitHub secret is configured (a ping without a signature is refused once it is)
    await env.patchSecret('keelson-secret', { 'webhook.github.secret': GITHUB_SECRET });
    await waitFor(
      async () =>
        (
          await env.api('POST', '/api/webhook', {
            rawBody: '{}',
            headers: { 'content-type': 'application/json', 'x-github-event': 'ping' },
          })
        ).status === 401,
      { what: 'the server to load the GitHub webhook secret', timeoutMs: 10_000 },
    );
    // AND a new commit the controller has not seen (it resyncs only every 10 minutes)
    const before = await env.controller.repo.revParse('HEAD');
    const after = await env.controller.repo.commit('hooked v2', {
      'hooked/cm.yaml': configMapYaml('hooked', { version: '2' }),
    });
    const body = githubPush(before, after);
    // WHEN a delivery arrives with a wrong signature
    const forged = await env.api('POST', '/api/webhook', {
      rawBody: body,
      headers: {
        'content-type': 'application/json',
        'x-github-event': 'push',
        'x-hub-signature-256': sign(body, 'not-the-secret'),
      },
    });
    // THEN it is refused and nothing is refreshed
    expect(forged.status).toBe(401);
    expect(forged.body).toEqual({
      error: 'GitHub webhook: X-Hub-Signature-256 does not match the configured webhook secret',
      code: 401,
    });
    const untouched = await env.controller.getApp('hooked');
    expect(untouched?.metadata.annotations?.['keelson.dev/refresh']).toBeUndefined();
    expect(revisionOf(untouched)).toBe(before);
    // WHEN the correctly signed delivery arrives
    const res = await env.api<{ refreshed: number }>('POST', '/api/webhook', {
      rawBody: body,
      headers: {
        'content-type': 'application/json',
        'x-github-event': 'push',
        'x-hub-signature-256': sign(body, GITHUB_SECRET),
      },
    });
    // THEN the applications deploying from main of that repository are refreshed at once
    expect(res.status).toBe(200);
    expect(res.body.refreshed).toBe(2);
    expect(JSON.stringify(res.body)).not.toContain(GITHUB_SECRET);
    await env.controller.waitApp(
      'hooked',
      `compared with ${after}`,
      (a) => revisionOf(a) === after,
      30_000,
    );
  });

  it('accepts a GitLab push with the secret token and refuses a wrong one', async () => {
    await env.patchSecret('keelson-secret', { 'webhook.gitlab.secret': GITLAB_SECRET });
    await waitFor(
      async () =>
        (
          await env.api('POST', '/api/webhook', {
            rawBody: '{}',
            headers: { 'content-type': 'application/json', 'x-gitlab-event': 'Note Hook' },
          })
        ).status === 401,
      { what: 'the server to load the GitLab webhook secret', timeoutMs: 10_000 },
    );
    const before = await env.controller.repo.revParse('HEAD');
    const after = await env.controller.repo.commit('hooked v3', {
      'hooked/cm.yaml': configMapYaml('hooked', { version: '3' }),
    });
    const body = JSON.stringify({
      ref: 'refs/heads/main',
      before,
      after,
      project: { web_url: env.repoURL, git_http_url: env.repoURL, default_branch: 'main' },
      commits: [],
    });
    const headers = { 'content-type': 'application/json', 'x-gitlab-event': 'Push Hook' };
    const wrong = await env.api('POST', '/api/webhook', {
      rawBody: body,
      headers: { ...headers, 'x-gitlab-token': 'guess' },
    });
    expect(wrong.status).toBe(401);
    expect(revisionOf(await env.controller.getApp('hooked'))).toBe(before);
    const ok = await env.api<{ refreshed: number }>('POST', '/api/webhook', {
      rawBody: body,
      headers: { ...headers, 'x-gitlab-token': GITLAB_SECRET },
    });
    expect(ok).toMatchObject({ status: 200, body: { refreshed: 2 } });
    await env.controller.waitApp(
      'hooked',
      `compared with ${after}`,
      (a) => revisionOf(a) === after,
      30_000,
    );
  });
});

describe('event stream and HTTP client', () => {
  it('streams a change of an application to the HTTP client within seconds', async () => {
    const client = new HttpBackend({ server: env.url, token: adminToken });
    const events: ApplicationWatchEvent[] = [];
    const abort = new AbortController();
    const watching = client.applications.watch({ name: 'streamed', signal: abort.signal }, (e) =>
      events.push(e),
    );
    // GIVEN the stream starts with the application as it is
    await waitFor(() => events.some((e) => e.type === 'ADDED'), {
      what: 'the ADDED event of streamed',
      timeoutMs: 10_000,
    });
    // WHEN someone changes it through the API
    await client.applications.patch('streamed', { labels: { tier: 'gold' } });
    // THEN the change arrives on the stream
    await waitFor(
      () =>
        events.some(
          (e) => e.type === 'MODIFIED' && e.application.metadata.labels?.['tier'] === 'gold',
        ),
      { what: 'the MODIFIED event with the new label', timeoutMs: 10_000 },
    );
    expect(events.every((e) => e.application.metadata.name === 'streamed')).toBe(true);
    abort.abort();
    await watching;
  });

  it('sends a user without access no events of the applications they may not see', async () => {
    await env.addAccount('outsider', 'outsider-password');
    const outsider = new HttpBackend({
      server: env.url,
      token: await login(env.url, { username: 'outsider', password: 'outsider-password' }),
    });
    const admin = new HttpBackend({ server: env.url, token: adminToken });
    const seen: ApplicationWatchEvent[] = [];
    const adminSeen: ApplicationWatchEvent[] = [];
    const abort = new AbortController();
    const streams = [
      outsider.applications.watch({ signal: abort.signal }, (e) => seen.push(e)),
      admin.applications.watch({ signal: abort.signal }, (e) => adminSeen.push(e)),
    ];
    await waitFor(() => adminSeen.length >= 2, {
      what: 'admin to see both apps',
      timeoutMs: 10_000,
    });
    await admin.applications.patch('streamed', { labels: { tier: 'silver' } });
    await waitFor(
      () => adminSeen.some((e) => e.application.metadata.labels?.['tier'] === 'silver'),
      { what: 'admin to see the change', timeoutMs: 10_000 },
    );
    expect(seen).toEqual([]);
    abort.abort();
    await Promise.all(streams);
  });

  it('maps answers to the backend error classes', async () => {
    const client = new HttpBackend({ server: env.url, token: adminToken });
    const missing = await client.applications.get('no-such-app').catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(BackendError);
    expect(missing).toMatchObject({ status: 404 });
    const anonymous = new HttpBackend({ server: env.url });
    await expect(anonymous.applications.list()).rejects.toBeInstanceOf(UnauthenticatedError);
    await expect(
      client.applications.diffLocal({ application: 'x', directory: '.' }),
    ).rejects.toBeInstanceOf(InvalidRequestError);
    const port = await freePortForTests();
    const down = new HttpBackend({ server: `http://127.0.0.1:${port}`, token: adminToken });
    const refused = await down.applications.list().catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(UnavailableError);
    expect((refused as Error).message).toBe(
      `cannot reach the Keelson API server at http://127.0.0.1:${port}: ECONNREFUSED`,
    );
  });

  it('lists, reads, diffs and syncs through the client, recording who asked', async () => {
    const client = new HttpBackend({ server: env.url, token: adminToken });
    const list = await client.applications.list({ search: 'hook' });
    expect(list.items.map((a) => a.metadata.name)).toEqual(['hooked']);
    const diff = await client.applications.diff('hooked');
    expect(diff.application).toBe('hooked');
    expect(diff.resources.map((r) => `${r.kind}/${r.name}`)).toContain('ConfigMap/hooked');
    const synced = await client.applications.sync('hooked', {}, { username: 'ignored' });
    expect(synced.operation?.initiatedBy?.username).toBe('admin');
    await env.controller.waitApp(
      'hooked',
      'Synced',
      (a) => a.status?.sync?.status === 'Synced',
      60_000,
    );
    const events = await client.applications.events('hooked');
    expect(events.map((e) => e.message)).toContain(`admin requested sync to main`);
    expect(await client.accounts.canI('applications', 'delete', 'default/hooked')).toBe(true);
    expect((await client.accounts.userInfo()).username).toBe('admin');
  });

  it('logs in and out with the session functions', async () => {
    expect(await serverSettings(env.url)).toEqual({ url: env.url, version: 'e2e' });
    const token = await login(env.url, { username: 'admin', password: env.adminPassword });
    const client = new HttpBackend({ server: env.url, token });
    expect((await client.accounts.userInfo()).loggedIn).toBe(true);
    await logout(env.url, token);
    await expect(client.applications.list()).rejects.toBeInstanceOf(UnauthenticatedError);
    await expect(login(env.url, { username: 'admin', password: 'wrong' })).rejects.toThrow(
      'invalid username or password',
    );
  });
});

describe('single sign-on', () => {
  let idp: LocalOidcProvider;
  afterAll(() => idp?.close());

  it('logs a user in through the identity provider and maps their groups to RBAC', async () => {
    // GIVEN an identity provider that knows Keelson's callback, and keelson-cm pointing at it
    idp = await startOidcProvider({
      clients: [
        {
          client_id: 'keelson',
          client_secret: OIDC_CLIENT_SECRET,
          redirect_uris: [`${env.url}/auth/callback`],
        },
      ],
      users: [{ sub: 'u-1', email: 'jane@example.com', groups: ['ops', 'team-a'] }],
    });
    await env.patchSecret('keelson-secret', { 'oidc.clientSecret': OIDC_CLIENT_SECRET });
    await env.patchConfigMap('keelson-cm', {
      'oidc.config': `name: Test IdP\nissuer: ${idp.issuer}\nclientID: keelson\nclientSecret: $oidc.clientSecret\n`,
    });
    await env.patchConfigMap('keelson-rbac-cm', { 'policy.csv': 'g, ops, role:readonly\n' });
    await waitFor(async () => (await serverSettings(env.url)).oidc?.name === 'Test IdP', {
      what: 'the server to load oidc.config',
      timeoutMs: 10_000,
    });
    // WHEN the browser starts a login
    const start = await fetch(`${env.url}/auth/login?return_url=/applications/hooked`, {
      redirect: 'manual',
    });
    expect(start.status).toBe(303);
    const stateCookie = start.headers.getSetCookie().find((c) => c.startsWith('keelson.sso='));
    expect(stateCookie).toMatch(/HttpOnly/);
    // AND jane signs in at the provider, which sends the browser back to Keelson
    const callback = await idp.signIn(start.headers.get('location') ?? '', 'u-1');
    expect(callback.pathname).toBe('/auth/callback');
    const done = await fetch(callback, {
      redirect: 'manual',
      headers: { cookie: (stateCookie ?? '').split(';')[0] ?? '' },
    });
    // THEN she is sent back where she started with a session cookie
    expect(done.status, await done.clone().text()).toBe(303);
    expect(done.headers.get('location')).toBe('/applications/hooked');
    const session = done.headers.getSetCookie().find((c) => c.startsWith('keelson.token='));
    expect(session).toMatch(/HttpOnly; SameSite=Lax/);
    const cookie = (session ?? '').split(';')[0] ?? '';
    const me = await env.api('GET', '/api/v1/session/userinfo', { headers: { cookie } });
    expect(me.body).toEqual({
      loggedIn: true,
      username: 'jane@example.com',
      groups: ['ops', 'team-a'],
      via: 'sso',
    });
    // AND her group "ops" gives her role:readonly
    await waitFor(
      async () =>
        (
          await env.api<{ items: unknown[] }>('GET', '/api/v1/applications', {
            headers: { cookie },
          })
        ).body.items?.length === 2,
      { what: 'ops to read applications', timeoutMs: 10_000 },
    );
    const write = await env.api('PATCH', '/api/v1/applications/hooked', {
      headers: { cookie },
      body: { labels: { by: 'jane' } },
    });
    expect(write.status).toBe(403);
  });

  it('refuses a callback without the login state cookie', async () => {
    const res = await env.api('GET', '/auth/callback', { query: { code: 'x', state: 'y' } });
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ error: expect.stringMatching(/no login in progress/) });
  });
});

describe('keelson admin initial-password', () => {
  it('prints a generated password, and says when it came from the environment', async () => {
    const core = env.kc.makeApiClient(CoreV1Api);
    const kubeconfig = env.controller.cluster.kubeconfigPath;
    for (const ns of ['generated', 'from-env'])
      await core.createNamespace({ body: { metadata: { name: ns } } });
    // GIVEN a server started without an admin password: it generates one
    const generated = await startApiServer({
      backend: env.backend,
      kubeConfig: env.kc,
      namespace: 'generated',
      port: 0,
      address: '127.0.0.1',
      passwordHashParams: FAST_HASH,
    });
    const fromEnv = await startApiServer({
      backend: env.backend,
      kubeConfig: env.kc,
      namespace: 'from-env',
      port: 0,
      address: '127.0.0.1',
      adminPassword: 'set-by-the-operator',
      passwordHashParams: FAST_HASH,
    });
    try {
      const run = await runCliCaptured(
        'admin',
        'initial-password',
        '-n',
        'generated',
        '--kubeconfig',
        kubeconfig,
      );
      expect(run.code).toBe(0);
      const password = run.stdout.trim();
      expect(password).toMatch(/^[A-Za-z0-9]{32}$/);
      // THEN that password logs in, and only its hash is in keelson-secret
      await expect(login(generated.url, { username: 'admin', password })).resolves.toBeTruthy();
      const stored = await core.readNamespacedSecret({
        name: 'keelson-secret',
        namespace: 'generated',
      });
      const decoded = Object.values(stored.data ?? {}).map((v) =>
        Buffer.from(v, 'base64').toString(),
      );
      expect(decoded.join('\n')).not.toContain(password);
      // AND for a password from KEELSON_ADMIN_PASSWORD the command says so
      const env2 = await runCliCaptured(
        'admin',
        'initial-password',
        '-n',
        'from-env',
        '--kubeconfig',
        kubeconfig,
      );
      expect(env2.code).toBe(1);
      expect(env2.stderr).toContain('set from KEELSON_ADMIN_PASSWORD');
      await expect(
        login(fromEnv.url, { username: 'admin', password: 'set-by-the-operator' }),
      ).resolves.toBeTruthy();
    } finally {
      await generated.close();
      await fromEnv.close();
    }
  });
});
