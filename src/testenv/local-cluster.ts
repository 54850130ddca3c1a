import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KeelsonError, TimeoutError, waitFor } from '../core/index.js';
import { readStatus, specPath, type ClusterStatus, type SupervisorSpec } from './cluster-state.js';
import type { ClusterLayout, ClusterPorts } from './components.js';
import { isAlive } from './lock.js';
import { stateRoot, packageRoot } from './paths.js';
import { pkiLayout } from './pki.js';
import { assertPortFree, freePorts } from './ports.js';
import { ensureOpenssl } from './prerequisites.js';
import { ensureTools } from './toolchain.js';

/** A local cluster could not be started or reached. The message says where to look. */
export class LocalClusterError extends KeelsonError {
  constructor(
    message: string,
    readonly logPath?: string,
  ) {
    super(logPath && !message.includes(logPath) ? `${message} (logs: ${logPath})` : message);
  }
}

export interface LocalClusterOptions {
  /** Cluster name (default `keelson`); also the kubeconfig context name. */
  readonly name?: string;
  /**
   * Directory holding named clusters. Named clusters outlive this process and
   * are stopped with {@link stopLocalCluster}. Ignored when `ephemeral`.
   */
  readonly stateDir?: string;
  /**
   * An ephemeral cluster lives in a temporary directory, is bound to this
   * process (torn down within a second if it exits, even on SIGKILL), and is
   * deleted on stop. Tests use ephemeral clusters.
   */
  readonly ephemeral?: boolean;
  /** Fixed API server port; default: a free one. */
  readonly apiServerPort?: number;
  /** How long to wait for the cluster to be ready (default 90 s). */
  readonly readyTimeoutMs?: number;
  /** Progress lines for people (tool builds can take minutes the first time). */
  readonly log?: (line: string) => void;
  /** Environment used to find tools (`KEELSON_BIN_DIR`, cache dirs); default: this process's. */
  readonly env?: NodeJS.ProcessEnv;
}

/** A running local control plane. */
export interface LocalCluster {
  readonly name: string;
  readonly dir: string;
  /** `https://127.0.0.1:<port>` */
  readonly server: string;
  /** Admin kubeconfig (client certificate in `system:masters`). */
  readonly kubeconfigPath: string;
  readonly pid: number;
  /** Stops every process of the cluster and deletes its state. */
  stop(): Promise<void>;
}

export const DEFAULT_CLUSTER_NAME = 'keelson';
const CLUSTER_NAME = /^[a-z0-9]([-a-z0-9]{0,38}[a-z0-9])?$/;

/**
 * Starts a local control plane (etcd, kube-apiserver, kube-controller-manager,
 * kube-scheduler, kwok with one simulated node) on free loopback ports and
 * resolves once Pods can be scheduled and become Ready.
 */
export async function startLocalCluster(options: LocalClusterOptions = {}): Promise<LocalCluster> {
  const name = options.name ?? DEFAULT_CLUSTER_NAME;
  if (!CLUSTER_NAME.test(name)) {
    throw new LocalClusterError(
      `invalid cluster name ${JSON.stringify(name)}: use lowercase letters, digits and '-'`,
    );
  }
  await ensureOpenssl();
  if (options.apiServerPort) await assertPortFree(options.apiServerPort);
  const tools = await ensureTools(
    ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kwok'],
    { log: options.log, env: options.env },
  );
  const dir = options.ephemeral
    ? await mkdtemp(join(tmpdir(), `keelson-cluster-${name}-`))
    : await prepareNamedDir(options.stateDir ?? clustersRoot(), name);
  for (let attempt = 1; ; attempt++) {
    const layout: ClusterLayout = {
      name,
      dir,
      ports: await pickPorts(options.apiServerPort),
      pki: pkiLayout(join(dir, 'pki')),
      kubeconfig: join(dir, 'kubeconfig'),
      tools,
    };
    const spec: SupervisorSpec = {
      layout,
      ownerPid: options.ephemeral ? process.pid : undefined,
      readyTimeoutMs: options.readyTimeoutMs ?? 90_000,
    };
    await writeFile(specPath(dir), JSON.stringify(spec, null, 2));
    const pid = spawnSupervisor(dir);
    const status = await waitUntilSettled(dir, pid, spec.readyTimeoutMs + 10_000);
    if (status.phase === 'Ready') return handle(name, dir, pid, status);
    await killGroup(pid);
    if (attempt < PORT_RACE_ATTEMPTS && (await lostPortRace(status.logPath))) {
      await emptyDir(dir);
      continue;
    }
    throw new LocalClusterError(
      `local cluster ${name} failed to start: ${status.message ?? 'unknown reason'}`,
      status.logPath,
    );
  }
}

/**
 * Ports are picked free and bound a moment later by the components; another
 * process (a second cluster of a parallel test run) can take one in between.
 * A start that lost that race is tried again on new ports, this many times
 * in all.
 */
const PORT_RACE_ATTEMPTS = 3;

async function pickPorts(apiServerPort: number | undefined): Promise<ClusterPorts> {
  const [api, etcdClient, etcdPeer, controllerManager, scheduler, kwok] = await freePorts(6);
  return {
    apiServer: apiServerPort ?? api ?? 0,
    etcdClient: etcdClient ?? 0,
    etcdPeer: etcdPeer ?? 0,
    controllerManager: controllerManager ?? 0,
    scheduler: scheduler ?? 0,
    kwok: kwok ?? 0,
  };
}

/** Whether the component that failed says its port was taken. */
async function lostPortRace(logPath: string | undefined): Promise<boolean> {
  if (!logPath) return false;
  const log = await readFile(logPath, 'utf8').catch(() => '');
  return log.includes('address already in use');
}

/** Removes what a failed start left in `dir` (state, certificates, logs), keeping `dir`. */
async function emptyDir(dir: string): Promise<void> {
  for (const entry of await readdir(dir))
    await rm(join(dir, entry), { recursive: true, force: true });
}

/** Default root for named clusters: `$XDG_STATE_HOME/keelson/clusters`. */
export function clustersRoot(): string {
  return join(stateRoot(), 'clusters');
}

async function prepareNamedDir(root: string, name: string): Promise<string> {
  const dir = join(root, name);
  const existing = await readStatus(dir);
  if (existing && isAlive(existing.pid) && existing.phase !== 'Failed') {
    throw new LocalClusterError(
      `local cluster ${name} is already running (kubeconfig: ${existing.kubeconfig ?? '?'})`,
    );
  }
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true, mode: 0o700 });
  return dir;
}

function spawnSupervisor(dir: string): number {
  const here = fileURLToPath(import.meta.url);
  const fromSource = here.endsWith('.ts');
  const entry = join(here, '..', fromSource ? 'supervisor.ts' : 'supervisor.js');
  // From source (tests, tsx), the supervisor is TypeScript too and needs tsx's loader.
  const args = fromSource ? ['--import', 'tsx', entry, dir] : [entry, dir];
  const log = openSync(join(dir, 'supervisor.log'), 'a');
  const child = spawn(process.execPath, args, {
    cwd: packageRoot(),
    detached: true, // own process group: one kill reaches every component
    stdio: ['ignore', log, log],
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  closeSync(log);
  child.unref();
  if (!child.pid) throw new LocalClusterError('could not start the local cluster supervisor');
  return child.pid;
}

async function waitUntilSettled(
  dir: string,
  pid: number,
  timeoutMs: number,
): Promise<ClusterStatus> {
  try {
    return await waitFor(
      async () => {
        const status = await readStatus(dir);
        if (status && (status.phase === 'Ready' || status.phase === 'Failed')) return status;
        if (!isAlive(pid)) {
          return (
            status ?? {
              phase: 'Failed' as const,
              pid,
              message: 'supervisor exited before reporting',
              updatedAt: '',
            }
          );
        }
        return undefined;
      },
      { what: 'the local cluster to become ready', timeoutMs, intervalMs: 100 },
    );
  } catch (err) {
    if (err instanceof TimeoutError) {
      await killGroup(pid);
      throw new LocalClusterError(
        `local cluster did not become ready within ${timeoutMs} ms`,
        join(dir, 'logs'),
      );
    }
    throw err;
  }
}

function handle(name: string, dir: string, pid: number, status: ClusterStatus): LocalCluster {
  return {
    name,
    dir,
    pid,
    server: status.server ?? '',
    kubeconfigPath: status.kubeconfig ?? join(dir, 'kubeconfig'),
    stop: async () => {
      await killGroup(pid);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** SIGTERM to the supervisor's process group, then SIGKILL to anything left after 15 s. */
export async function killGroup(pid: number): Promise<void> {
  const signalGroup = (signal: NodeJS.Signals): void => {
    try {
      process.kill(-pid, signal);
    } catch {
      // ESRCH: the group is already gone
    }
  };
  signalGroup('SIGTERM');
  try {
    await waitFor(() => !isAlive(-pid), {
      what: 'cluster processes to exit',
      timeoutMs: 15_000,
      intervalMs: 100,
    });
  } catch {
    signalGroup('SIGKILL');
    await waitFor(() => !isAlive(-pid), {
      what: 'cluster processes to be killed',
      timeoutMs: 5_000,
      intervalMs: 100,
    });
  }
}

/** A named local cluster found on disk. */
export interface LocalClusterInfo {
  readonly name: string;
  readonly phase: ClusterStatus['phase'] | 'Stopped';
  readonly server?: string;
  readonly kubeconfig?: string;
}

/** Lists named clusters under `root`; one whose supervisor is gone is `Stopped`. */
export async function listLocalClusters(
  root: string = clustersRoot(),
): Promise<LocalClusterInfo[]> {
  const names = await readdir(root).catch(() => [] as string[]);
  const infos: LocalClusterInfo[] = [];
  for (const name of names.sort()) {
    const status = await readStatus(join(root, name));
    if (!status) continue;
    const phase = isAlive(status.pid) ? status.phase : 'Stopped';
    infos.push({ name, phase, server: status.server, kubeconfig: status.kubeconfig });
  }
  return infos;
}

/** Stops the named cluster and removes its state. Returns false if there was none. */
export async function stopLocalCluster(
  name: string,
  root: string = clustersRoot(),
): Promise<boolean> {
  const dir = join(root, name);
  const status = await readStatus(dir);
  if (!status) return false;
  await killGroup(status.pid);
  await rm(dir, { recursive: true, force: true });
  return true;
}
