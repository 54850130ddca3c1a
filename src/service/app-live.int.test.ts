/**
 * The direct backend with a real controller, a real Git server with
 * credentials and a real control plane: diffs (Git and working copy), the
 * resource tree, resource actions, logs, events, rollback and termination.
 */
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installCrds, type Application } from '../apis/index.js';
import { ClusterConnection } from '../cluster/index.js';
import { ApplicationController, defaultControllerOptions } from '../controller/index.js';
import { silentLogger, waitFor } from '../core/index.js';
import {
  createGitRepo,
  ensureTools,
  startGitHttpServer,
  startLocalCluster,
  type GitHttpServer,
  type GitRepoFixture,
  type LocalCluster,
} from '../testenv/index.js';
import {
  NotFoundError,
  UnavailableError,
  createDirectBackend,
  type DirectBackend,
} from './index.js';

const NS = 'keelson';
const GIT = { username: 'keelson-bot', password: 'svc-git-password' };

const deployment = (name: string, image: string, extra = ''): string => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
${extra}spec:
  replicas: 1
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
      containers:
        - name: main
          image: ${image}
`;
const configMap = (name: string, extra = ''): string =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n${extra}data:\n  k: v\n`;
const secret = (value: string): string =>
  `apiVersion: v1\nkind: Secret\nmetadata:\n  name: creds\nstringData:\n  password: ${value}\n`;

let cluster: LocalCluster;
let kc: KubeConfig;
let core: CoreV1Api;
let git: GitHttpServer;
let repo: GitRepoFixture;
let repoURL: string;
let backend: DirectBackend;
let controller: ApplicationController;
const cleanup: string[] = [];
const actor = { username: 'alice' };

function appSpec(name: string, path: string): Application {
  return {
    apiVersion: 'keelson.dev/v1alpha1',
    kind: 'Application',
    metadata: { name },
    spec: {
      source: { repoURL, path, targetRevision: 'main' },
      destination: { server: 'https://kubernetes.default.svc', namespace: 'web' },
    },
  };
}

async function waitApp(
  name: string,
  what: string,
  ok: (app: Application) => boolean,
  timeoutMs = 60_000,
) {
  let last: Application | undefined;
  try {
    return await waitFor(
      async () => {
        last = await backend.applications.get(name);
        return ok(last) ? last : undefined;
      },
      { what: `${name}: ${what}`, timeoutMs, intervalMs: 200 },
    );
  } catch (err) {
    throw new Error(
      `${(err as Error).message}; last: ${JSON.stringify({ op: last?.operation, st: { ...last?.status, resources: undefined } })}`,
    );
  }
}

const succeeded =
  (after = '') =>
  (app: Application) =>
    !app.operation &&
    app.status?.operationState?.phase === 'Succeeded' &&
    (app.status.operationState.finishedAt ?? '') > after;

beforeAll(async () => {
  cluster = await startLocalCluster({ name: 'svc-live', ephemeral: true });
  kc = new KubeConfig();
  kc.loadFromFile(cluster.kubeconfigPath);
  core = kc.makeApiClient(CoreV1Api);
  const crdConnection = ClusterConnection.fromKubeconfig(kc);
  await installCrds(crdConnection);
  crdConnection.close();
  for (const name of [NS, 'web']) await core.createNamespace({ body: { metadata: { name } } });
  const gitRoot = await mkdtemp(join(tmpdir(), 'keelson-svc-git-'));
  const cacheDir = await mkdtemp(join(tmpdir(), 'keelson-svc-cache-'));
  cleanup.push(gitRoot, cacheDir);
  repo = await createGitRepo({
    dir: join(gitRoot, 'apps'),
    files: {
      'web/deployment.yaml': deployment('web', 'nginx:1.27'),
      'web/config.yaml': configMap('settings'),
      'web/secret.yaml': secret('first-secret-value'),
      'slow/deployment.yaml': deployment('stuck', 'nginx:1.27', '').replace(
        '      containers:',
        '      nodeSelector: {keelson.dev/no-such-node: "true"}\n      containers:',
      ),
      'slow/late.yaml': configMap('late', '  annotations: {keelson.dev/sync-wave: "1"}\n'),
    },
  });
  git = await startGitHttpServer({ root: gitRoot, credentials: GIT });
  repoURL = git.urlFor('apps');
  const tools = await ensureTools(['helm', 'kustomize']);
  backend = await createDirectBackend({
    kubeConfig: kc,
    namespace: NS,
    cacheDir: join(cacheDir, 'backend'),
    ...tools,
  });
  await backend.repositories.add({ url: repoURL, ...GIT });
  controller = new ApplicationController(
    kc,
    {
      ...defaultControllerOptions({
        namespace: NS,
        cacheDir: join(cacheDir, 'controller'),
        tools,
        identity: 'svc-live',
      }),
      resyncPeriodMs: 2_000,
      resyncJitter: 0,
      leaderElection: false,
      waveTimeoutMs: 60_000,
    },
    silentLogger,
  );
  void controller.start();
  await backend.applications.create(appSpec('web', 'web'));
  await backend.applications.sync('web', {}, actor);
  await waitApp(
    'web',
    'first sync succeeded and healthy',
    (a) => succeeded()(a) && a.status?.health?.status === 'Healthy',
  );
});

afterAll(async () => {
  await controller?.stop();
  await backend?.close();
  await git?.close();
  await cluster?.stop();
  for (const dir of cleanup) await rm(dir, { recursive: true, force: true });
});

describe('after a sync', () => {
  it('GIVEN a Deployment THEN the tree holds Deployment → ReplicaSet → Pod with health and images', async () => {
    const tree = await waitFor(
      async () => {
        const t = await backend.applications.resourceTree('web');
        return t.nodes.some((n) => n.kind === 'Pod') ? t : undefined;
      },
      { what: 'a Pod in the tree', timeoutMs: 30_000, intervalMs: 300 },
    );
    const dep = tree.nodes.find((n) => n.kind === 'Deployment');
    const rs = tree.nodes.find((n) => n.kind === 'ReplicaSet');
    const pod = tree.nodes.find((n) => n.kind === 'Pod');
    expect(dep).toMatchObject({
      group: 'apps',
      namespace: 'web',
      name: 'web',
      status: 'Synced',
      parentUids: [],
    });
    expect(dep?.images).toEqual(['nginx:1.27']);
    expect(rs?.parentUids).toEqual([dep?.uid]);
    expect(pod?.parentUids).toEqual([rs?.uid]);
    expect(pod?.images).toEqual(['nginx:1.27']);
    expect(pod?.health?.status).toBeDefined();
    expect(tree.nodes.find((n) => n.kind === 'ConfigMap')).toMatchObject({
      name: 'settings',
      status: 'Synced',
    });
  });

  it('GIVEN the synced app WHEN restarted THEN the template changes and the diff stays Synced', async () => {
    await backend.applications.runResourceAction(
      'web',
      { group: 'apps', kind: 'Deployment', namespace: 'web', name: 'web' },
      'restart',
    );
    const live = await kc
      .makeApiClient((await import('@kubernetes/client-node')).AppsV1Api)
      .readNamespacedDeployment({ name: 'web', namespace: 'web' });
    expect(
      live.spec?.template.metadata?.annotations?.['kubectl.kubernetes.io/restartedAt'],
    ).toBeDefined();
    const diff = await backend.applications.diff('web');
    expect(diff.status).toBe('Synced');
    expect(diff.resources.map((r) => `${r.kind}:${r.status}`)).toEqual([
      'ConfigMap:Synced',
      'Secret:Synced',
      'Deployment:Synced',
    ]);
    await expect(
      backend.applications.runResourceAction(
        'web',
        { group: '', kind: 'ConfigMap', namespace: 'web', name: 'settings' },
        'restart',
      ),
    ).rejects.toThrow(/Deployments, StatefulSets and DaemonSets/);
    await expect(
      backend.applications.runResourceAction(
        'web',
        { group: 'apps', kind: 'Deployment', namespace: 'kube-system', name: 'coredns' },
        'restart',
      ),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it('GIVEN events THEN the sync is among them, oldest first', async () => {
    const events = await waitFor(
      async () => {
        const e = await backend.applications.events('web');
        return e.some((x) => x.reason === 'SyncSucceeded') ? e : undefined;
      },
      { what: 'SyncSucceeded event', timeoutMs: 10_000 },
    );
    expect(events.find((e) => e.reason === 'SyncSucceeded')?.involvedObject).toMatchObject({
      kind: 'Application',
      name: 'web',
    });
    const stamps = events.map((e) => e.lastTimestamp ?? '');
    expect([...stamps].sort()).toEqual(stamps);
    await backend.applications.events('web', {
      group: 'apps',
      kind: 'Deployment',
      namespace: 'web',
      name: 'web',
    });
    await expect(
      backend.applications.events('web', {
        group: '',
        kind: 'Pod',
        namespace: 'web',
        name: 'nope',
      }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it('GIVEN a Pod of the app THEN its log is fetched or the failure is Unavailable; another Pod is NotFound', async () => {
    const pod = (await backend.applications.resourceTree('web')).nodes.find(
      (n) => n.kind === 'Pod',
    );
    expect(pod).toBeDefined();
    try {
      const text = await backend.applications.podLogs('web', {
        namespace: 'web',
        pod: pod?.name ?? '',
        tailLines: 10,
      });
      expect(typeof text).toBe('string');
    } catch (err) {
      // kwok's simulated node may not serve logs
      expect(err, (err as Error).message).toBeInstanceOf(UnavailableError);
    }
    await expect(
      backend.applications.podLogs('web', { namespace: 'kube-system', pod: 'etcd' }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('diffs', () => {
  let localDir: string;
  beforeAll(async () => {
    await repo.remove(['web/config.yaml']);
    await repo.commit('change web', {
      'web/deployment.yaml': deployment('web', 'nginx:1.28'),
      'web/secret.yaml': secret('second-secret-value'),
      'web/extra.yaml': configMap('extra'),
    });
    localDir = await mkdtemp(join(tmpdir(), 'keelson-svc-local-'));
    cleanup.push(localDir);
    await writeFile(join(localDir, 'deployment.yaml'), deployment('web', 'nginx:1.29'));
  });

  it('GIVEN a new commit THEN changed, Missing and Extra resources show, Secret values masked', async () => {
    const diff = await backend.applications.diff('web');
    expect(diff.status).toBe('OutOfSync');
    expect(diff.revision).toBe(await repo.revParse());
    const byName = new Map(diff.resources.map((r) => [`${r.kind}/${r.name}`, r]));
    expect(byName.get('Deployment/web')).toMatchObject({
      status: 'OutOfSync',
      group: 'apps',
      version: 'v1',
    });
    expect(byName.get('Deployment/web')?.diff).toContain('nginx:1.28');
    expect(byName.get('ConfigMap/extra')).toMatchObject({ status: 'Missing' });
    expect(byName.get('ConfigMap/settings')).toMatchObject({
      status: 'Extra',
      requiresPruning: true,
    });
    expect(byName.get('Secret/creds')?.status).toBe('OutOfSync');
    const text = JSON.stringify(diff);
    expect(text).not.toContain('second-secret-value');
    expect(text).not.toContain('first-secret-value');
    expect(text).not.toContain(Buffer.from('first-secret-value').toString('base64'));
    const one = await backend.applications.resource('web', {
      group: 'apps',
      kind: 'Deployment',
      namespace: 'web',
      name: 'web',
    });
    expect(one.status).toBe('OutOfSync');
    await expect(
      backend.applications.resource('web', {
        group: 'apps',
        kind: 'Deployment',
        namespace: 'kube-system',
        name: 'coredns',
      }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it('GIVEN a working copy of an existing app THEN it is compared with the live objects', async () => {
    const diff = await backend.applications.diffLocal({ application: 'web', directory: localDir });
    expect(diff.revision).toBe('local');
    const statuses = Object.fromEntries(
      diff.resources.map((r) => [`${r.kind}/${r.name}`, r.status]),
    );
    expect(statuses).toEqual({
      'Deployment/web': 'OutOfSync',
      'ConfigMap/settings': 'Extra',
      'Secret/creds': 'Extra',
    });
  });

  it('GIVEN a working copy of a new app THEN everything is Missing', async () => {
    const dir = join(localDir, 'fresh');
    await mkdir(dir);
    await writeFile(join(dir, 'cm.yaml'), configMap('fresh-settings'));
    const diff = await backend.applications.diffLocal({
      application: 'fresh',
      directory: dir,
      destinationNamespace: 'web',
    });
    expect(diff.resources.map((r) => [r.kind, r.namespace, r.status])).toEqual([
      ['ConfigMap', 'web', 'Missing'],
    ]);
    await expect(
      backend.applications.diffLocal({ application: 'fresh', directory: join(localDir, 'nope') }),
    ).rejects.toThrow(/not a directory/);
  });
});

describe('rollback and terminate', () => {
  it('GIVEN two syncs THEN a rollback to the first restores it and is recorded', async () => {
    const before = new Date().toISOString();
    await backend.applications.sync('web', { prune: true }, actor);
    const second = await waitApp('web', 'second sync', succeeded(before));
    expect(second.status?.history?.length).toBe(2);
    const first = second.status?.history?.[0];
    const rollbackAt = new Date().toISOString();
    await backend.applications.rollback('web', { id: first?.id ?? -1, prune: true }, actor);
    const rolled = await waitApp('web', 'rollback', succeeded(rollbackAt));
    expect(rolled.status?.history?.at(-1)?.revision).toBe(first?.revision);
    expect(rolled.status?.operationState?.operation.initiatedBy).toEqual({ username: 'alice' });
  });

  it('GIVEN a sync stuck waiting for a wave WHEN terminated THEN it ends Failed as terminated', async () => {
    await backend.applications.create(appSpec('slow', 'slow'));
    await backend.applications.sync('slow', {}, actor);
    await waitApp('slow', 'sync running', (a) => a.status?.operationState?.phase === 'Running');
    await backend.applications.terminateOperation('slow');
    const done = await waitApp(
      'slow',
      'terminated',
      (a) => !a.operation && a.status?.operationState?.phase === 'Failed',
      20_000,
    );
    expect(done.status?.operationState?.message).toBe('operation terminated');
    // Wave 1 never ran.
    await expect(
      core.readNamespacedConfigMap({ name: 'late', namespace: 'web' }),
    ).rejects.toThrow();
  });
});
