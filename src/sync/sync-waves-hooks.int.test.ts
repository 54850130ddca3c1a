import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ClusterConnection,
  getObject,
  listTrackedObjects,
  trackingOwner,
} from '../cluster/index.js';
import { describeObject, type KubeObject } from '../core/index.js';
import { assessHealth } from '../health/index.js';
import { startLocalCluster, type LocalCluster } from '../testenv/index.js';
import { runSync, type RunSyncOptions, type SyncProgress, type SyncResult } from './index.js';

const deployment = (name: string, annotations: Record<string, string> = {}): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, annotations },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: name } },
    template: {
      metadata: { labels: { app: name } },
      spec: { containers: [{ name: 'web', image: 'registry.example/web:1' }] },
    },
  },
});

const configMap = (name: string, annotations: Record<string, string> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, annotations },
  data: { name },
});

/** A Job hook. `fails`: its Pod can never be scheduled and the Job gives up after a second. */
const job = (metadata: KubeObject['metadata'], fails = false): KubeObject => ({
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata,
  spec: {
    backoffLimit: 0,
    ...(fails ? { activeDeadlineSeconds: 1 } : {}),
    template: {
      spec: {
        restartPolicy: 'Never',
        ...(fails ? { nodeSelector: { 'keelson.dev/no-such-node': 'true' } } : {}),
        containers: [{ name: 'run', image: 'registry.example/task:1' }],
      },
    },
  },
});

const line = (r: SyncResult['resources'][number]): string =>
  `${r.phase} ${describeObject(r.key)} ${r.status}${r.hookPhase ? `/${r.hookPhase}` : ''}`;

describe('sync: waves and hooks on a real control plane', () => {
  let cluster: LocalCluster;
  let conn: ClusterConnection;

  beforeAll(async () => {
    cluster = await startLocalCluster({ name: 'sync-waves', ephemeral: true });
    conn = ClusterConnection.fromKubeconfig(cluster.kubeconfigPath);
  });

  afterAll(async () => {
    conn?.close();
    await cluster?.stop();
  });

  async function sync(
    desired: readonly KubeObject[],
    options: RunSyncOptions,
    onProgress?: (p: SyncProgress) => void,
  ): Promise<SyncResult> {
    const live = await listTrackedObjects(conn, options.app);
    return runSync(conn, { desired, live }, { waveTimeoutMs: 60_000, ...options }, onProgress);
  }

  it('applies wave by wave, kind by kind, starting a wave only when the previous one is healthy', async () => {
    // GIVEN a Deployment, Service and ServiceAccount in wave 0, a ConfigMap in wave 1, and their Namespace
    const ns = 'waves';
    const desired = [
      configMap('after-web', { 'keelson.dev/sync-wave': '1' }),
      deployment('web'),
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'web' },
        spec: { selector: { app: 'web' }, ports: [{ port: 80 }] },
      },
      { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'web' } },
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } },
    ];
    // WHEN synced, looking at the Deployment as each wave starts
    const applied: string[] = [];
    const deploymentHealthAtWave = new Map<number, Promise<string>>();
    const result = await sync(desired, { app: 'waves', namespace: ns }, (p) => {
      const name = p.type === 'resource' ? describeObject(p.result.key) : '';
      if (p.type === 'resource' && !applied.includes(name)) applied.push(name);
      if (p.type === 'wave-started') {
        deploymentHealthAtWave.set(
          p.wave,
          getObject(conn, {
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            namespace: ns,
            name: 'web',
          }).then((d) => assessHealth(d).status),
        );
      }
    });
    // THEN it succeeds, in the order phase → wave → kind
    expect(result.phase, result.message).toBe('Succeeded');
    expect(applied).toEqual([
      'Namespace/waves',
      'ServiceAccount/waves/web',
      'Service/waves/web',
      'Deployment/waves/web',
      'ConfigMap/waves/after-web',
    ]);
    // AND wave 1 started only once the Deployment was Healthy (its Pods Running on the kwok node)
    expect(await deploymentHealthAtWave.get(1)).toBe('Healthy');
    expect(result.resources.find((r) => r.key.kind === 'Deployment')?.health).toBe('Healthy');
    // AND each result says the API version it was synced at, as Argo CD's sync result does
    expect(result.resources.map((r) => `${r.key.kind}:${r.version ?? ''}`)).toEqual(
      expect.arrayContaining(['Namespace:v1', 'Service:v1', 'Deployment:v1', 'ConfigMap:v1']),
    );
    const web = await getObject(conn, {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      namespace: ns,
      name: 'web',
    });
    expect((web?.status as { availableReplicas?: number }).availableReplicas).toBe(2);
  });

  it('runs PreSync, Sync and PostSync hooks in order and applies their delete policies', async () => {
    // GIVEN hooks in three phases (Argo CD and Keelson annotations) and a regular resource
    const ns = 'hooks';
    const desired = [
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } },
      configMap('settings'),
      job({
        generateName: 'migrate-',
        annotations: {
          'argocd.argoproj.io/hook': 'PreSync',
          'argocd.argoproj.io/hook-delete-policy': 'HookSucceeded',
        },
      }),
      job({ name: 'during', annotations: { 'keelson.dev/hook': 'Sync' } }),
      job({
        name: 'smoke-test',
        annotations: {
          'keelson.dev/hook': 'PostSync',
          'keelson.dev/hook-delete-policy': 'HookSucceeded',
        },
      }),
    ];
    // WHEN synced
    const first = await sync(desired, { app: 'hooks', namespace: ns });
    // THEN each hook ran to completion in its phase, in order
    expect(first.phase, first.message).toBe('Succeeded');
    const lines = first.resources.map(line);
    expect(lines[0]).toBe('PreSync Namespace/hooks Synced');
    expect(lines[1]).toMatch(/^PreSync Job\/hooks\/migrate-[a-z0-9]{5} Synced\/Succeeded$/);
    expect(lines.slice(2)).toEqual([
      'Sync ConfigMap/hooks/settings Synced',
      'Sync Job/hooks/during Synced/Succeeded',
      'PostSync Job/hooks/smoke-test Synced/Succeeded',
    ]);
    expect(first.phases.map((p) => `${p.phase}:${p.status}`)).toEqual([
      'PreSync:Succeeded',
      'Sync:Succeeded',
      'PostSync:Succeeded',
    ]);
    // AND HookSucceeded hooks are gone, the BeforeHookCreation one (the default) stays until the next sync
    const migrate = first.resources[1]?.key.name ?? '';
    expect(
      await getObject(conn, { apiVersion: 'batch/v1', kind: 'Job', namespace: ns, name: migrate }),
    ).toBeUndefined();
    expect(
      await getObject(conn, {
        apiVersion: 'batch/v1',
        kind: 'Job',
        namespace: ns,
        name: 'smoke-test',
      }),
    ).toBeUndefined();
    const during = await getObject(conn, {
      apiVersion: 'batch/v1',
      kind: 'Job',
      namespace: ns,
      name: 'during',
    });
    expect(trackingOwner(during)).toBe('hooks');

    // WHEN synced again, with pruning
    const second = await sync(desired, { app: 'hooks', namespace: ns, prune: true });
    // THEN the named hook was deleted and created afresh, the hooks left behind are not pruned
    expect(second.phase, second.message).toBe('Succeeded');
    const again = await getObject(conn, {
      apiVersion: 'batch/v1',
      kind: 'Job',
      namespace: ns,
      name: 'during',
    });
    expect(again?.metadata.uid).not.toBe(during?.metadata.uid);
    expect(
      second.resources.filter((r) => r.action === 'prune' || r.status.startsWith('Prune')),
    ).toEqual([]);
    expect(second.resources[1]?.key.name).not.toBe(migrate);
  });

  it('runs SyncFail hooks when a hook fails, applies nothing after it, and deletes it under HookFailed', async () => {
    // GIVEN a PreSync Job that cannot succeed, a SyncFail hook and a regular resource
    const ns = 'sync-fail';
    const desired = [
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } },
      configMap('app'),
      job(
        {
          name: 'doomed',
          annotations: {
            'keelson.dev/hook': 'PreSync',
            'keelson.dev/hook-delete-policy': 'HookFailed',
          },
        },
        true,
      ),
      configMap('failure-notice', { 'argocd.argoproj.io/hook': 'SyncFail' }),
    ];
    // WHEN synced
    const result = await sync(desired, { app: 'sync-fail', namespace: ns });
    // THEN the sync failed naming the hook; the regular resource was not applied; SyncFail ran
    expect(result.phase).toBe('Failed');
    expect(result.message).toMatch(
      /^PreSync wave 0: hook failed: Job\/sync-fail\/doomed: hook failed: .*; deleted \(HookFailed\)/,
    );
    expect(result.resources.map(line)).toEqual([
      'PreSync Namespace/sync-fail Synced',
      'PreSync Job/sync-fail/doomed SyncFailed/Failed',
      'Sync ConfigMap/sync-fail/app Skipped',
      'SyncFail ConfigMap/sync-fail/failure-notice Synced/Succeeded',
    ]);
    expect(result.phases.map((p) => `${p.phase}:${p.status}`)).toEqual([
      'PreSync:Failed',
      'Sync:Skipped',
      'SyncFail:Succeeded',
    ]);
    expect(
      await getObject(conn, { apiVersion: 'v1', kind: 'ConfigMap', namespace: ns, name: 'app' }),
    ).toBeUndefined();
    expect(
      await getObject(conn, {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        namespace: ns,
        name: 'failure-notice',
      }),
    ).toBeDefined();
    expect(
      await getObject(conn, { apiVersion: 'batch/v1', kind: 'Job', namespace: ns, name: 'doomed' }),
    ).toBeUndefined();
  });
});
