/**
 * `keelson cluster …`: destination clusters, stored by the backend as
 * labelled Secrets. `cluster add` takes a context from a kubeconfig (see
 * cluster-kubeconfig.ts); credentials are never printed.
 */
import type { Command } from 'commander';
import type { ClusterView } from '../service/index.js';
import { collect, keyValues } from './args.js';
import { withBackend, withBackendOptions, type BackendFlags } from './backend.js';
import { clusterRequestFromContext, readKubeConfig } from './cluster-kubeconfig.js';
import { reportErrors } from './exit.js';
import {
  formatData,
  formatFields,
  formatTable,
  parseOutputFormat,
  type OutputFormat,
} from './output/index.js';

const print = (text: string): void => void process.stdout.write(text);

interface ClusterAddOptions extends Omit<BackendFlags, 'namespace'> {
  readonly name?: string;
  readonly serverOverride?: string;
  readonly namespace: string[];
  readonly label: string[];
  readonly upsert?: boolean;
  readonly keelsonNamespace?: string;
}

function formatClusters(clusters: readonly ClusterView[]): string {
  return formatTable([
    ['SERVER', 'NAME', 'NAMESPACES', 'LABELS'],
    ...clusters.map((c) => [
      c.server,
      c.name,
      c.namespaces?.length ? c.namespaces.join(',') : '<all>',
      Object.entries(c.labels ?? {})
        .map(([k, v]) => `${k}=${v}`)
        .join(','),
    ]),
  ]);
}

function formatCluster(c: ClusterView): string {
  return formatFields([
    ['Name', c.name],
    ['Server', c.server],
    ['Namespaces', c.namespaces?.length ? c.namespaces.join(', ') : '<all>'],
    [
      'Labels',
      Object.entries(c.labels ?? {})
        .map(([k, v]) => `${k}=${v}`)
        .join(', '),
    ],
    ['Secret', c.secretName ?? '<none: the cluster Keelson runs in>'],
  ]);
}

export function registerClusterCommands(program: Command): void {
  const cluster = program.command('cluster').description('manage destination clusters');
  withBackendOptions(
    cluster
      .command('add')
      .description("add the cluster of a kubeconfig context, with that context's credentials")
      .argument(
        '<context>',
        'kubeconfig context to add (from --kubeconfig or the default kubeconfig)',
      )
      .option('--name <name>', 'cluster name (default: the context name)')
      .option('--server-override <url>', 'API server URL to store instead of the kubeconfig one')
      .option(
        '--namespace <ns>',
        'restrict Keelson to this namespace of the cluster (repeatable)',
        collect,
        [],
      )
      .option('--label <key=value>', 'label on the cluster (repeatable)', collect, [])
      .option('--upsert', 'replace an existing cluster of that name'),
    false,
  ).action(
    reportErrors(async (contextName: string, opts: ClusterAddOptions) => {
      const source = readKubeConfig(opts.kubeconfig);
      const request = await clusterRequestFromContext(source, contextName, {
        ...opts,
        labels: keyValues(opts.label),
      });
      const flags: BackendFlags = { ...opts, namespace: opts.keelsonNamespace };
      const view = await withBackend(flags, ({ backend }) => backend.clusters.add(request));
      print(`cluster '${view.server}' added as '${view.name}'\n`);
    }),
  );
  withBackendOptions(
    cluster
      .command('list')
      .description('list destination clusters')
      .option('-o, --output <format>', 'table, json or yaml', parseOutputFormat, 'table'),
  ).action(
    reportErrors(async (opts: BackendFlags & { output: OutputFormat }) => {
      const clusters = await withBackend(opts, ({ backend }) => backend.clusters.list());
      if (opts.output === 'json' || opts.output === 'yaml')
        print(formatData(clusters, opts.output));
      else if (opts.output === 'name') print(clusters.map((c) => `${c.name}\n`).join(''));
      else print(formatClusters(clusters));
    }),
  );
  withBackendOptions(
    cluster
      .command('get')
      .description('show a cluster')
      .argument('<name-or-server>')
      .option('-o, --output <format>', 'table, json or yaml', parseOutputFormat, 'table'),
  ).action(
    reportErrors(async (key: string, opts: BackendFlags & { output: OutputFormat }) => {
      const view = await withBackend(opts, ({ backend }) => backend.clusters.get(key));
      if (opts.output === 'json' || opts.output === 'yaml') print(formatData(view, opts.output));
      else print(formatCluster(view));
    }),
  );
  withBackendOptions(
    cluster
      .command('rm')
      .alias('remove')
      .description('remove a cluster and its credentials')
      .argument('<name-or-server>'),
  ).action(
    reportErrors(async (key: string, opts: BackendFlags) => {
      await withBackend(opts, ({ backend }) => backend.clusters.remove(key));
      print(`cluster '${key}' removed\n`);
    }),
  );
}
