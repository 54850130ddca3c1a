import {
  AppsV1Api,
  BatchV1Api,
  CoreV1Api,
  KubeConfig,
  type V1Deployment,
} from '@kubernetes/client-node';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../core/index.js';
import { isAlive } from './lock.js';
import { PortInUseError, startLocalCluster, type LocalCluster } from './index.js';

function clients(cluster: LocalCluster): { core: CoreV1Api; apps: AppsV1Api; batch: BatchV1Api } {
  const kc = new KubeConfig();
  kc.loadFromFile(cluster.kubeconfigPath);
  return {
    core: kc.makeApiClient(CoreV1Api),
    apps: kc.makeApiClient(AppsV1Api),
    batch: kc.makeApiClient(BatchV1Api),
  };
}

const deployment = (name: string, replicas: number): V1Deployment => ({
  metadata: { name },
  spec: {
    replicas,
    selector: { matchLabels: { app: name } },
    template: {
      metadata: { labels: { app: name } },
      spec: { containers: [{ name: 'web', image: 'registry.example/web:1.0' }] },
    },
  },
});

describe('local control plane', () => {
  let first: LocalCluster;
  let second: LocalCluster;

  beforeAll(async () => {
    // GIVEN two clusters started at the same time
    [first, second] = await Promise.all([
      startLocalCluster({ name: 'smoke-a', ephemeral: true }),
      startLocalCluster({ name: 'smoke-b', ephemeral: true }),
    ]);
  });

  afterAll(async () => {
    await Promise.all([first?.stop(), second?.stop()]);
  });

  it('runs a Deployment until it reports Available, with Pods Running on the kwok node', async () => {
    const { core, apps } = clients(first);
    await core.createNamespace({ body: { metadata: { name: 'shop' } } });
    await apps.createNamespacedDeployment({ namespace: 'shop', body: deployment('web', 2) });

    const available = await waitFor(
      async () => {
        const d = await apps.readNamespacedDeployment({ name: 'web', namespace: 'shop' });
        const cond = d.status?.conditions?.find(
          (c) => c.type === 'Available' && c.status === 'True',
        );
        return cond && d.status?.availableReplicas === 2 ? d : undefined;
      },
      { what: 'Deployment shop/web to become Available', timeoutMs: 60_000 },
    );
    expect(available.status?.readyReplicas).toBe(2);
    const pods = await core.listNamespacedPod({ namespace: 'shop' });
    expect(pods.items).toHaveLength(2);
    for (const pod of pods.items) {
      expect(pod.status?.phase).toBe('Running');
      expect(pod.spec?.nodeName).toBe('kwok-node-0');
    }
  });

  it('runs a Job to completion', async () => {
    const { batch } = clients(first);
    await batch.createNamespacedJob({
      namespace: 'default',
      body: {
        metadata: { name: 'migrate' },
        spec: {
          template: {
            spec: {
              restartPolicy: 'Never',
              containers: [{ name: 'm', image: 'registry.example/m:1' }],
            },
          },
        },
      },
    });
    const job = await waitFor(
      async () => {
        const j = await batch.readNamespacedJob({ name: 'migrate', namespace: 'default' });
        return (j.status?.succeeded ?? 0) >= 1 ? j : undefined;
      },
      { what: 'Job default/migrate to succeed', timeoutMs: 60_000 },
    );
    expect(job.status?.conditions?.some((c) => c.type === 'Complete' && c.status === 'True')).toBe(
      true,
    );
  });

  it('keeps two clusters independent', async () => {
    expect(first.server).not.toBe(second.server);
    const a = clients(first).core;
    const b = clients(second).core;
    await a.createNamespace({ body: { metadata: { name: 'only-in-a' } } });
    const inA = await a.listNamespace();
    const inB = await b.listNamespace();
    expect(inA.items.map((n) => n.metadata?.name)).toContain('only-in-a');
    expect(inB.items.map((n) => n.metadata?.name)).not.toContain('only-in-a');
    // Each cluster has its own certificate authority: A's credentials are rejected by B.
    const crossed = new KubeConfig();
    crossed.loadFromFile(first.kubeconfigPath);
    const [own] = crossed.clusters;
    if (!own) throw new Error('kubeconfig without a cluster');
    crossed.clusters[0] = { ...own, server: second.server };
    await expect(crossed.makeApiClient(CoreV1Api).listNamespace()).rejects.toThrow();
  });
});

describe('local control plane lifecycle', () => {
  it('refuses a port that is in use, naming it, and leaves nothing running', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const address = blocker.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    try {
      const attempt = startLocalCluster({ name: 'busy', ephemeral: true, apiServerPort: port });
      await expect(attempt).rejects.toBeInstanceOf(PortInUseError);
      await expect(attempt).rejects.toThrow(`port ${port} on 127.0.0.1 is already in use`);
    } finally {
      blocker.close();
    }
  });

  it('tears an ephemeral cluster down when the process that owns it is killed', async () => {
    // GIVEN a separate process that starts a cluster and then is SIGKILLed (an interrupted test)
    const script = `
      import { startLocalCluster } from './src/testenv/index.ts';
      const c = await startLocalCluster({ name: 'orphan', ephemeral: true });
      process.stdout.write(JSON.stringify({ pid: c.pid, dir: c.dir }) + '\\n');
      setInterval(() => {}, 1000);
    `;
    const owner = spawn(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const started = await new Promise<{ pid: number; dir: string }>((resolve, reject) => {
      let out = '';
      owner.stdout.on('data', (c: Buffer) => {
        out += c.toString();
        if (out.includes('\n')) resolve(JSON.parse(out) as { pid: number; dir: string });
      });
      owner.on('exit', (code) => reject(new Error(`owner exited early with code ${code}`)));
    });
    expect(isAlive(-started.pid)).toBe(true);
    owner.kill('SIGKILL');

    // THEN every process of the cluster exits and its directory is removed
    await waitFor(() => !isAlive(-started.pid) && !existsSync(started.dir), {
      what: 'the orphaned cluster to be torn down',
      timeoutMs: 30_000,
    });
  });
});
