/**
 * The direct backend against a real control plane (no controller): CRUD with
 * validation, list filters and paging, operation requests, deletion
 * propagation, projects, repository and cluster credentials, watches.
 */
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installCrds, type Application } from '../apis/index.js';
import { ClusterConnection } from '../cluster/index.js';
import { BACKGROUND_FINALIZER, FOREGROUND_FINALIZER } from '../controller/index.js';
import { waitFor } from '../core/index.js';
import { startLocalCluster, type LocalCluster } from '../testenv/index.js';
import {
  AlreadyExistsError,
  ConflictError,
  InvalidRequestError,
  NotFoundError,
  createDirectBackend,
  type ApplicationWatchEvent,
  type DirectBackend,
} from './index.js';

const NS = 'keelson';
const REPO = 'https://git.example.com/shop/apps.git';

function app(
  name: string,
  extra: Partial<Application['spec']> = {},
  labels?: Record<string, string>,
): Application {
  return {
    apiVersion: 'keelson.dev/v1alpha1',
    kind: 'Application',
    metadata: { name, ...(labels ? { labels } : {}) },
    spec: {
      project: 'default',
      source: { repoURL: REPO, path: name, targetRevision: 'main' },
      destination: { server: 'https://kubernetes.default.svc', namespace: 'shop' },
      ...extra,
    },
  };
}

let cluster: LocalCluster;
let kc: KubeConfig;
let core: CoreV1Api;
let backend: DirectBackend;
let cached: DirectBackend;
const actor = { username: 'alice' };

beforeAll(async () => {
  cluster = await startLocalCluster({ name: 'svc-backend', ephemeral: true });
  kc = new KubeConfig();
  kc.loadFromFile(cluster.kubeconfigPath);
  core = kc.makeApiClient(CoreV1Api);
  const crdConnection = ClusterConnection.fromKubeconfig(kc);
  await installCrds(crdConnection);
  crdConnection.close();
  await core.createNamespace({ body: { metadata: { name: NS } } });
  backend = await createDirectBackend({ kubeConfig: kc, namespace: NS });
  cached = await createDirectBackend({ kubeConfig: kc, namespace: NS, cacheApplications: true });
  await cached.ready();
});

afterAll(async () => {
  await backend?.close();
  await cached?.close();
  await cluster?.stop();
});

describe('applications: create, read, list', () => {
  beforeAll(async () => {
    await backend.projects.create({
      apiVersion: 'keelson.dev/v1alpha1',
      kind: 'AppProject',
      metadata: { name: 'shop' },
      spec: {
        sourceRepos: ['https://git.example.com/shop/*'],
        destinations: [{ server: 'https://kubernetes.default.svc', namespace: 'shop' }],
      },
    });
    for (const [name, labels] of [
      ['web', { team: 'shop', tier: 'web' }],
      ['db', { team: 'shop', tier: 'db' }],
      ['api', { team: 'core' }],
    ] as const) {
      await backend.applications.create(
        app(name, { project: name === 'api' ? 'default' : 'shop' }, labels),
      );
    }
  });

  it('GIVEN created apps WHEN listed THEN sorted, filtered by project and selector, paged', async () => {
    const all = await backend.applications.list();
    expect(all.items.map((a) => a.metadata.name)).toEqual(['api', 'db', 'web']);
    expect(all.total).toBe(3);
    const shop = await backend.applications.list({
      projects: ['shop'],
      selector: 'tier in (web,db),team=shop',
    });
    expect(shop.items.map((a) => a.metadata.name)).toEqual(['db', 'web']);
    const first = await backend.applications.list({ limit: 2 });
    expect(first.items.map((a) => a.metadata.name)).toEqual(['api', 'db']);
    const second = await backend.applications.list({ limit: 2, continue: first.continue });
    expect(second.items.map((a) => a.metadata.name)).toEqual(['web']);
    expect(second.continue).toBeUndefined();
    await expect(backend.applications.list({ selector: 'a in (' })).rejects.toBeInstanceOf(
      InvalidRequestError,
    );
  });

  it('GIVEN the cached backend THEN it lists the same, with the RBAC predicate before paging', async () => {
    await waitFor(async () => (await cached.applications.list()).total === 3, {
      what: 'cache sees 3 apps',
      timeoutMs: 10_000,
    });
    const visible = await cached.applications.list({ limit: 1 }, (a) => a.spec.project === 'shop');
    expect(visible.items.map((a) => a.metadata.name)).toEqual(['db']);
    expect(visible.total).toBe(2);
    expect((await cached.applications.get('web')).spec.source.path).toBe('web');
  });

  it('GIVEN a project rule violation THEN 400 naming it, and nothing is written', async () => {
    const outside = app('outside', {
      project: 'shop',
      source: { repoURL: 'https://evil.example.com/x.git', path: '.' },
    });
    await expect(backend.applications.create(outside)).rejects.toThrow(
      /not permitted in project "shop"/,
    );
    const wrongNs = app('wrongns', {
      project: 'shop',
      destination: { server: 'https://kubernetes.default.svc', namespace: 'kube-system' },
    });
    await expect(backend.applications.create(wrongNs)).rejects.toBeInstanceOf(InvalidRequestError);
    await expect(backend.applications.create(app('noproj', { project: 'nope' }))).rejects.toThrow(
      /project "nope" does not exist/,
    );
    await expect(
      backend.applications.create(
        app('nocluster', { destination: { name: 'prod', namespace: 'x' } }),
      ),
    ).rejects.toThrow(/not registered/);
    await expect(
      backend.applications.create({
        ...app('bad'),
        spec: { ...app('bad').spec, source: undefined },
      } as unknown as Application),
    ).rejects.toThrow(/spec\.source/);
    for (const name of ['outside', 'wrongns', 'noproj', 'nocluster', 'bad'])
      await expect(backend.applications.get(name)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('GIVEN an existing name THEN create conflicts unless upsert, which replaces the spec', async () => {
    await expect(backend.applications.create(app('api'))).rejects.toBeInstanceOf(
      AlreadyExistsError,
    );
    const replaced = await backend.applications.create(
      app('api', { source: { repoURL: REPO, path: 'api-v2' } }),
      { upsert: true },
    );
    expect(replaced.spec.source.path).toBe('api-v2');
  });

  it('GIVEN a patch THEN only those fields change and the result is validated', async () => {
    const patched = await backend.applications.patch('web', {
      source: { targetRevision: 'v2' },
      automated: true,
      selfHeal: true,
      labels: { tier: null, env: 'prod' },
    });
    expect(patched.spec.source).toMatchObject({ path: 'web', targetRevision: 'v2' });
    expect(patched.spec.syncPolicy?.automated).toEqual({ selfHeal: true });
    expect(patched.metadata.labels).toEqual({ team: 'shop', env: 'prod' });
    await expect(
      backend.applications.patch('web', { destination: { namespace: 'kube-system' } }),
    ).rejects.toBeInstanceOf(InvalidRequestError);
  });
});

describe('applications: operations', () => {
  it('GIVEN a sync request THEN operation is set, and a second one conflicts', async () => {
    await backend.applications.create(app('op'));
    const synced = await backend.applications.sync('op', { prune: true, revision: 'abc' }, actor);
    expect(synced.operation).toEqual({
      sync: { revision: 'abc', prune: true },
      initiatedBy: { username: 'alice' },
    });
    await expect(backend.applications.sync('op', {}, actor)).rejects.toBeInstanceOf(ConflictError);
    // Not started yet: terminating withdraws the request.
    const withdrawn = await backend.applications.terminateOperation('op');
    expect(withdrawn.operation).toBeUndefined();
    await expect(backend.applications.terminateOperation('op')).rejects.toBeInstanceOf(
      ConflictError,
    );
  });

  it('GIVEN automated sync THEN rollback is refused; an unknown history id is a 400', async () => {
    await expect(backend.applications.rollback('web', { id: 0 }, actor)).rejects.toThrow(
      /automated sync/,
    );
    await expect(backend.applications.rollback('op', { id: 7 }, actor)).rejects.toThrow(
      /no history entry with id 7/,
    );
  });

  it('GIVEN a refresh THEN the annotation is set', async () => {
    const refreshed = await backend.applications.refresh('op', 'hard');
    expect(refreshed.metadata.annotations?.['keelson.dev/refresh']).toBe('hard');
  });

  it('GIVEN each propagation THEN the cascade finalizer matches it', async () => {
    for (const name of ['del-fg', 'del-bg', 'del-orphan'])
      await backend.applications.create(app(name));
    await backend.applications.delete('del-fg');
    await backend.applications.delete('del-bg', 'background');
    await backend.applications.delete('del-orphan', 'orphan');
    // No controller runs here: a cascade finalizer keeps the Application until one does.
    expect((await backend.applications.get('del-fg')).metadata.finalizers).toEqual([
      FOREGROUND_FINALIZER,
    ]);
    expect((await backend.applications.get('del-bg')).metadata.finalizers).toEqual([
      BACKGROUND_FINALIZER,
    ]);
    await expect(backend.applications.get('del-orphan')).rejects.toBeInstanceOf(NotFoundError);
    await expect(backend.applications.delete('never-was')).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('projects', () => {
  it('GIVEN default THEN it exists on first use; destinations and sources are idempotent', async () => {
    const names = (await backend.projects.list()).map((p) => p.metadata.name);
    expect(names).toEqual(['default', 'shop']);
    const dest = { server: 'https://kubernetes.default.svc', namespace: 'shop-2' };
    await backend.projects.addDestination('shop', dest);
    const twice = await backend.projects.addDestination('shop', dest);
    expect(twice.spec.destinations?.filter((d) => d.namespace === 'shop-2')).toHaveLength(1);
    const removed = await backend.projects.removeDestination('shop', dest);
    expect(removed.spec.destinations?.some((d) => d.namespace === 'shop-2')).toBe(false);
    await backend.projects.addSource('shop', 'https://git.example.com/other.git');
    const sources = await backend.projects.addSource('shop', 'https://git.example.com/other');
    expect(sources.spec.sourceRepos).toEqual([
      'https://git.example.com/shop/*',
      'https://git.example.com/other.git',
    ]);
    await backend.projects.removeSource('shop', 'https://git.example.com/other.git');
  });

  it('GIVEN a project in use THEN delete is refused; unused THEN deleted', async () => {
    await expect(backend.projects.delete('shop')).rejects.toBeInstanceOf(ConflictError);
    await backend.projects.create({
      apiVersion: 'keelson.dev/v1alpha1',
      kind: 'AppProject',
      metadata: { name: 'empty' },
      spec: { sourceRepos: ['*'] },
    });
    await backend.projects.delete('empty');
    await expect(backend.projects.get('empty')).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('repositories and clusters', () => {
  it('GIVEN a repository with a password THEN the Secret has the label and keys, and no view shows the password', async () => {
    const url = 'https://git.example.com/shop/private.git';
    const view = await backend.repositories.add({
      url,
      username: 'bot',
      password: 's3cret-pw',
      project: 'shop',
    });
    expect(view).toMatchObject({
      url,
      type: 'git',
      credentialType: 'repository',
      hasCredentials: true,
      username: 'bot',
    });
    expect(view.secretName).toMatch(/^repo-[0-9a-f]{16}$/);
    expect(JSON.stringify(await backend.repositories.list())).not.toContain('s3cret-pw');
    const secret = await core.readNamespacedSecret({ name: view.secretName, namespace: NS });
    expect(secret.metadata?.labels?.['keelson.dev/secret-type']).toBe('repository');
    const decoded = Object.fromEntries(
      Object.entries(secret.data ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64').toString()]),
    );
    expect(decoded).toEqual({
      url,
      type: 'git',
      project: 'shop',
      username: 'bot',
      password: 's3cret-pw',
    });
    await expect(backend.repositories.add({ url: `${url}/` })).rejects.toBeInstanceOf(
      AlreadyExistsError,
    );
    const replaced = await backend.repositories.add({ url, upsert: true });
    expect(replaced).toMatchObject({ secretName: view.secretName, hasCredentials: false });
    const template = await backend.repositories.add({
      url: 'https://git.example.com/shop',
      credentialTemplate: true,
      username: 'bot',
      password: 'tmpl-pw',
    });
    expect(template.secretName).toMatch(/^creds-/);
    await expect(backend.repositories.add({ url: 'file:///tmp/x' })).rejects.toBeInstanceOf(
      InvalidRequestError,
    );
    await expect(
      backend.repositories.add({ url: 'https://x.example.com/r.git', username: 'u' }),
    ).rejects.toThrow(/password is missing/);
    await backend.repositories.remove(url);
    await expect(backend.repositories.get(url)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('GIVEN a cluster THEN it is listed after in-cluster without credentials, and removed', async () => {
    const view = await backend.clusters.add({
      name: 'prod',
      server: 'https://prod.example.com:6443/',
      bearerToken: 'cluster-token-123',
      tls: { insecure: true },
      namespaces: ['a', 'b'],
      labels: { env: 'prod' },
    });
    expect(view).toMatchObject({
      name: 'prod',
      server: 'https://prod.example.com:6443',
      namespaces: ['a', 'b'],
      labels: { env: 'prod' },
    });
    const list = await backend.clusters.list();
    expect(list.map((c) => c.name)).toEqual(['in-cluster', 'prod']);
    expect(JSON.stringify(list)).not.toContain('cluster-token-123');
    expect((await backend.clusters.get('https://prod.example.com:6443')).name).toBe('prod');
    await expect(
      backend.clusters.add({ name: 'prod', server: 'https://other:6443', bearerToken: 't' }),
    ).rejects.toBeInstanceOf(AlreadyExistsError);
    await expect(
      backend.clusters.add({ name: 'nocreds', server: 'https://x:6443' }),
    ).rejects.toThrow(/no credentials/);
    await expect(backend.clusters.remove('in-cluster')).rejects.toBeInstanceOf(InvalidRequestError);
    // A registered cluster is a valid destination.
    await backend.applications.create(
      app('on-prod', { destination: { name: 'prod', namespace: 'shop' } }),
    );
    await backend.applications.delete('on-prod', 'orphan');
    await backend.clusters.remove('prod');
    expect((await backend.clusters.list()).map((c) => c.name)).toEqual(['in-cluster']);
  });
});

describe('watch', () => {
  for (const mode of ['direct', 'cached'] as const) {
    it(`GIVEN the ${mode} backend THEN ADDED, MODIFIED and DELETED arrive`, async () => {
      const b = mode === 'cached' ? cached : backend;
      const name = `watched-${mode}`;
      await backend.applications.create(app(name));
      const events: ApplicationWatchEvent[] = [];
      const abort = new AbortController();
      const watching = b.applications.watch({ name, signal: abort.signal }, (e) => events.push(e));
      const seen = (type: string) =>
        waitFor(() => events.some((e) => e.type === type && e.application.metadata.name === name), {
          what: `${mode} watch: ${type}`,
          timeoutMs: 10_000,
        });
      await seen('ADDED');
      await backend.applications.refresh(name, 'normal');
      await seen('MODIFIED');
      await backend.applications.delete(name, 'orphan');
      await seen('DELETED');
      abort.abort();
      await watching;
      expect(events.every((e) => e.application.metadata.name === name)).toBe(true);
    });
  }
});
