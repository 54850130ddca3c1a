/**
 * `npm run bench:sync`: how fast the sync engine applies and diffs, compared
 * with the raw server-side-apply rate of the same API server.
 *
 * On a fresh local control plane: (1) raw server-side apply of N objects
 * (one PATCH each, same concurrency and connection pool as the engine);
 * (2) `runSync` of N other objects into an empty namespace (comparison with
 * a dry run per object, planning, validation, apply); (3) `compareApp` of
 * those N objects, unchanged. Prints objects per second for each and the
 * ratio of the engine's apply rate to the raw rate.
 */
import pLimit from 'p-limit';
import {
  ClusterConnection,
  applyObject,
  listTrackedObjects,
  withTrackingMarker,
} from '../src/cluster/index.js';
import type { KubeObject } from '../src/core/index.js';
import { compareApp } from '../src/diff/index.js';
import { runSync } from '../src/sync/index.js';
import { startLocalCluster } from '../src/testenv/index.js';

const COUNT = Number(process.env.BENCH_SYNC_OBJECTS ?? 2000);
const CONCURRENCY = 16;

/** A mix like a real application's: ConfigMaps, Secrets and ServiceAccounts. */
function objects(count: number, namespace: string): KubeObject[] {
  return Array.from({ length: count }, (_, i): KubeObject => {
    const metadata = {
      name: `obj-${String(i).padStart(5, '0')}`,
      namespace,
      labels: { bench: 'sync' },
    };
    if (i % 5 === 3)
      return { apiVersion: 'v1', kind: 'Secret', metadata, stringData: { token: `t-${i}` } };
    if (i % 5 === 4) return { apiVersion: 'v1', kind: 'ServiceAccount', metadata };
    return {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata,
      data: { index: String(i), payload: 'x'.repeat(200) },
    };
  });
}

const seconds = (ms: number): string => (ms / 1000).toFixed(2);
const rate = (n: number, ms: number): number => Math.round((n * 1000) / ms);

async function main(): Promise<void> {
  const cluster = await startLocalCluster({ name: 'bench-sync', ephemeral: true });
  const conn = ClusterConnection.fromKubeconfig(cluster.kubeconfigPath, { maxSockets: 32 });
  try {
    for (const ns of ['bench-warmup', 'bench-raw', 'bench-sync']) {
      await applyObject(conn, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
    }
    const limit = pLimit(CONCURRENCY);
    const rawApply = (objs: readonly KubeObject[]): Promise<unknown> =>
      Promise.all(
        objs.map((o) => limit(() => applyObject(conn, withTrackingMarker(o, 'bench-raw')))),
      );
    await rawApply(objects(100, 'bench-warmup'));

    let t = performance.now();
    await rawApply(objects(COUNT, 'bench-raw'));
    const rawMs = performance.now() - t;

    t = performance.now();
    const result = await runSync(
      conn,
      { desired: objects(COUNT, 'bench-sync'), live: [] },
      { app: 'bench', namespace: 'bench-sync', concurrency: CONCURRENCY },
    );
    const syncMs = performance.now() - t;
    if (result.phase !== 'Succeeded') throw new Error(`sync ${result.phase}: ${result.message}`);

    const live = await listTrackedObjects(conn, 'bench');
    t = performance.now();
    const comparison = await compareApp(
      conn,
      { desired: objects(COUNT, 'bench-sync'), live },
      { app: 'bench', namespace: 'bench-sync', concurrency: CONCURRENCY },
    );
    const diffMs = performance.now() - t;
    const synced = comparison.resources.filter((r) => r.status === 'Synced').length;
    if (synced !== COUNT) throw new Error(`diff: ${synced} of ${COUNT} Synced`);

    const rawRate = rate(COUNT, rawMs);
    const syncRate = rate(COUNT, syncMs);
    console.log(
      `bench:sync — ${COUNT} objects (ConfigMaps, Secrets, ServiceAccounts), concurrency ${CONCURRENCY}`,
    );
    console.log(
      `  raw server-side apply   ${seconds(rawMs).padStart(7)} s  ${String(rawRate).padStart(6)} objects/s`,
    );
    console.log(
      `  keelson sync (apply)    ${seconds(syncMs).padStart(7)} s  ${String(syncRate).padStart(6)} objects/s`,
    );
    console.log(
      `  keelson diff (no change)${seconds(diffMs).padStart(7)} s  ${String(rate(COUNT, diffMs)).padStart(6)} objects/s`,
    );
    console.log(`  sync / raw apply rate   ${(syncRate / rawRate).toFixed(2)}`);
  } finally {
    conn.close();
    await cluster.stop();
  }
}

await main();
