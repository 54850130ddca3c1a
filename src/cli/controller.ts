import { createServer } from 'node:http';
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { ApplicationController, defaultControllerOptions } from '../controller/index.js';
import { errorMessage, jsonLogger, type LogLevel, type Logger } from '../core/index.js';
import { cacheRoot, ensureTools } from '../testenv/index.js';
import { Kubeconfig } from '../cluster/index.js';
import type { KubeConfigOptions } from './install.js';

interface ControllerCommandOptions extends KubeConfigOptions {
  readonly namespace: string;
  readonly allowLocalRepos?: boolean;
  readonly resyncPeriod: number;
  readonly statusProcessors: number;
  readonly operationProcessors: number;
  readonly renderCacheMb: number;
  readonly gitConcurrency: number;
  readonly kubeMaxConnections: number;
  readonly shards: number;
  readonly repoPollInterval: number;
  readonly statusResourcesLimit: number;
  readonly statusHeartbeat: number;
  readonly statusProgressInterval: number;
  readonly shardBy: 'application' | 'cluster';
  readonly leaderElection: boolean;
  readonly metricsAddr: string;
  readonly cacheDir?: string;
  readonly helm?: string;
  readonly kustomize?: string;
  readonly logLevel: LogLevel;
}

/** `keelson controller`: runs the application controller against a cluster until interrupted. */
export function registerControllerCommand(program: Command): void {
  program
    .command('controller')
    .description('run the application controller (keeps clusters equal to Git) until interrupted')
    .option(
      '--kubeconfig <path>',
      'kubeconfig file (default: $KUBECONFIG, ~/.kube/config, or in-cluster)',
    )
    .option('--context <name>', 'kubeconfig context')
    .option(
      '-n, --namespace <ns>',
      'namespace of Applications, AppProjects and credential Secrets',
      'keelson',
    )
    .option(
      '--allow-local-repos',
      'allow file:// repositories (local use only: never in a shared cluster)',
    )
    .option(
      '--resync-period <seconds>',
      'compare every application with Git this often',
      positiveInt,
      180,
    )
    .option(
      '--repo-poll-interval <seconds>',
      'check each followed branch or tag for new commits this often (0: off)',
      nonNegativeInt,
      30,
    )
    .option('--status-processors <n>', 'applications compared at once', positiveInt, 10)
    .option('--operation-processors <n>', 'syncs run at once', positiveInt, 5)
    .option(
      '--render-cache-mb <MiB>',
      'memory budget of the rendered-manifest cache',
      positiveInt,
      128,
    )
    .option(
      '--git-concurrency <n>',
      'Git network operations (ls-remote, fetch) at once',
      positiveInt,
      4,
    )
    .option(
      '--kube-max-connections <n>',
      'open connections to each Kubernetes API server at most',
      positiveInt,
      32,
    )
    .option(
      '--status-resources-limit <n>',
      "per-resource entries an Application's status lists at most (the rest are counted)",
      positiveInt,
      1000,
    )
    .option(
      '--status-heartbeat <seconds>',
      'write an unchanged comparison status (its reconciledAt) at least this often (0: every comparison)',
      nonNegativeInt,
      600,
    )
    .option(
      '--status-progress-interval <seconds>',
      "hold intermediate states this long: an automated sync's Running state, a Progressing app's resource health (0: write at once)",
      nonNegativeInt,
      3,
    )
    .option('--no-leader-election', 'act without holding the leader Lease (single replica only)')
    .option(
      '--shards <n>',
      'split applications into this many shards held by replicas through Leases (run several replicas)',
      positiveInt,
      1,
    )
    .option(
      '--shard-by <key>',
      'shard by "application" name or destination "cluster"',
      shardBy,
      'application',
    )
    .option(
      '--metrics-addr <host:port>',
      'serve /metrics, /healthz and /readyz here ("" to disable)',
      '127.0.0.1:8082',
    )
    .option(
      '--cache-dir <dir>',
      'Git, chart and render cache (default: ~/.cache/keelson/controller)',
    )
    .option('--helm <path>', 'helm binary (default: the pinned build)')
    .option('--kustomize <path>', 'kustomize binary (default: the pinned build)')
    .option('--log-level <level>', 'debug, info, warn or error', logLevel, 'info')
    .action(async (opts: ControllerCommandOptions) => {
      const logger = jsonLogger(opts.logLevel);
      // Keelson's own loader: the official client's would cost the
      // controller ~70 MiB of memory (see src/cluster/kubeconfig.ts).
      const kc = Kubeconfig.load({ path: opts.kubeconfig, context: opts.context });
      const tools =
        opts.helm && opts.kustomize
          ? { helm: opts.helm, kustomize: opts.kustomize }
          : await ensureTools(['helm', 'kustomize'], { log: (line) => logger.info(line) });
      const controller = new ApplicationController(
        kc,
        {
          ...defaultControllerOptions({
            namespace: opts.namespace,
            cacheDir: opts.cacheDir ?? join(cacheRoot(), 'controller'),
            tools: { helm: opts.helm ?? tools.helm, kustomize: opts.kustomize ?? tools.kustomize },
            identity: `${hostname()}_${randomUUID().slice(0, 8)}`,
          }),
          allowLocalRepos: opts.allowLocalRepos ?? false,
          resyncPeriodMs: opts.resyncPeriod * 1000,
          statusProcessors: opts.statusProcessors,
          operationProcessors: opts.operationProcessors,
          renderCacheBytes: opts.renderCacheMb * 1024 * 1024,
          gitConcurrency: opts.gitConcurrency,
          kubeMaxConnections: opts.kubeMaxConnections,
          shards: opts.shards,
          repoPollIntervalMs: opts.repoPollInterval * 1000,
          shardBy: opts.shardBy,
          statusResourcesLimit: opts.statusResourcesLimit,
          statusHeartbeatMs: opts.statusHeartbeat * 1000,
          statusProgressIntervalMs: opts.statusProgressInterval * 1000,
          leaderElection: opts.leaderElection,
        },
        logger,
      );
      const stopMetrics = opts.metricsAddr
        ? await serveMetrics(opts.metricsAddr, controller, logger)
        : undefined;
      const stop = async (): Promise<void> => {
        logger.info('stopping controller');
        await controller.stop();
        await stopMetrics?.();
      };
      process.once('SIGINT', () => void stop());
      process.once('SIGTERM', () => void stop());
      await controller.start();
    });
}

async function serveMetrics(
  addr: string,
  controller: ApplicationController,
  logger: Logger,
): Promise<() => Promise<void>> {
  const [host, portText] = addr.includes(':')
    ? [addr.slice(0, addr.lastIndexOf(':')), addr.slice(addr.lastIndexOf(':') + 1)]
    : ['127.0.0.1', addr];
  const server = createServer((req, res) => {
    if (req.url === '/metrics') {
      controller.metrics.registry
        .metrics()
        .then((text) => {
          res.writeHead(200, { 'content-type': controller.metrics.registry.contentType });
          res.end(text);
        })
        .catch((err: unknown) => {
          res.writeHead(500);
          res.end(errorMessage(err));
        });
      return;
    }
    if (req.url === '/healthz' || req.url === '/readyz') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('ok\n');
      return;
    }
    res.writeHead(404);
    res.end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(Number(portText), host || '127.0.0.1', () => resolve());
  });
  logger.info('serving metrics', { addr });
  return () => new Promise((resolve) => server.close(() => resolve()));
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0)
    throw new InvalidArgumentError(`expected a positive whole number, got ${value}`);
  return n;
}

function logLevel(value: string): LogLevel {
  if (value === 'debug' || value === 'info' || value === 'warn' || value === 'error') return value;
  throw new InvalidArgumentError(`expected debug, info, warn or error, got ${value}`);
}

function shardBy(value: string): 'application' | 'cluster' {
  if (value === 'application' || value === 'cluster') return value;
  throw new InvalidArgumentError('expected "application" or "cluster"');
}

function nonNegativeInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a whole number ≥ 0');
  return n;
}
