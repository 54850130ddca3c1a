/**
 * `npm run bench [-- scenario…]`: runs the named benchmark scenarios (default:
 * all, in the order below), prints one Markdown table of their rows and
 * writes the rows as JSON to `bench-results/<date>.json`. `npm run bench`
 * builds first, because two scenarios run the built `keelson` CLI;
 * `npm run bench:render` and `npm run bench:sync` run one scenario each,
 * without a build. Each scenario's file header says what it measures.
 *
 * | scenario | what | parameters (environment, default) |
 * |---|---|---|
 * | `render` | cold, warm, poll + hit and cache-hit render times of a directory, a Kustomize and a Helm app (no cluster) | BENCH_RENDER_FILES (500) |
 * | `apply-ceiling` | raw server-side apply rate vs the sync engine's apply and diff rates, in process | BENCH_SYNC_OBJECTS (2000) |
 * | `api-list` | first page, filtered page and search of the API's application list | BENCH_LIST_APPS (10000) |
 * | `large-app` | one Application of N resources: time to Synced + Healthy, object size, refreshes, controller memory | BENCH_LARGE_RESOURCES (5000), BENCH_LARGE_TIMEOUT_S (900) |
 * | `fleet-floor` | the same N × M objects by raw server-side apply, no engine: the fastest any engine could do the fleet on this machine | BENCH_APPS (1000), BENCH_RESOURCES (20) |
 * | `fleet` | N Applications × M resources: fleet sync, drift → healed, idle cost, commit → applied by webhook and by polling | BENCH_APPS (1000), BENCH_RESOURCES (20), BENCH_DRIFT_RUNS (20), BENCH_WEBHOOK_RUNS (20), BENCH_POLL_RUNS (3), BENCH_IDLE_SECONDS (240), BENCH_FLEET_TIMEOUT_S (1200) |
 *
 * The scenarios that need a cluster start their own ephemeral local control
 * plane (src/testenv), one after another, so they do not disturb each other.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { runApiList } from './api-list.js';
import { applyCeilingParamsFromEnv, runApplyCeiling } from './apply-ceiling.js';
import { runFleetFloor } from './fleet-floor.js';
import { fleetParamsFromEnv, runFleet } from './fleet.js';
import { largeAppParamsFromEnv, runLargeApp } from './large-app.js';
import { envNumber } from './lib/env.js';
import { referenceWorkloadMs } from './lib/machine-speed.js';
import { markdownTable, type BenchRow } from './lib/stats.js';
import { renderParamsFromEnv, runRender } from './render.js';

/** Every scenario by name, in the order a run without arguments takes. */
const SCENARIOS: Record<string, () => Promise<BenchRow[]>> = {
  render: () => runRender(renderParamsFromEnv()),
  'apply-ceiling': () => runApplyCeiling(applyCeilingParamsFromEnv()),
  'api-list': () => runApiList(envNumber('BENCH_LIST_APPS', 10_000, process.env)),
  'large-app': () => runLargeApp(largeAppParamsFromEnv()),
  'fleet-floor': () => runFleetFloor(),
  fleet: () => runFleet(fleetParamsFromEnv()),
};

async function main(): Promise<void> {
  const requested = process.argv.slice(2);
  const names = requested.length > 0 ? requested : Object.keys(SCENARIOS);
  for (const name of names)
    if (!SCENARIOS[name])
      throw new Error(`unknown scenario "${name}" (known: ${Object.keys(SCENARIOS).join(', ')})`);
  const rows: BenchRow[] = [];
  const failures: string[] = [];
  const speedBefore = referenceWorkloadMs();
  for (const name of names) {
    // One failed scenario must not throw away what the others measured.
    try {
      rows.push(...(await (SCENARIOS[name] as () => Promise<BenchRow[]>)()));
    } catch (err) {
      failures.push(`${name}: ${err instanceof Error ? err.message : String(err)}`);
      process.stderr.write(`\nscenario ${name} failed: ${String(err)}\n`);
    }
  }
  const speed = `reference workload ${speedBefore.toFixed(0)} ms before, ${referenceWorkloadMs().toFixed(0)} ms after (lower is faster)`;
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}; ${speed}`;
  process.stdout.write(`\nMachine: ${machine}\n\n${markdownTable(rows)}`);
  const dir = join(import.meta.dirname, '..', 'bench-results');
  await mkdir(dir, { recursive: true });
  const file = join(dir, `${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  await writeFile(file, `${JSON.stringify({ machine, rows, failures }, null, 2)}\n`);
  process.stdout.write(`\nResults written to ${file}\n`);
  if (failures.length > 0) {
    process.stderr.write(`\nfailed scenarios:\n${failures.map((f) => `  ${f}`).join('\n')}\n`);
    process.exitCode = 1;
  }
}

await main();
