/**
 * `npm run bench -- large-app`: one Application with N resources (mostly
 * ConfigMaps, some Secrets, a few Services and Deployments), all in one
 * directory of a Git repository, on the local control plane with kwok,
 * reconciled by a `keelson controller` process with default settings.
 *
 * A small Application (a Deployment and a Service, same repository) is
 * synced first, so that the measurement starts with a running controller
 * that has fetched the repository. Measures:
 * - the time from creating the Application until it is Synced and Healthy
 *   (polled every second), and the controller's CPU seconds meanwhile;
 * - the size of the Application object, in bytes of JSON as the API server
 *   returns it. Target: under 1 MiB, well under the API server's 1.5 MiB
 *   object size limit (etcd's request limit), above which the controller
 *   could no longer write status at all;
 * - a second, no-change reconcile, asked for with the refresh annotation and
 *   timed until the controller clears it (it does so right after writing
 *   status): a normal refresh (the comparison is reused while nothing
 *   changed) and a hard one (render again and compare every resource with a
 *   server-side dry run);
 * - the controller's peak RSS over all of the above.
 *
 * Parameters (environment): BENCH_LARGE_RESOURCES (5000), BENCH_LARGE_TIMEOUT_S
 * (900: the most each wait may take; on a timeout the error names the
 * controller's log, and the work directory is kept).
 */
import { join } from 'node:path';
import type { ClusterConnection } from '../src/cluster/index.js';
import { REFRESH_ANNOTATION } from '../src/controller/index.js';
import { createGitRepo } from '../src/testenv/index.js';
import {
  APPLICATIONS_PATH,
  describeAppState,
  getApp,
  getAppMetadata,
  isSyncedAndHealthy,
  type AppView,
} from './lib/applications.js';
import { KEELSON_NAMESPACE, startBenchCluster } from './lib/bench-cluster.js';
import { envNumber } from './lib/env.js';
import { appName, fleetApplication, writeAppDir, type ManifestMix } from './lib/fleet-repo.js';
import { startController, waitWhileRunning, type KeelsonProcess } from './lib/keelson-process.js';
import { mib, sampleProcess } from './lib/process-sampler.js';
import { below, row, type BenchRow } from './lib/stats.js';
import { withWorkDir } from './lib/work-dir.js';

/**
 * 1 % Deployments, 1 % Services, 20 % Secrets, the rest ConfigMaps. Few
 * Deployments on purpose: each one makes the control plane's
 * kube-controller-manager (20 requests/s by default) create a ReplicaSet and
 * a Pod, which would measure it rather than Keelson.
 */
const LARGE_APP_MIX: ManifestMix = { deployments: 0.01, services: 0.01, secrets: 0.2 };
/** The large app is app 0 of the fleet repository, the warm-up app app 1. */
const LARGE = 0;
const WARM_UP = 1;
/** The API server's object size limit is 1.5 MiB; stay well under it. */
const SIZE_TARGET_BYTES = 1_048_576;

/** Parameters of the large-app scenario. */
export interface LargeAppParams {
  readonly resources: number;
  /** The most each wait (Synced + Healthy, each refresh) may take. */
  readonly timeoutSeconds: number;
}

/** The scenario's parameters from BENCH_LARGE_RESOURCES (5000) and BENCH_LARGE_TIMEOUT_S (900). */
export function largeAppParamsFromEnv(env: NodeJS.ProcessEnv = process.env): LargeAppParams {
  return {
    resources: envNumber('BENCH_LARGE_RESOURCES', 5000, env),
    timeoutSeconds: envNumber('BENCH_LARGE_TIMEOUT_S', 900, env),
  };
}

const log = (line: string): void => void process.stderr.write(`[large-app] ${line}\n`);

/** Runs the large-app scenario on a new local cluster and returns its rows (see the header). */
export async function runLargeApp(params: LargeAppParams): Promise<BenchRow[]> {
  return withWorkDir('keelson-bench-large-app-', async (work) => {
    const bench = await startBenchCluster('bench-large-app', { keelson: true });
    let controller: KeelsonProcess | undefined;
    try {
      const repoURL = await writeRepo(work, params.resources);
      controller = startController(bench.cluster.kubeconfigPath, work);
      const waits = new AppWaits(bench.conn, controller, params.timeoutSeconds * 1000);
      await warmUp(waits, repoURL);
      return await measureLargeApp(waits, repoURL, params, controller.pid);
    } finally {
      await controller?.stop();
      await bench.stop();
    }
  });
}

/** One commit with the large app's directory and the warm-up app's. */
async function writeRepo(work: string, resources: number): Promise<string> {
  log(`writing ${resources} resources`);
  const repo = await createGitRepo({ dir: join(work, 'repo') });
  await writeAppDir(repo.dir, LARGE, resources, { mix: LARGE_APP_MIX });
  await writeAppDir(repo.dir, WARM_UP, 1);
  await repo.commit('large app');
  return repo.fileUrl;
}

/**
 * A small Application first, until Synced and Healthy, so the measurement
 * starts with a running controller, as in a real installation: not with the
 * controller's start-up, the API server's first request for the new CRD
 * (2 s on the reference machine) or the first fetch of the repository.
 */
async function warmUp(waits: AppWaits, repoURL: string): Promise<void> {
  await waits.create(WARM_UP, repoURL);
  await waits.until(WARM_UP, 'Synced and Healthy', isSyncedAndHealthy, 200);
}

async function measureLargeApp(
  waits: AppWaits,
  repoURL: string,
  params: LargeAppParams,
  pid: number,
): Promise<BenchRow[]> {
  const before = sampleProcess(pid);
  const started = performance.now();
  await waits.create(LARGE, repoURL);
  await waits.until(LARGE, 'Synced and Healthy', isSyncedAndHealthy, 1000);
  const syncedSeconds = (performance.now() - started) / 1000;
  const cpuSeconds = sampleProcess(pid).cpuSeconds - before.cpuSeconds;

  await waits.until(LARGE, 'no operation running', hasNoRunningOperation, 200);
  const bytes = await waits.objectBytes(LARGE);
  const refreshSeconds = await waits.refresh(LARGE, 'normal');
  const hardRefreshSeconds = await waits.refresh(LARGE, 'hard');
  const peakRss = sampleProcess(pid).peakRssBytes;

  const scenario = `large app, ${params.resources} resources`;
  const size = below(SIZE_TARGET_BYTES, 'bytes');
  return [
    row(scenario, 'created → Synced + Healthy', syncedSeconds, 's'),
    row(scenario, 'controller CPU meanwhile', cpuSeconds, 'CPU s'),
    row(scenario, 'Application object (JSON)', bytes, 'bytes', size),
    row(scenario, 'refresh, no change (comparison reused)', refreshSeconds, 's'),
    row(scenario, 'hard refresh, no change (render + dry runs)', hardRefreshSeconds, 's'),
    row(scenario, 'controller peak RSS', mib(peakRss), 'MiB'),
  ];
}

function hasNoRunningOperation(app: AppView): boolean {
  return app.status?.operationState?.phase !== 'Running';
}

/**
 * The scenario's requests about its Applications (app `i` of the fleet
 * repository), each wait with the scenario's timeout and failing at once if
 * the controller exits.
 */
class AppWaits {
  private lastSeen = 'nothing yet';

  constructor(
    private readonly conn: ClusterConnection,
    private readonly controller: KeelsonProcess,
    private readonly timeoutMs: number,
  ) {}

  async create(i: number, repoURL: string): Promise<void> {
    await this.conn.request({
      method: 'POST',
      path: APPLICATIONS_PATH,
      body: fleetApplication(i, repoURL, KEELSON_NAMESPACE),
    });
  }

  /** Polls app `i` every `intervalMs` until `condition` holds; logs each change of state. */
  async until(
    i: number,
    what: string,
    condition: (app: AppView) => boolean,
    intervalMs: number,
  ): Promise<void> {
    const started = performance.now();
    await waitWhileRunning(
      this.controller,
      async () => {
        const app = await getApp(this.conn, appName(i));
        const seen = `${appName(i)}: ${describeAppState(app)}`;
        if (seen !== this.lastSeen) {
          log(`${((performance.now() - started) / 1000).toFixed(1)} s: ${seen}`);
          this.lastSeen = seen;
        }
        return condition(app);
      },
      {
        what: `${appName(i)} ${what}`,
        timeoutMs: this.timeoutMs,
        intervalMs,
        lastSeen: () => this.lastSeen,
      },
    );
  }

  /**
   * Asks for a refresh of `kind` (normal or hard) and returns the seconds
   * until the controller has reconciled, written status and cleared the
   * annotation (in that order, see the controller's reconcile).
   */
  async refresh(i: number, kind: 'normal' | 'hard'): Promise<number> {
    const name = appName(i);
    const started = performance.now();
    await this.conn.request({
      method: 'PATCH',
      path: `${APPLICATIONS_PATH}/${name}`,
      contentType: 'application/merge-patch+json',
      body: { metadata: { annotations: { [REFRESH_ANNOTATION]: kind } } },
    });
    await waitWhileRunning(
      this.controller,
      async () =>
        (await getAppMetadata(this.conn, name)).annotations?.[REFRESH_ANNOTATION] === undefined,
      { what: `${name} ${kind} refresh done`, timeoutMs: this.timeoutMs, intervalMs: 50 },
    );
    const seconds = (performance.now() - started) / 1000;
    const app = await getApp(this.conn, name);
    // Nothing changed in Git or the cluster, so anything else is worth a look.
    if (!isSyncedAndHealthy(app)) log(`after the ${kind} refresh: ${describeAppState(app)}`);
    return seconds;
  }

  /**
   * App `i`'s size as stored: the API server's JSON answer, byte for byte
   * (custom resources are stored as JSON, so this is what the size limit
   * applies to).
   */
  async objectBytes(i: number): Promise<number> {
    const body = (await this.conn.request({
      method: 'GET',
      path: `${APPLICATIONS_PATH}/${appName(i)}`,
      responseType: 'text',
    })) as string;
    return Buffer.byteLength(body);
  }
}
