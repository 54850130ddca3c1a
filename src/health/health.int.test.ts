import {
  AppsV1Api,
  BatchV1Api,
  CoreV1Api,
  KubeConfig,
  type V1Deployment,
} from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isKubeObject, waitFor, type KubeObject } from '../core/index.js';
import { startLocalCluster, type LocalCluster } from '../testenv/index.js';
import { assessHealth, type HealthStatus } from './index.js';

const namespace = 'health';

/**
 * The live object as plain JSON, the shape Keelson passes around: client-node
 * models are class instances holding `Date`s, and list items lack `kind`.
 */
function asKubeObject(model: object, apiVersion: string, kind: string): KubeObject {
  const json: unknown = JSON.parse(JSON.stringify({ ...model, apiVersion, kind }));
  if (!isKubeObject(json)) throw new Error(`${kind} from the API server is not an object`);
  return json;
}

const deployment = (
  name: string,
  options: { replicas: number; paused?: boolean },
): V1Deployment => ({
  metadata: { name },
  spec: {
    replicas: options.replicas,
    paused: options.paused ?? false,
    selector: { matchLabels: { app: name } },
    template: {
      metadata: { labels: { app: name } },
      spec: { containers: [{ name: 'web', image: 'registry.example/web:1.0' }] },
    },
  },
});

/**
 * Polls `read` and assesses each live object until the health is `until`;
 * returns every distinct health seen on the way, in order.
 */
async function observeHealth(
  read: () => Promise<KubeObject>,
  until: HealthStatus['status'],
  what: string,
): Promise<HealthStatus[]> {
  const seen: HealthStatus[] = [];
  await waitFor(
    async () => {
      const health = assessHealth(await read());
      const last = seen.at(-1);
      if (last?.status !== health.status || last.message !== health.message) seen.push(health);
      return health.status === until;
    },
    { what, timeoutMs: 60_000, intervalMs: 100 },
  );
  return seen;
}

describe('health of live objects on a real control plane', () => {
  let cluster: LocalCluster;
  let apps: AppsV1Api;
  let batch: BatchV1Api;

  beforeAll(async () => {
    cluster = await startLocalCluster({ name: 'health', ephemeral: true });
    const kc = new KubeConfig();
    kc.loadFromFile(cluster.kubeconfigPath);
    apps = kc.makeApiClient(AppsV1Api);
    batch = kc.makeApiClient(BatchV1Api);
    await kc.makeApiClient(CoreV1Api).createNamespace({ body: { metadata: { name: namespace } } });
  });

  afterAll(async () => {
    await cluster?.stop();
  });

  it('GIVEN a new Deployment WHEN its rollout runs THEN its health goes from Progressing to Healthy', async () => {
    const created = await apps.createNamespacedDeployment({
      namespace,
      body: deployment('web', { replicas: 2 }),
    });
    // As created, the controller has not seen it yet.
    expect(assessHealth(asKubeObject(created, 'apps/v1', 'Deployment'))).toEqual({
      status: 'Progressing',
      message: 'waiting for the controller to observe generation 1',
    });

    const seen = await observeHealth(
      async () =>
        asKubeObject(
          await apps.readNamespacedDeployment({ name: 'web', namespace }),
          'apps/v1',
          'Deployment',
        ),
      'Healthy',
      'Deployment health/web to become Healthy',
    );
    expect(seen.at(-1)).toEqual({ status: 'Healthy' });
    // Every step before Healthy was a wait, never a failure.
    expect(seen.slice(0, -1).every((h) => h.status === 'Progressing')).toBe(true);
  });

  it('GIVEN a Job WHEN its Pod completes THEN the Job is Healthy', async () => {
    const created = await batch.createNamespacedJob({
      namespace,
      body: {
        metadata: { name: 'migrate' },
        spec: {
          template: {
            spec: {
              restartPolicy: 'Never',
              containers: [{ name: 'migrate', image: 'registry.example/migrate:1.0' }],
            },
          },
        },
      },
    });
    expect(assessHealth(asKubeObject(created, 'batch/v1', 'Job')).status).toBe('Progressing');

    const seen = await observeHealth(
      async () =>
        asKubeObject(
          await batch.readNamespacedJob({ name: 'migrate', namespace }),
          'batch/v1',
          'Job',
        ),
      'Healthy',
      'Job health/migrate to become Healthy',
    );
    expect(seen.at(-1)?.status).toBe('Healthy');
    expect(seen.slice(0, -1).every((h) => h.status === 'Progressing')).toBe(true);
  });

  it('GIVEN a paused Deployment WHEN assessed live THEN it is Suspended', async () => {
    await apps.createNamespacedDeployment({
      namespace,
      body: deployment('paused', { replicas: 1, paused: true }),
    });
    const seen = await observeHealth(
      async () =>
        asKubeObject(
          await apps.readNamespacedDeployment({ name: 'paused', namespace }),
          'apps/v1',
          'Deployment',
        ),
      'Suspended',
      'Deployment health/paused to be Suspended',
    );
    expect(seen).toEqual([{ status: 'Suspended', message: 'rollout is paused' }]);
  });
});
