/**
 * `npm run bench -- fleet`: a fleet of N Applications × M resources from one
 * Git repository, on the local control plane with kwok, reconciled by a
 * `keelson controller` process with default settings.
 *
 * Measures, in order, on the same fleet:
 * 1. fleet — time from creating the Applications until all are Synced and
 *    Healthy; the controller's peak RSS and CPU seconds meanwhile;
 * 3. drift — a manual change to a tracked ConfigMap until selfHeal reverts it;
 * 4. idle — the controller's CPU and memory over a quiet period;
 * 2. commit → applied — a commit changing one app until the change is live:
 *    through a signed GitHub webhook to `keelson server`, then with only the
 *    controller's poll to notice it.
 *
 * Parameters (environment): BENCH_APPS (1000), BENCH_RESOURCES (20),
 * BENCH_DRIFT_RUNS (20), BENCH_WEBHOOK_RUNS (20), BENCH_POLL_RUNS (3), BENCH_IDLE_SECONDS (240),
 * BENCH_FLEET_TIMEOUT_S (1200).
 */
import { createHmac } from 'node:crypto';
import { createServer } from 'node:net';
import { join } from 'node:path';
import pLimit from 'p-limit';
import type { ClusterConnection } from '../src/cluster/index.js';
import { createGitRepo, type GitRepoFixture } from '../src/testenv/index.js';
import { formatProfileDelta, readRequestProfile } from './lib/apiserver-profile.js';
import { APPLICATIONS_PATH, isSyncedAndHealthy, watchApps } from './lib/applications.js';
import { KEELSON_NAMESPACE, startBenchCluster } from './lib/bench-cluster.js';
import { envNumber } from './lib/env.js';
import { appName, appNamespace, fleetApplication, writeAppDir } from './lib/fleet-repo.js';
import {
  spawnKeelson,
  startController,
  waitWhileRunning,
  type KeelsonProcess,
} from './lib/keelson-process.js';
import {
  childrenCpuSeconds,
  cpuPercent,
  formatHostCpu,
  mib,
  sampleHostCpu,
  sampleProcess,
  type ProcessSample,
} from './lib/process-sampler.js';
import { below, median, percentile, row, type BenchRow } from './lib/stats.js';
import { withWorkDir } from './lib/work-dir.js';

export interface FleetParams {
  readonly apps: number;
  readonly resources: number;
  readonly driftRuns: number;
  readonly pollRuns: number;
  readonly webhookRuns: number;
  readonly idleSeconds: number;
  readonly timeoutSeconds: number;
}

/** The fleet's parameters from BENCH_* variables (see the header for defaults). */
export function fleetParamsFromEnv(env: NodeJS.ProcessEnv = process.env): FleetParams {
  const num = (key: string, fallback: number): number => envNumber(key, fallback, env);
  return {
    apps: num('BENCH_APPS', 1000),
    resources: num('BENCH_RESOURCES', 20),
    driftRuns: num('BENCH_DRIFT_RUNS', 20),
    pollRuns: num('BENCH_POLL_RUNS', 3),
    webhookRuns: num('BENCH_WEBHOOK_RUNS', 20),
    idleSeconds: num('BENCH_IDLE_SECONDS', 240),
    timeoutSeconds: num('BENCH_FLEET_TIMEOUT_S', 1200),
  };
}

const log = (line: string): void => void process.stderr.write(`[fleet] ${line}\n`);
const configMapPath = (i: number): string =>
  `/api/v1/namespaces/${appNamespace(i)}/configmaps/config-0`;

/** Runs the fleet scenario on a new local cluster and returns its rows (see the header). */
export async function runFleet(params: FleetParams): Promise<BenchRow[]> {
  return withWorkDir('keelson-bench-fleet-', async (work) => {
    const bench = await startBenchCluster('bench-fleet', { keelson: true });
    let controller: KeelsonProcess | undefined;
    let server: { process: KeelsonProcess; url: string } | undefined;
    try {
      const { conn } = bench;
      const repo = await writeFleetRepo(work, params);
      controller = startController(bench.cluster.kubeconfigPath, work);
      const rows = await measureFleet(conn, bench.cluster.pid, repo.fileUrl, params, controller);
      rows.push(...(await measureDrift(conn, params)));
      rows.push(...(await measureIdle(controller.pid, params)));
      server = await startServer(conn, bench.cluster.kubeconfigPath, work);
      rows.push(...(await measureWebhookCommit(conn, repo, params, server.url)));
      rows.push(...(await measurePollingCommit(conn, repo, params)));
      return rows;
    } finally {
      await server?.process.stop();
      await controller?.stop();
      await bench.stop();
    }
  });
}

async function writeFleetRepo(work: string, params: FleetParams): Promise<GitRepoFixture> {
  log(`writing ${params.apps} application directories`);
  const repo = await createGitRepo({ dir: join(work, 'repo') });
  const limitFs = pLimit(32);
  await Promise.all(
    Array.from({ length: params.apps }, (_, i) =>
      limitFs(() => writeAppDir(repo.dir, i, params.resources)),
    ),
  );
  await repo.commit('fleet');
  return repo;
}

/** Creates the Applications and times them until all are Synced and Healthy. */
async function measureFleet(
  conn: ClusterConnection,
  clusterPid: number,
  repoURL: string,
  params: FleetParams,
  controller: KeelsonProcess,
): Promise<BenchRow[]> {
  log('creating applications');
  const requestsBefore = await readRequestProfile(conn);
  const componentsBefore = childrenCpuSeconds(clusterPid);
  const hostBefore = sampleHostCpu();
  const started = performance.now();
  const limitApi = pLimit(16);
  await Promise.all(
    Array.from({ length: params.apps }, (_, i) =>
      limitApi(() =>
        conn.request({
          method: 'POST',
          path: APPLICATIONS_PATH,
          body: fleetApplication(i, repoURL, KEELSON_NAMESPACE),
        }),
      ),
    ),
  );
  const fleetSeconds = await waitForFleet(conn, params, started, controller);
  const afterFleet = sampleProcess(controller.pid);
  const hostAfter = sampleHostCpu();
  log(formatHostCpu(hostBefore, hostAfter));
  log('API server requests during the fleet (time summed over requests):');
  for (const line of formatProfileDelta(requestsBefore, await readRequestProfile(conn)))
    log(`  ${line}`);
  const componentsAfter = childrenCpuSeconds(clusterPid);
  const cpu = [...componentsAfter].map(
    ([name, s]) => `${name} ${(s - (componentsBefore.get(name) ?? 0)).toFixed(0)}`,
  );
  log(
    `CPU seconds during the fleet: ${cpu.join(', ')}, keelson controller ${afterFleet.cpuSeconds.toFixed(0)}`,
  );
  const scenario = `fleet ${params.apps}×${params.resources}`;
  return [
    row(scenario, 'all Synced + Healthy', fleetSeconds, 's', below(180, 's')),
    row(scenario, 'controller peak RSS', mib(afterFleet.peakRssBytes), 'MiB', below(300, 'MiB')),
    row(
      scenario,
      'controller memory limit (0: none)',
      mib(controller.memoryLimitBytes ?? 0),
      'MiB',
    ),
    row(scenario, 'controller CPU', afterFleet.cpuSeconds, 'CPU s'),
    row(
      scenario,
      'CPU stolen by the hypervisor',
      hostAfter.stolenSeconds - hostBefore.stolenSeconds,
      'CPU s',
    ),
  ];
}

const WEBHOOK_SECRET = 'bench-webhook-secret';

/** `keelson server` with a GitHub webhook secret, for the webhook scenario. */
async function startServer(
  conn: ClusterConnection,
  kubeconfig: string,
  work: string,
): Promise<{ process: KeelsonProcess; url: string }> {
  await conn.request({
    method: 'POST',
    path: `/api/v1/namespaces/${KEELSON_NAMESPACE}/secrets`,
    body: {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'keelson-secret', namespace: KEELSON_NAMESPACE },
      stringData: { 'webhook.github.secret': WEBHOOK_SECRET },
    },
  });
  const port = await freePort();
  const server = spawnKeelson(
    [
      'server',
      '--kubeconfig',
      kubeconfig,
      '--namespace',
      KEELSON_NAMESPACE,
      '--address',
      '127.0.0.1',
      '--port',
      String(port),
      '--allow-local-repos',
      '--log-level',
      'warn',
    ],
    join(work, 'server.log'),
    { ...process.env, KEELSON_ADMIN_PASSWORD: 'bench-admin' },
  );
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitWhileRunning(server, () => fetch(`${url}/readyz`).then((r) => r.ok), {
      what: 'keelson server ready',
      timeoutMs: 60_000,
      intervalMs: 250,
    });
  } catch (err) {
    await server.stop();
    throw err;
  }
  return { process: server, url };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** Delivers a GitHub push event for `sha`, signed with the webhook secret. */
async function deliverPush(
  serverUrl: string,
  repoURL: string,
  sha: string,
  file: string,
): Promise<void> {
  const body = JSON.stringify({
    ref: 'refs/heads/main',
    before: '1'.repeat(40),
    after: sha,
    repository: { clone_url: repoURL, html_url: repoURL, default_branch: 'main' },
    commits: [{ id: sha, added: [], modified: [file], removed: [] }],
  });
  const signature = createHmac('sha256', WEBHOOK_SECRET).update(body).digest('hex');
  const response = await fetch(`${serverUrl}/api/webhook`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-github-event': 'push',
      'x-hub-signature-256': `sha256=${signature}`,
    },
    body,
  });
  const answer = (await response.json()) as { refreshed?: number };
  if (!response.ok || answer.refreshed !== 1)
    throw new Error(`webhook answered ${response.status} ${JSON.stringify(answer)}`);
}

async function measureWebhookCommit(
  conn: ClusterConnection,
  repo: GitRepoFixture,
  params: FleetParams,
  serverUrl: string,
): Promise<BenchRow[]> {
  const samples: number[] = [];
  for (let run = 0; run < params.webhookRuns; run++) {
    const i = (run * 11 + 3) % params.apps;
    const version = `hook-${run}`;
    await writeAppDir(repo.dir, i, params.resources, { version });
    const sha = await repo.commit(`bench: ${appName(i)} → ${version}`);
    const since = performance.now();
    await deliverPush(serverUrl, repo.fileUrl, sha, `apps/${appName(i)}/resources.yaml`);
    samples.push(await timeUntilValue(conn, i, version, since, 60_000, 20));
  }
  log(`commit → applied by webhook: ${samples.map((s) => s.toFixed(2)).join(' ')} s`);
  const scenario = `commit → applied, webhook (${params.webhookRuns} runs)`;
  return samples.length === 0
    ? []
    : [
        row(scenario, 'p50', median(samples), 's', below(2, 's')),
        row(scenario, 'p95', percentile(samples, 95), 's'),
        row(scenario, 'p99', percentile(samples, 99), 's', below(5, 's')),
      ];
}

async function waitForFleet(
  conn: ClusterConnection,
  params: FleetParams,
  started: number,
  controller: KeelsonProcess,
): Promise<number> {
  const done = new Set<string>();
  const stop = new AbortController();
  let finishedAt: number | undefined;
  const watching = watchApps(
    conn,
    (type, app) => {
      if (type !== 'DELETED' && isSyncedAndHealthy(app)) done.add(app.metadata.name);
      else done.delete(app.metadata.name);
      if (done.size === params.apps) finishedAt ??= performance.now();
    },
    stop.signal,
  );
  try {
    await waitWhileRunning(
      controller,
      async () => {
        const elapsed = (performance.now() - started) / 1000;
        const sample: ProcessSample = sampleProcess(controller.pid);
        log(
          `${done.size}/${params.apps} Synced+Healthy after ${elapsed.toFixed(0)} s (controller RSS ${mib(sample.rssBytes).toFixed(0)} MiB)`,
        );
        return finishedAt !== undefined;
      },
      {
        what: `${params.apps} applications Synced and Healthy`,
        timeoutMs: started + params.timeoutSeconds * 1000 - performance.now(),
        intervalMs: 3000, // how often progress is logged; the time comes from the watch
      },
    );
  } finally {
    stop.abort();
    await watching;
  }
  return ((finishedAt ?? performance.now()) - started) / 1000;
}

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function readValue(conn: ClusterConnection, i: number): Promise<string | undefined> {
  const cm = (await conn.request({ method: 'GET', path: configMapPath(i) })) as {
    data?: Record<string, string>;
  };
  return cm.data?.value;
}

/** Time until `readValue` returns `expected`, polling every `everyMs`. */
async function timeUntilValue(
  conn: ClusterConnection,
  i: number,
  expected: string,
  since: number,
  timeoutMs: number,
  everyMs: number,
): Promise<number> {
  while (performance.now() - since < timeoutMs) {
    if ((await readValue(conn, i)) === expected) return (performance.now() - since) / 1000;
    await delay(everyMs);
  }
  throw new Error(`${appName(i)}: config-0 did not become "${expected}" within ${timeoutMs} ms`);
}

async function measureDrift(conn: ClusterConnection, params: FleetParams): Promise<BenchRow[]> {
  const samples: number[] = [];
  for (let run = 0; run < params.driftRuns; run++) {
    const i = (run * 7) % params.apps;
    const since = performance.now();
    await conn.request({
      method: 'PATCH',
      path: configMapPath(i),
      query: { fieldManager: 'bench-drift' },
      contentType: 'application/merge-patch+json',
      body: { data: { value: `drift-${run}` } },
    });
    samples.push(await timeUntilValue(conn, i, 'v1', since, 60_000, 10));
  }
  log(`drift healed: ${samples.map((s) => s.toFixed(2)).join(' ')} s`);
  const scenario = `drift → healed (${params.driftRuns} runs)`;
  return [
    row(scenario, 'p50', median(samples), 's', below(1, 's')),
    row(scenario, 'p95', percentile(samples, 95), 's'),
    row(scenario, 'p99', percentile(samples, 99), 's', below(3, 's')),
  ];
}

async function measureIdle(pid: number, params: FleetParams): Promise<BenchRow[]> {
  // Let the drift runs' follow-up reconciles finish before measuring quiet.
  await delay(5000);
  const from = sampleProcess(pid);
  let maxRss = from.rssBytes;
  const until = performance.now() + params.idleSeconds * 1000;
  while (performance.now() < until) {
    await delay(1000);
    maxRss = Math.max(maxRss, sampleProcess(pid).rssBytes);
  }
  const to = sampleProcess(pid);
  const scenario = `idle ${params.idleSeconds} s, ${params.apps} apps`;
  return [
    row(scenario, 'controller CPU', cpuPercent(from, to), '% of a core', below(2, '%')),
    row(scenario, 'controller RSS (max)', mib(maxRss), 'MiB'),
  ];
}

async function measurePollingCommit(
  conn: ClusterConnection,
  repo: GitRepoFixture,
  params: FleetParams,
): Promise<BenchRow[]> {
  const samples: number[] = [];
  for (let run = 0; run < params.pollRuns; run++) {
    const i = (run * 13 + 1) % params.apps;
    const version = `poll-${run}`;
    await writeAppDir(repo.dir, i, params.resources, { version });
    await repo.commit(`bench: ${appName(i)} → ${version}`);
    const since = performance.now();
    samples.push(await timeUntilValue(conn, i, version, since, 10 * 60_000, 100));
    log(`commit → applied by polling: ${samples.at(-1)?.toFixed(1)} s`);
  }
  const scenario = `commit → applied, polling (${params.pollRuns} runs)`;
  return samples.length === 0
    ? []
    : [
        row(scenario, 'p50', median(samples), 's'),
        row(scenario, 'max', Math.max(...samples), 's', { text: '≤ 60 s', met: (v) => v <= 60 }),
      ];
}
