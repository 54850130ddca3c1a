/**
 * `npm run bench -- apply-ceiling` (shortcut `npm run bench:sync`): how fast
 * the sync engine applies and diffs, compared with the raw server-side-apply
 * rate of the same API server, the ceiling any sync engine is bound by.
 *
 * On a fresh local control plane: (1) raw server-side apply of N objects
 * (one PATCH each, same concurrency and connection pool as the engine);
 * (2) `runSync` of N other objects into an empty namespace (comparison with
 * a dry run per object, planning, validation, apply); (3) `compareApp` of
 * those N objects, unchanged. Rows: objects per second for each, and the
 * ratio of the engine's apply rate to the raw rate (target ≥ 0.7).
 *
 * Runs in this process (no `keelson` child), so it needs no build.
 *
 * Parameter (environment): BENCH_SYNC_OBJECTS (2000).
 */
import pLimit from 'p-limit';
import {
  applyObject,
  listTrackedObjects,
  withTrackingMarker,
  type ClusterConnection,
} from '../src/cluster/index.js';
import type { KubeObject } from '../src/core/index.js';
import { compareApp } from '../src/diff/index.js';
import { runSync } from '../src/sync/index.js';
import { startBenchCluster } from './lib/bench-cluster.js';
import { envNumber } from './lib/env.js';
import { atLeast, row, timed, type BenchRow } from './lib/stats.js';

/** Requests in flight, in every phase: the sync engine's default. */
const CONCURRENCY = 16;
const APP = 'bench';

/** Parameters of the apply-ceiling scenario. */
export interface ApplyCeilingParams {
  /** Objects applied in each phase. */
  readonly objects: number;
}

/** The scenario's parameters from BENCH_SYNC_OBJECTS (default 2000). */
export function applyCeilingParamsFromEnv(
  env: NodeJS.ProcessEnv = process.env,
): ApplyCeilingParams {
  return { objects: envNumber('BENCH_SYNC_OBJECTS', 2000, env) };
}

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

const perSecond = (count: number, ms: number): number => (count * 1000) / ms;

/** Server-side apply of each object, CONCURRENCY at a time, with no planning at all. */
async function rawApply(conn: ClusterConnection, objs: readonly KubeObject[]): Promise<void> {
  const limit = pLimit(CONCURRENCY);
  await Promise.all(
    objs.map((o) => limit(() => applyObject(conn, withTrackingMarker(o, 'bench-raw')))),
  );
}

async function keelsonSync(conn: ClusterConnection, count: number): Promise<void> {
  const result = await runSync(
    conn,
    { desired: objects(count, 'bench-sync'), live: [] },
    { app: APP, namespace: 'bench-sync', concurrency: CONCURRENCY },
  );
  if (result.phase !== 'Succeeded') throw new Error(`sync ${result.phase}: ${result.message}`);
}

/** Compares the synced objects with themselves; all must come out Synced. */
async function keelsonDiff(
  conn: ClusterConnection,
  count: number,
  live: readonly KubeObject[],
): Promise<void> {
  const comparison = await compareApp(
    conn,
    { desired: objects(count, 'bench-sync'), live },
    { app: APP, namespace: 'bench-sync', concurrency: CONCURRENCY },
  );
  const synced = comparison.resources.filter((r) => r.status === 'Synced').length;
  if (synced !== count) throw new Error(`diff: ${synced} of ${count} Synced`);
}

/** Runs the apply-ceiling scenario on a new local cluster and returns its rows. */
export async function runApplyCeiling(params: ApplyCeilingParams): Promise<BenchRow[]> {
  const count = params.objects;
  const bench = await startBenchCluster('bench-sync', { keelson: false });
  const { conn } = bench;
  try {
    for (const ns of ['bench-warmup', 'bench-raw', 'bench-sync'])
      await applyObject(conn, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
    // Warm the connection pool and the API server's caches, so the raw rate,
    // measured first, is not penalized for going first.
    await rawApply(conn, objects(100, 'bench-warmup'));

    const rawMs = await timed(() => rawApply(conn, objects(count, 'bench-raw')));
    const syncMs = await timed(() => keelsonSync(conn, count));
    const live = await listTrackedObjects(conn, APP);
    const diffMs = await timed(() => keelsonDiff(conn, count, live));

    const scenario = `apply ceiling, ${count} objects (${CONCURRENCY} in flight)`;
    const rawRate = perSecond(count, rawMs);
    const syncRate = perSecond(count, syncMs);
    return [
      row(scenario, 'raw server-side apply', rawRate, 'objects/s'),
      row(scenario, 'keelson sync (compare, plan, validate, apply)', syncRate, 'objects/s'),
      row(scenario, 'keelson diff, nothing changed', perSecond(count, diffMs), 'objects/s'),
      row(scenario, 'sync / raw apply rate', syncRate / rawRate, '×', atLeast(0.7)),
    ];
  } finally {
    await bench.stop();
  }
}
