import { InvalidArgumentError, type Command } from 'commander';
import {
  DEFAULT_CLUSTER_NAME,
  listLocalClusters,
  startLocalCluster,
  stopLocalCluster,
} from '../testenv/index.js';

/** `keelson local up|down|list`: named local control planes for trying Keelson. */
export function registerLocalCommands(program: Command): void {
  const local = program
    .command('local')
    .description('run a local Kubernetes control plane (no Docker needed) to try Keelson on');
  local
    .command('up')
    .description('start a local cluster in the background and print the path of its kubeconfig')
    .option('--name <name>', 'cluster name', DEFAULT_CLUSTER_NAME)
    .option('--port <port>', 'API server port (default: a free one)', parsePort)
    .action(async (opts: { name: string; port?: number }) => {
      const cluster = await startLocalCluster({
        name: opts.name,
        apiServerPort: opts.port,
        log: (line) => process.stderr.write(`${line}\n`),
      });
      process.stderr.write(`local cluster ${cluster.name} is ready at ${cluster.server}\n`);
      process.stdout.write(`${cluster.kubeconfigPath}\n`);
    });
  local
    .command('down')
    .description('stop a local cluster and remove its state')
    .option('--name <name>', 'cluster name', DEFAULT_CLUSTER_NAME)
    .action(async (opts: { name: string }) => {
      const stopped = await stopLocalCluster(opts.name);
      process.stderr.write(
        stopped ? `local cluster ${opts.name} stopped\n` : `no local cluster named ${opts.name}\n`,
      );
    });
  local
    .command('list')
    .description('list local clusters')
    .action(async () => {
      const clusters = await listLocalClusters();
      const rows = [['NAME', 'STATUS', 'SERVER', 'KUBECONFIG']];
      for (const c of clusters) rows.push([c.name, c.phase, c.server ?? '', c.kubeconfig ?? '']);
      process.stdout.write(formatTable(rows));
    });
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new InvalidArgumentError(`expected a port number from 1 to 65535, got ${value}`);
  return port;
}

/** Left-aligned columns separated by three spaces, like kubectl. */
export function formatTable(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows)
    row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows
    .map((row) =>
      row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('   '),
    )
    .join('\n')
    .concat('\n');
}
