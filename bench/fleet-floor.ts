/**
 * `npm run bench -- fleet-floor`: the fleet's floor on this machine. The
 * same N × M objects as the `fleet` scenario, written with nothing but one
 * server-side apply each (plus one create per namespace), 32 in flight: no
 * Git, no rendering, no validation dry run, no status, no events. Times
 * until every object is written and every Deployment is available, which
 * also measures the cluster's own work for them (ReplicaSets, Pods,
 * scheduling, Endpoints). No GitOps engine can do the fleet faster on the
 * same machine; the `fleet` row divided by this one is Keelson's overhead.
 *
 * Parameters (environment): BENCH_APPS (1000), BENCH_RESOURCES (20), as for `fleet`.
 */
import pLimit from 'p-limit';
import { applyObject, type ClusterConnection } from '../src/cluster/index.js';
import { formatProfileDelta, readRequestProfile } from './lib/apiserver-profile.js';
import { startBenchCluster } from './lib/bench-cluster.js';
import { envNumber } from './lib/env.js';
import { appNamespace, fleetManifests } from './lib/fleet-repo.js';
import { childrenCpuSeconds, formatHostCpu, sampleHostCpu } from './lib/process-sampler.js';
import { row, type BenchRow } from './lib/stats.js';

const log = (line: string): void => void process.stderr.write(`[fleet-floor] ${line}\n`);

interface DeploymentView {
  readonly metadata: { readonly name: string; readonly namespace: string };
  readonly spec?: { readonly replicas?: number };
  readonly status?: { readonly availableReplicas?: number };
}

/** Runs the scenario on a new local cluster (see the header). */
export async function runFleetFloor(
  apps = envNumber('BENCH_APPS', 1000, process.env),
  resources = envNumber('BENCH_RESOURCES', 20, process.env),
): Promise<BenchRow[]> {
  const bench = await startBenchCluster('bench-floor', { keelson: false });
  try {
    const { conn } = bench;
    const manifests = fleetManifests(resources);
    const deployments = apps * manifests.filter((m) => m.kind === 'Deployment').length;
    const requestsBefore = await readRequestProfile(conn);
    const cpuBefore = childrenCpuSeconds(bench.cluster.pid);
    const hostBefore = sampleHostCpu();
    const started = performance.now();
    const available = waitForAvailable(conn, deployments);
    await applyAll(conn, apps, manifests);
    const appliedSeconds = (performance.now() - started) / 1000;
    log(`${apps * resources} objects applied after ${appliedSeconds.toFixed(0)} s`);
    await available;
    const seconds = (performance.now() - started) / 1000;
    for (const line of formatProfileDelta(requestsBefore, await readRequestProfile(conn)))
      log(`  ${line}`);
    const cpuAfter = childrenCpuSeconds(bench.cluster.pid);
    const hostAfter = sampleHostCpu();
    log(formatHostCpu(hostBefore, hostAfter));
    log(
      `CPU seconds: ${[...cpuAfter].map(([n, s]) => `${n} ${(s - (cpuBefore.get(n) ?? 0)).toFixed(0)}`).join(', ')}`,
    );
    const scenario = `fleet floor ${apps}×${resources} (raw apply, no engine)`;
    return [
      row(scenario, 'all applied', appliedSeconds, 's'),
      row(scenario, 'all applied + Deployments available', seconds, 's'),
      row(
        scenario,
        'CPU stolen by the hypervisor',
        hostAfter.stolenSeconds - hostBefore.stolenSeconds,
        'CPU s',
      ),
    ];
  } finally {
    await bench.stop();
  }
}

async function applyAll(
  conn: ClusterConnection,
  apps: number,
  manifests: ReturnType<typeof fleetManifests>,
): Promise<void> {
  const limit = pLimit(32);
  const write = { fieldManager: 'bench', force: true } as const;
  await Promise.all(
    Array.from({ length: apps }, (_, i) =>
      limit(async () => {
        const namespace = appNamespace(i);
        await applyObject(
          conn,
          { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } },
          write,
        );
        await Promise.all(
          manifests.map((m) =>
            applyObject(conn, { ...m, metadata: { ...m.metadata, namespace } }, write),
          ),
        );
      }),
    ),
  );
}

/** Resolves once `count` Deployments are available, as seen by one watch. */
function waitForAvailable(conn: ClusterConnection, count: number): Promise<void> {
  const ready = new Set<string>();
  return new Promise((resolve, reject) => {
    const handle = conn.watch('/apis/apps/v1/deployments', {}, (type, object) => {
      const d = object as DeploymentView;
      const key = `${d.metadata.namespace}/${d.metadata.name}`;
      const wanted = d.spec?.replicas ?? 1;
      if (type !== 'DELETED' && (d.status?.availableReplicas ?? 0) >= wanted) ready.add(key);
      else ready.delete(key);
      if (ready.size >= count) {
        handle.abort();
        resolve();
      }
    });
    handle.done.then(
      () => ready.size < count && reject(new Error('the Deployment watch ended early')),
      reject,
    );
  });
}
