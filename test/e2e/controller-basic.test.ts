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

  it('syncs an automated application until it is Synced and Healthy', async () => {
    const custom = kc.makeApiClient(CustomObjectsApi);
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
    const d = await kc
      .makeApiClient(AppsV1Api)
      .readNamespacedDeployment({ name: 'guestbook-ui', namespace: 'guestbook' });
    expect(d.status?.availableReplicas).toBe(1);
  });
});
