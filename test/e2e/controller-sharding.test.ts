/**
 * Sharded controllers: three `keelson controller --shards 3` processes on one
 * control plane. One is killed while every application's sync is mid-flight;
 * the others take its shard over, every application converges, no
 * application is ever synced by two replicas at once (from each replica's
 * own log of the syncs it ran), and each sync's PreSync hook ran once.
 */
import { CoreV1Api, CustomObjectsApi, KubeConfig } from '@kubernetes/client-node';
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installCrds, type Application } from '../../src/apis/index.js';
import { ClusterConnection } from '../../src/cluster/index.js';
import { waitFor } from '../../src/core/index.js';
import { createGitRepo, startLocalCluster, type LocalCluster } from '../../src/testenv/index.js';
import { addPoolNode } from './support/controller-env.js';

const NS = 'keelson';
const APPS = Array.from({ length: 9 }, (_, i) => `shard-app-${i}`);
const BIN = join(import.meta.dirname, '..', '..', 'bin', 'keelson.js');
const APP_API = {
  group: 'keelson.dev',
  version: 'v1alpha1',
  namespace: NS,
  plural: 'applications',
};

const files = (app: string): Record<string, string> => ({
  [`${app}/hook.yaml`]: `apiVersion: v1
kind: ConfigMap
metadata:
  generateName: presync-
  annotations: {keelson.dev/hook: PreSync}
data: {app: ${app}}
`,
  // Only fits on a node labelled pool=sharding: the sync waits in wave 0 until one exists.
  [`${app}/deployment.yaml`]: `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 1
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      nodeSelector: {pool: sharding}
      containers: [{name: web, image: registry.example/web:1}]
`,
  [`${app}/after.yaml`]: `apiVersion: v1
kind: ConfigMap
metadata:
  name: after
  annotations: {keelson.dev/sync-wave: "1"}
data: {done: "yes"}
`,
});

interface Replica {
  readonly id: string;
  readonly process: ChildProcess;
  readonly log: string;
  killedAt?: number;
}

interface SyncInterval {
  readonly replica: string;
  readonly app: string;
  readonly start: number;
  readonly end: number;
}

describe('sharded controllers', () => {
  let cluster: LocalCluster;
  let kc: KubeConfig;
  let work: string;
  const replicas: Replica[] = [];

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'keelson-sharding-'));
    cluster = await startLocalCluster({ name: 'sharding', ephemeral: true });
    kc = new KubeConfig();
    kc.loadFromFile(cluster.kubeconfigPath);
    const crdConnection = ClusterConnection.fromKubeconfig(kc);
    await installCrds(crdConnection);
    crdConnection.close();
    await kc.makeApiClient(CoreV1Api).createNamespace({ body: { metadata: { name: NS } } });
  });

  afterAll(async () => {
    for (const r of replicas) if (r.process.exitCode === null) r.process.kill('SIGKILL');
    await cluster?.stop();
    if (!process.env.KEELSON_KEEP_TEST_DIR) await rm(work, { recursive: true, force: true });
  });

  function startReplica(id: string): Replica {
    const log = join(work, `${id}.log`);
    const out = createWriteStream(log);
    const child = spawn(
      process.execPath,
      [
        BIN,
        'controller',
        '--kubeconfig',
        cluster.kubeconfigPath,
        '--namespace',
        NS,
        '--shards',
        '3',
        '--allow-local-repos',
        '--metrics-addr',
        '',
        '--cache-dir',
        join(work, `cache-${id}`),
        '--log-level',
        'info',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child.stdout.pipe(out);
    child.stderr.pipe(out);
    const replica = { id, process: child, log };
    replicas.push(replica);
    return replica;
  }

  async function logLines(r: Replica): Promise<Record<string, unknown>[]> {
    const text = await readFile(r.log, 'utf8').catch(() => '');
    return text
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  }

  async function listApps(): Promise<Application[]> {
    const list = (await kc.makeApiClient(CustomObjectsApi).listNamespacedCustomObject(APP_API)) as {
      items: Application[];
    };
    return list.items;
  }

  it('splits the applications, survives a replica killed mid-sync, and never syncs one app twice at once', async () => {
    for (const id of ['a', 'b', 'c']) startReplica(id);
    // Every replica holds its one shard before any application exists.
    await waitFor(
      async () => {
        const dead = replicas.find((r) => r.process.exitCode !== null);
        if (dead) throw new Error(`replica ${dead.id} exited: ${await readFile(dead.log, 'utf8')}`);
        const held = await Promise.all(
          replicas.map(async (r) => (await logLines(r)).some((l) => l.msg === 'acquired shard')),
        );
        return held.every(Boolean);
      },
      { timeoutMs: 60_000, intervalMs: 250, what: 'each replica to acquire a shard' },
    );

    const repo = await createGitRepo({ dir: join(work, 'repo') });
    await repo.commit('apps', Object.assign({}, ...APPS.map(files)) as Record<string, string>);
    const api = kc.makeApiClient(CustomObjectsApi);
    for (const name of APPS)
      await api.createNamespacedCustomObject({
        ...APP_API,
        body: {
          apiVersion: 'keelson.dev/v1alpha1',
          kind: 'Application',
          metadata: { name, namespace: NS },
          spec: {
            source: { repoURL: repo.fileUrl, targetRevision: 'main', path: name },
            destination: { server: 'https://kubernetes.default.svc', namespace: name },
            syncPolicy: { syncOptions: ['CreateNamespace=true'] },
          },
          operation: { sync: {}, initiatedBy: { username: 'sharding-test' } },
        },
      });
    await waitFor(
      async () =>
        (await listApps()).filter((a) => a.status?.operationState?.phase === 'Running').length ===
        APPS.length,
      { timeoutMs: 90_000, intervalMs: 500, what: 'every sync to be running' },
    );

    // Kill the replica that runs the most syncs, mid-flight.
    const running = await Promise.all(
      replicas.map(async (r) => (await logLines(r)).filter((l) => l.msg === 'sync started').length),
    );
    const victim = replicas[running.indexOf(Math.max(...running))] as Replica;
    expect(Math.max(...running)).toBeGreaterThan(0);
    victim.process.kill('SIGKILL');
    victim.killedAt = Date.now();

    // Let the pods run: every sync can now finish.
    await addPoolNode(kc.makeApiClient(CoreV1Api), 'sharding', '32');
    const converged = await waitFor(
      async () => {
        const apps = await listApps();
        const done = apps.filter(
          (a) => a.status?.operationState?.phase === 'Succeeded' && a.operation === undefined,
        );
        return done.length === APPS.length ? apps : undefined;
      },
      { timeoutMs: 150_000, intervalMs: 500, what: 'every application to finish its sync' },
    );
    const core = kc.makeApiClient(CoreV1Api);
    for (const app of converged) {
      const name = app.metadata.name ?? '';
      expect(app.status?.history, name).toHaveLength(1);
      const after = await core.readNamespacedConfigMap({ name: 'after', namespace: name });
      expect(after.data).toEqual({ done: 'yes' });
      const hooks = (await core.listNamespacedConfigMap({ namespace: name })).items.filter((c) =>
        c.metadata?.name?.startsWith('presync-'),
      );
      expect(hooks, `${name}: PreSync hooks run`).toHaveLength(1);
    }

    // No application was synced by two replicas at overlapping times.
    const intervals: SyncInterval[] = [];
    for (const r of replicas) {
      const open = new Map<string, number>();
      for (const line of await logLines(r)) {
        const at = Date.parse(String(line.time));
        const app = String(line.app);
        if (line.msg === 'sync started') open.set(app, at);
        if (line.msg === 'sync finished' && open.has(app)) {
          intervals.push({ replica: r.id, app, start: open.get(app) ?? at, end: at });
          open.delete(app);
        }
      }
      for (const [app, start] of open)
        intervals.push({ replica: r.id, app, start, end: r.killedAt ?? Date.now() });
    }
    for (const name of APPS) {
      const mine = intervals.filter((i) => i.app === name).sort((x, y) => x.start - y.start);
      expect(mine.length, `${name} was synced`).toBeGreaterThan(0);
      for (let i = 1; i < mine.length; i++) {
        const [prev, next] = [mine[i - 1] as SyncInterval, mine[i] as SyncInterval];
        if (prev.replica !== next.replica)
          expect(
            next.start,
            `${name}: ${next.replica} started while ${prev.replica} synced`,
          ).toBeGreaterThanOrEqual(prev.end);
      }
    }
    // A survivor took the dead replica's shard over within 30 s of the kill.
    const takeovers: number[] = [];
    for (const r of replicas.filter((x) => x !== victim))
      for (const line of await logLines(r))
        if (line.msg === 'acquired shard' && Date.parse(String(line.time)) > (victim.killedAt ?? 0))
          takeovers.push(Date.parse(String(line.time)) - (victim.killedAt ?? 0));
    expect(takeovers.length).toBeGreaterThan(0);
    expect(Math.min(...takeovers)).toBeLessThan(30_000);
    // The killed replica's applications moved to the survivors.
    const moved = intervals.filter((i) => i.replica === victim.id).map((i) => i.app);
    for (const app of moved)
      expect(intervals.some((i) => i.app === app && i.replica !== victim.id)).toBe(true);
  }, 300_000);
});
