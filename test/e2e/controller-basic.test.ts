import { CustomObjectsApi, CoreV1Api, AppsV1Api, KubeConfig } from '@kubernetes/client-node';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installCrds } from '../../src/apis/index.js';
import { ClusterConnection } from '../../src/cluster/index.js';
import { ApplicationController, defaultControllerOptions } from '../../src/controller/index.js';
import { jsonLogger, waitFor } from '../../src/core/index.js';
import {
  createGitRepo,
  ensureTools,
  startLocalCluster,
  type GitRepoFixture,
  type LocalCluster,
} from '../../src/testenv/index.js';

const guestbook = {
  'guestbook/deployment.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: guestbook-ui
spec:
  replicas: 1
  selector:
    matchLabels: {app: guestbook-ui}
  template:
    metadata:
      labels: {app: guestbook-ui}
    spec:
      containers:
        - name: ui
          image: registry.example/guestbook-ui:0.1
`,
  'guestbook/service.yaml': `apiVersion: v1
kind: Service
metadata:
  name: guestbook-ui
spec:
  selector: {app: guestbook-ui}
  ports: [{port: 80}]
`,
};

describe('controller (smoke)', () => {
  let cluster: LocalCluster;
  let repo: GitRepoFixture;
  let controller: ApplicationController;
  let cacheDir: string;
  let kc: KubeConfig;

  beforeAll(async () => {
    cluster = await startLocalCluster({ name: 'ctrl', ephemeral: true });
    kc = new KubeConfig();
    kc.loadFromFile(cluster.kubeconfigPath);
    const crdConnection = ClusterConnection.fromKubeconfig(kc);
    await installCrds(crdConnection);
    crdConnection.close();
    await kc.makeApiClient(CoreV1Api).createNamespace({ body: { metadata: { name: 'keelson' } } });
    repo = await createGitRepo({ files: guestbook });
    cacheDir = await mkdtemp(join(tmpdir(), 'keelson-ctrl-cache-'));
    const tools = await ensureTools(['helm', 'kustomize']);
    controller = new ApplicationController(
      kc,
      {
        ...defaultControllerOptions({ namespace: 'keelson', cacheDir, tools, identity: 'test' }),
        allowLocalRepos: true,
        leaderElection: false,
        // Resyncs every second: the status heartbeat test watches several.
        resyncPeriodMs: 1_000,
        // An automated sync's Running state is held back this long: far more
        // than guestbook's sync takes, even on a loaded machine.
        statusProgressIntervalMs: 20_000,
      },
      jsonLogger('debug'),
    );
    void controller.start();
  });

  afterAll(async () => {
    await controller?.stop();
    await cluster?.stop();
    await repo?.dispose();
    await rm(cacheDir, { recursive: true, force: true });
  });

  it('syncs an automated application until it is Synced and Healthy; a sync done within the progress interval is written once, its outcome with Synced', async () => {
    const custom = kc.makeApiClient(CustomObjectsApi);
    // Every version of the object, from before it exists (once the new
    // CRD's storage serves lists, from the list's resourceVersion on).
    const watcher = ClusterConnection.fromKubeconfig(kc);
    const appsPath = '/apis/keelson.dev/v1alpha1/namespaces/keelson/applications';
    const listed = await waitFor(
      () =>
        watcher
          .request({ method: 'GET', path: appsPath })
          .then((l) => l as { metadata: { resourceVersion: string } })
          .catch(() => undefined),
      { what: 'the Application storage to serve lists', timeoutMs: 30_000, intervalMs: 200 },
    );
    const versions: AppObject[] = [];
    const watch = watcher.watch(
      appsPath,
      {
        fieldSelector: 'metadata.name=guestbook',
        resourceVersion: listed.metadata.resourceVersion,
      },
      (type, obj) => {
        if (type === 'ADDED' || type === 'MODIFIED') versions.push(obj as AppObject);
      },
    );
    await custom.createNamespacedCustomObject({
      group: 'keelson.dev',
      version: 'v1alpha1',
      namespace: 'keelson',
      plural: 'applications',
      body: {
        apiVersion: 'keelson.dev/v1alpha1',
        kind: 'Application',
        metadata: { name: 'guestbook', namespace: 'keelson' },
        spec: {
          source: { repoURL: repo.fileUrl, path: 'guestbook', targetRevision: 'main' },
          destination: { server: 'https://kubernetes.default.svc', namespace: 'guestbook' },
          syncPolicy: {
            automated: { prune: true, selfHeal: true },
            syncOptions: ['CreateNamespace=true'],
          },
        },
      },
    });
    const app = await waitFor(
      async () => {
        const a = (await custom.getNamespacedCustomObject({
          group: 'keelson.dev',
          version: 'v1alpha1',
          namespace: 'keelson',
          plural: 'applications',
          name: 'guestbook',
        })) as { status?: { sync?: { status?: string }; health?: { status?: string } } };
        return a.status?.sync?.status === 'Synced' && a.status.health?.status === 'Healthy'
          ? a
          : undefined;
      },
      { what: 'guestbook to be Synced and Healthy', timeoutMs: 60_000, intervalMs: 250 },
    );
    expect(app.status?.sync?.status).toBe('Synced');
    watch.abort();
    watcher.close();
    // The sync finished well within the interval: neither its Running state
    // nor the comparison before it (OutOfSync) was written. Its outcome went
    // out with the comparison after it: the very first status already says
    // Succeeded and Synced.
    const first = versions.find((v) => v.status !== undefined);
    expect(first?.status?.operationState?.phase).toBe('Succeeded');
    expect(first?.status?.sync?.status).toBe('Synced');
    expect(versions.some((v) => v.status?.operationState?.phase === 'Running')).toBe(false);
    const d = await kc
      .makeApiClient(AppsV1Api)
      .readNamespacedDeployment({ name: 'guestbook-ui', namespace: 'guestbook' });
    expect(d.status?.availableReplicas).toBe(1);
  });

  it('GIVEN an app that stays Synced and Healthy THEN resyncs compare it without rewriting its status; a change is written at once', async () => {
    const custom = kc.makeApiClient(CustomObjectsApi);
    const readApp = async (): Promise<AppObject> =>
      (await custom.getNamespacedCustomObject({
        group: 'keelson.dev',
        version: 'v1alpha1',
        namespace: 'keelson',
        plural: 'applications',
        name: 'guestbook',
      })) as AppObject;
    const comparisons = async (): Promise<number> => {
      const metric = await controller.metrics.registry
        .getSingleMetric('keelson_app_reconcile_duration_seconds')
        ?.get();
      // A histogram's values carry their series name (_bucket, _sum, _count).
      const values = (metric?.values ?? []) as { metricName?: string; value: number }[];
      return values
        .filter((v) => v.metricName?.endsWith('_count'))
        .reduce((sum, v) => sum + v.value, 0);
    };
    // GIVEN the app settled: three resync comparisons in a row left its object alone
    // (the first test's last writes may still be landing, hence a few tries)
    const settled = await waitFor(
      async () => {
        const before = await readApp();
        const start = await comparisons();
        await waitFor(async () => (await comparisons()) >= start + 3, {
          what: 'three resync comparisons',
          timeoutMs: 20_000,
          intervalMs: 100,
        });
        const after = await readApp();
        return after.metadata.resourceVersion === before.metadata.resourceVersion
          ? after
          : undefined;
      },
      { what: 'three resyncs without a status write', timeoutMs: 60_000, intervalMs: 0 },
    );
    expect(settled.status?.sync?.status).toBe('Synced');
    const comparedAt = settled.status?.reconciledAt ?? '';
    expect(comparedAt).not.toBe('');

    // WHEN someone deletes a tracked object (selfHeal puts it back)
    const core = kc.makeApiClient(CoreV1Api);
    await core.deleteNamespacedService({ name: 'guestbook-ui', namespace: 'guestbook' });
    // THEN the status records a new comparison, and the app ends Synced and Healthy again
    const healed = await waitFor(
      async () => {
        const app = await readApp();
        return (app.status?.reconciledAt ?? '') > comparedAt &&
          app.status?.sync?.status === 'Synced' &&
          app.status.health?.status === 'Healthy'
          ? app
          : undefined;
      },
      { what: 'the heal to be written to the status', timeoutMs: 30_000, intervalMs: 250 },
    );
    expect(healed.status?.operationState?.phase).toBe('Succeeded');
    const service = await core.readNamespacedService({
      name: 'guestbook-ui',
      namespace: 'guestbook',
    });
    expect(service.metadata?.labels?.['keelson.dev/app']).toBe('guestbook');
  });
});

interface AppObject {
  readonly metadata: { readonly resourceVersion?: string };
  readonly status?: {
    readonly reconciledAt?: string;
    readonly sync?: { readonly status?: string };
    readonly health?: { readonly status?: string };
    readonly operationState?: { readonly phase?: string };
  };
}
