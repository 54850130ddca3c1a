/**
 * `npm run bench [-- scenario…]`: runs the named benchmark scenarios (default:
 * all), prints one Markdown table and writes the rows as JSON to
 * `bench-results/<date>.json`. See README "Benchmarks" for the scenarios and
 * their parameters.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { runApiList } from './api-list.js';
import { fleetParamsFromEnv, runFleet } from './fleet.js';
import { markdownTable, type BenchRow } from './lib/stats.js';

const SCENARIOS: Record<string, () => Promise<BenchRow[]>> = {
  fleet: () => runFleet(fleetParamsFromEnv()),
  'api-list': () => runApiList(Number(process.env.BENCH_LIST_APPS ?? 10_000)),
};

async function main(): Promise<void> {
  const requested = process.argv.slice(2);
  const names = requested.length > 0 ? requested : Object.keys(SCENARIOS);
  for (const name of names)
    if (!SCENARIOS[name])
      throw new Error(`unknown scenario "${name}" (known: ${Object.keys(SCENARIOS).join(', ')})`);
  const rows: BenchRow[] = [];
  for (const name of names) rows.push(...(await (SCENARIOS[name] as () => Promise<BenchRow[]>)()));
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  process.stdout.write(`\nMachine: ${machine}\n\n${markdownTable(rows)}`);
  const dir = join(import.meta.dirname, '..', 'bench-results');
  await mkdir(dir, { recursive: true });
  const file = join(dir, `${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  await writeFile(file, `${JSON.stringify({ machine, rows }, null, 2)}\n`);
  process.stdout.write(`\nResults written to ${file}\n`);
}

await main();
