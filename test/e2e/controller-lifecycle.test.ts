import { AppsV1Api, CustomObjectsApi, KubeConfig } from '@kubernetes/client-node';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Application } from '../../src/apis/index.js';
import { FOREGROUND_FINALIZER } from '../../src/controller/index.js';
import { waitFor } from '../../src/core/index.js';
import { startLocalCluster, type LocalCluster } from '../../src/testenv/index.js';
import {
  addPoolNode,
  configMapYaml,
  deploymentYaml,
  NS,
  pooledDeploymentYaml,
  startControllerEnv,
  type ControllerEnv,
} from './support/controller-env.js';

const isSyncedHealthy = (a: Application): boolean =>
  a.status?.sync?.status === 'Synced' && a.status.health?.status === 'Healthy';

const childApp = (repoURL: string): string => `apiVersion: keelson.dev/v1alpha1
kind: Application
metadata:
  name: child
  namespace: ${NS}
spec:
  source: {repoURL: "${repoURL}", path: child, targetRevision: main}
  destination: {server: "https://kubernetes.default.svc", namespace: child}
  syncPolicy:
    automated: {prune: true}
    syncOptions: [CreateNamespace=true]
`;

describe('controller: application lifecycle', () => {
  let env: ControllerEnv;
  let second: LocalCluster;
  const app = (
    source: string,
    namespace: string,
    extra: Record<string, unknown> = {},
  ): Record<string, unknown> => ({
    source: { repoURL: env.repoURL, path: source, targetRevision: 'main' },
    destination: { server: 'https://kubernetes.default.svc', namespace },
    syncPolicy: { automated: { prune: true }, syncOptions: ['CreateNamespace=true'] },
    ...extra,
  });
  const deploymentExists = async (
    apps: AppsV1Api,
    namespace: string,
    name: string,
  ): Promise<boolean> =>
    apps.readNamespacedDeployment({ name, namespace }).then(
      () => true,
      () => false,
    );

  beforeAll(async () => {
    [env, second] = await Promise.all([
      startControllerEnv('lifecycle', {
        'svc/deployment.yaml': deploymentYaml('svc', 'registry.example/svc:1'),
        'child/config.yaml': configMapYaml('child-config', { from: 'app-of-apps' }),
        'shared/config.yaml': configMapYaml('contested', { owner: 'first come' }),
        'fragile/config.yaml': configMapYaml('fragile', { state: 'good' }),
        'slow/deployment.yaml': pooledDeploymentYaml('slow'),
        'slow/after.yaml': configMapYaml('after-slow', { wave: '1' }).replace(
          'metadata:\n',
          'metadata:\n  annotations: {keelson.dev/sync-wave: "1"}\n',
        ),
      }),
      startLocalCluster({ name: 'second', ephemeral: true }),
    ]);
    await env.repo.commit('app of apps', { 'parent/child-app.yaml': childApp(env.repoURL) });
  });

  afterAll(async () => {
    await Promise.all([env?.stop(), second?.stop()]);
  });

  it('deletes the resources of an application deleted with the cascade finalizer', async () => {
    await env.createApp('cascade', app('svc', 'cascade'), { finalizers: [FOREGROUND_FINALIZER] });
    await env.waitApp('cascade', 'Synced and Healthy', isSyncedHealthy);
    expect(await deploymentExists(env.apps, 'cascade', 'svc')).toBe(true);
    await env.deleteApp('cascade');
    await waitFor(async () => (await env.getApp('cascade')) === undefined, {
      what: 'cascade to be gone',
      timeoutMs: 60_000,
    });
    expect(await deploymentExists(env.apps, 'cascade', 'svc')).toBe(false);
  });

  it('leaves the resources of an application deleted without it (orphan)', async () => {
    await env.createApp('orphan', app('svc', 'orphan'));
    await env.waitApp('orphan', 'Synced and Healthy', isSyncedHealthy);
    await env.deleteApp('orphan');
    await waitFor(async () => (await env.getApp('orphan')) === undefined, {
      what: 'orphan to be gone',
      timeoutMs: 30_000,
    });
    expect(await deploymentExists(env.apps, 'orphan', 'svc')).toBe(true);
  });

  it('refuses a destination its project forbids, applying nothing', async () => {
    await env.kc.makeApiClient(CustomObjectsApi).createNamespacedCustomObject({
      group: 'keelson.dev',
      version: 'v1alpha1',
      namespace: NS,
      plural: 'appprojects',
      body: {
        apiVersion: 'keelson.dev/v1alpha1',
        kind: 'AppProject',
        metadata: { name: 'team-a' },
        spec: { sourceRepos: ['*'], destinations: [{ server: '*', namespace: 'team-a-*' }] },
      },
    });
    await env.createApp('forbidden', { ...app('svc', 'payments'), project: 'team-a' });
    const refused = await env.waitApp('forbidden', 'a project violation', (a) =>
      (a.status?.conditions ?? []).some((c) => c.type === 'ProjectViolationError'),
    );
    expect(
      refused.status?.conditions?.find((c) => c.type === 'ProjectViolationError')?.message,
    ).toMatch(/payments/);
    expect(refused.status?.operationState).toBeUndefined();
    expect(await deploymentExists(env.apps, 'payments', 'svc')).toBe(false);
  });

  it('reports two applications declaring one object on both, and never lets them fight over it', async () => {
    await env.createApp('owner', app('shared', 'shared'));
    await env.waitApp('owner', 'Synced and Healthy', isSyncedHealthy);
    await env.createApp('intruder', app('shared', 'shared'));
    const warned = (a: Application): boolean =>
      (a.status?.conditions ?? []).some((c) => c.type === 'SharedResourceWarning');
    const intruder = await env.waitApp('intruder', 'a shared-resource warning', warned);
    expect(
      intruder.status?.conditions?.find((c) => c.type === 'SharedResourceWarning')?.message,
    ).toMatch(/ConfigMap\/shared\/contested/);
    const owner = await env.waitApp('owner', 'a shared-resource warning too', warned);
    expect(
      owner.status?.conditions?.find((c) => c.type === 'SharedResourceWarning')?.message,
    ).toMatch(/intruder/);
    // Several resyncs later the object still belongs to the first application.
    const before = await env.getApp('intruder');
    await env.waitApp(
      'intruder',
      'compared again twice',
      (a) => (a.status?.reconciledAt ?? '') > (before?.status?.reconciledAt ?? ''),
    );
    const cm = await env.core.readNamespacedConfigMap({ name: 'contested', namespace: 'shared' });
    expect(cm.metadata?.annotations?.['keelson.dev/tracking-id']).toMatch(/^owner:/);
    expect((await env.getApp('owner'))?.status?.sync?.status).toBe('Synced');
  });

  it('manages child Applications from Git (app of apps)', async () => {
    await env.createApp('parent', app('parent', NS));
    await env.waitApp('parent', 'Synced and Healthy', isSyncedHealthy);
    await env.waitApp('child', 'Synced and Healthy', isSyncedHealthy);
    const cm = await env.core.readNamespacedConfigMap({ name: 'child-config', namespace: 'child' });
    expect(cm.data?.from).toBe('app-of-apps');
  });

  it('deploys to a second cluster registered as a cluster Secret', async () => {
    const remote = new KubeConfig();
    remote.loadFromFile(second.kubeconfigPath);
    const user = remote.getCurrentUser();
    const cluster = remote.getCurrentCluster();
    const raw = JSON.parse(await readFile(second.kubeconfigPath, 'utf8')) as {
      users: { user: Record<string, string> }[];
      clusters: { cluster: Record<string, string> }[];
    };
    expect(user && cluster).toBeTruthy();
    await env.core.createNamespacedSecret({
      namespace: NS,
      body: {
        metadata: { name: 'cluster-second', labels: { 'keelson.dev/secret-type': 'cluster' } },
        stringData: {
          name: 'second',
          server: second.server,
          config: JSON.stringify({
            tlsClientConfig: {
              caData: raw.clusters[0]?.cluster['certificate-authority-data'],
              certData: raw.users[0]?.user['client-certificate-data'],
              keyData: raw.users[0]?.user['client-key-data'],
            },
          }),
        },
      },
    });
    await env.createApp('remote', {
      ...app('svc', 'remote'),
      destination: { name: 'second', namespace: 'remote' },
    });
    await env.waitApp('remote', 'Synced and Healthy on the second cluster', isSyncedHealthy);
    expect(await deploymentExists(remote.makeApiClient(AppsV1Api), 'remote', 'svc')).toBe(true);
    expect(await deploymentExists(env.apps, 'remote', 'svc')).toBe(false);
  });

  it('finishes a sync interrupted by a controller restart, recording it once', async () => {
    await env.createApp('slow', {
      ...app('slow', 'slow'),
      syncPolicy: { syncOptions: ['CreateNamespace=true'] },
    });
    await env.waitApp('slow', 'compared', (a) => a.status?.sync?.status === 'OutOfSync');
    await env.patchApp('slow', { operation: { sync: {}, initiatedBy: { username: 'alice' } } });
    // Wave 0 waits for the Deployment, which cannot schedule: the sync is mid-flight.
    await env.waitApp('slow', 'sync running', (a) => a.status?.operationState?.phase === 'Running');
    await env.restartController();
    const stillRunning = await env.getApp('slow');
    expect(stillRunning?.status?.operationState?.phase).toBe('Running');
    expect(stillRunning?.operation).toBeDefined();
    // Give the pods somewhere to run: the restarted controller's sync completes.
    await addPoolNode(env.core, 'slow');
    const done = await env.waitApp(
      'slow',
      'sync finished',
      (a) => a.status?.operationState?.phase === 'Succeeded' && !a.operation,
      90_000,
    );
    expect(
      await env.core.readNamespacedConfigMap({ name: 'after-slow', namespace: 'slow' }),
    ).toBeTruthy();
    expect(done.status?.history).toHaveLength(1);
    expect(done.status?.history?.[0]?.initiatedBy?.username).toBe('alice');
  });

  it('keeps the last good state when Git holds an invalid manifest, naming the file and line', async () => {
    await env.createApp('fragile', app('fragile', 'fragile'));
    await env.waitApp('fragile', 'Synced and Healthy', isSyncedHealthy);
    await env.repo.commit('break it', {
      'fragile/config.yaml':
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: fragile\ndata: [unclosed\n',
    });
    // As a user would after pushing: ask for a refresh instead of waiting for the poll.
    await env.refresh('fragile');
    const broken = await env.waitApp('fragile', 'a ComparisonError', (a) =>
      (a.status?.conditions ?? []).some((c) => c.type === 'ComparisonError'),
    );
    expect(broken.status?.conditions?.find((c) => c.type === 'ComparisonError')?.message).toMatch(
      /config\.yaml:\d+/,
    );
    expect(
      (await env.core.readNamespacedConfigMap({ name: 'fragile', namespace: 'fragile' })).data,
    ).toEqual({ state: 'good' });
    const fixed = await env.repo.commit('fix it', {
      'fragile/config.yaml': configMapYaml('fragile', { state: 'better' }),
    });
    await env.refresh('fragile');
    await env.waitApp(
      'fragile',
      'recovered',
      (a) =>
        a.status?.sync?.revision === fixed &&
        isSyncedHealthy(a) &&
        !(a.status.conditions ?? []).some((c) => c.type === 'ComparisonError'),
    );
    await waitFor(
      async () =>
        (await env.core.readNamespacedConfigMap({ name: 'fragile', namespace: 'fragile' })).data
          ?.state === 'better',
      {
        what: 'the fix to be applied',
        timeoutMs: 30_000,
      },
    );
  });

  it('reports a destination cluster that is down, touching nothing', async () => {
    await env.core.createNamespacedSecret({
      namespace: NS,
      body: {
        metadata: { name: 'cluster-down', labels: { 'keelson.dev/secret-type': 'cluster' } },
        // Nothing listens on port 1 of the loopback address: connections are refused at once.
        stringData: {
          name: 'down',
          server: 'https://127.0.0.1:1',
          config: JSON.stringify({
            bearerToken: 'not-a-real-token',
            tlsClientConfig: { insecure: true },
          }),
        },
      },
    });
    await env.createApp('nowhere', {
      ...app('svc', 'nowhere'),
      destination: { name: 'down', namespace: 'nowhere' },
    });
    const app1 = await env.waitApp('nowhere', 'a DestinationError', (a) =>
      (a.status?.conditions ?? []).some((c) => c.type === 'DestinationError'),
    );
    const message =
      app1.status?.conditions?.find((c) => c.type === 'DestinationError')?.message ?? '';
    expect(message).toMatch(/127\.0\.0\.1:1/);
    expect(message).not.toContain('not-a-real-token');
    expect(app1.status?.operationState).toBeUndefined();
  });
});
