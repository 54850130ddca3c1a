/**
 * The supervisor of one local cluster: a small process, leader of its own
 * process group, that starts etcd, kube-apiserver, kube-controller-manager,
 * kube-scheduler and kwok as its children, reports progress in status.json,
 * and tears everything down when told to (SIGTERM), when a component dies, or
 * when the process that owns an ephemeral cluster goes away. Because every
 * component lives in the supervisor's process group, killing that group can
 * never leave a stray process behind.
 *
 * Run as: node supervisor.js <cluster-dir>
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { errorMessage, waitFor } from '../core/index.js';
import { adminRequest } from './admin-request.js';
import { readStatus, specPath, writeStatus, type SupervisorSpec } from './cluster-state.js';
import { controlPlaneComponents, fakeNode, type ComponentSpec } from './components.js';
import { generateClusterPki, writeAdminKubeconfig } from './pki.js';
import { isAlive } from './lock.js';

const FAKE_NODE = 'kwok-node-0';
const STOP_GRACE_MS = 5_000;

class ComponentFailure extends Error {
  constructor(
    message: string,
    readonly logPath: string,
  ) {
    super(message);
  }
}

const children: { spec: ComponentSpec; child: ChildProcess; logPath: string }[] = [];
let stopping = false;

async function main(dir: string, spec: SupervisorSpec): Promise<void> {
  const { layout } = spec;
  const server = `https://127.0.0.1:${layout.ports.apiServer}`;
  const base = { pid: process.pid, server, kubeconfig: layout.kubeconfig };
  process.on('SIGTERM', () => void shutdown(dir, spec, 0));
  process.on('SIGINT', () => void shutdown(dir, spec, 0));
  if (spec.ownerPid) watchOwner(spec.ownerPid, dir, spec);
  await writeStatus(dir, { ...base, phase: 'Starting' });
  try {
    await generateClusterPki(layout.pki.dir);
    await writeAdminKubeconfig(layout.kubeconfig, layout.pki, server, layout.name);
    await mkdir(join(dir, 'logs'), { recursive: true });
    const deadline = Date.now() + spec.readyTimeoutMs;
    const remaining = (): number => Math.max(1_000, deadline - Date.now());
    for (const component of controlPlaneComponents(layout)) {
      start(dir, component);
      if (component.name === 'etcd') await waitEtcd(layout.ports.etcdClient, remaining());
      if (component.name === 'kube-apiserver') await waitApiServer(server, spec, remaining());
    }
    await bootstrapNode(server, spec, remaining());
    await waitFor(
      async () =>
        (
          await adminRequest(
            server,
            layout.pki,
            'GET',
            '/api/v1/namespaces/default/serviceaccounts/default',
          )
        ).status === 200,
      {
        what: 'the default ServiceAccount (kube-controller-manager running)',
        timeoutMs: remaining(),
        intervalMs: 200,
      },
    );
    await writeStatus(dir, { ...base, phase: 'Ready' });
  } catch (err) {
    const logPath = err instanceof ComponentFailure ? err.logPath : join(dir, 'logs');
    await writeStatus(dir, { ...base, phase: 'Failed', message: errorMessage(err), logPath });
    await shutdown(dir, spec, 1, { keepLogs: true });
  }
}

function start(dir: string, component: ComponentSpec): void {
  const logPath = join(dir, 'logs', `${component.name}.log`);
  const log = createWriteStream(logPath, { flags: 'a' });
  const child = spawn(component.command, component.args, { stdio: ['ignore', 'pipe', 'pipe'] });
  // Both streams share one log file, so neither may end it when it closes.
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });
  children.push({ spec: component, child, logPath });
  child.on('exit', (code, signal) => {
    if (stopping) return;
    const why = signal ? `was killed by ${signal}` : `exited with code ${code ?? '?'}`;
    void failAndStop(dir, `${component.name} ${why}`, logPath);
  });
  child.on('error', (err) => void failAndStop(dir, `${component.name}: ${err.message}`, logPath));
}

let currentSpec: SupervisorSpec | undefined;

async function failAndStop(dir: string, message: string, logPath: string): Promise<void> {
  if (stopping || !currentSpec) return;
  const status = await readStatus(dir);
  await writeStatus(dir, {
    pid: process.pid,
    server: status?.server,
    kubeconfig: status?.kubeconfig,
    phase: 'Failed',
    message: `${message} (see ${logPath})`,
    logPath,
  });
  await shutdown(dir, currentSpec, 1, { keepLogs: true });
}

async function waitEtcd(port: number, timeoutMs: number): Promise<void> {
  await waitFor(
    async () => {
      const res = await fetch(`http://127.0.0.1:${port}/health`);
      return res.ok;
    },
    { what: 'etcd to be healthy', timeoutMs, intervalMs: 100 },
  );
}

async function waitApiServer(
  server: string,
  spec: SupervisorSpec,
  timeoutMs: number,
): Promise<void> {
  await waitFor(
    async () => (await adminRequest(server, spec.layout.pki, 'GET', '/readyz')).status === 200,
    {
      what: 'kube-apiserver /readyz',
      timeoutMs,
      intervalMs: 200,
    },
  );
}

/** Registers the simulated node and waits until kwok reports it Ready. */
async function bootstrapNode(
  server: string,
  spec: SupervisorSpec,
  timeoutMs: number,
): Promise<void> {
  const { pki } = spec.layout;
  const created = await adminRequest(server, pki, 'POST', '/api/v1/nodes', fakeNode(FAKE_NODE));
  if (created.status !== 201 && created.status !== 409) {
    throw new Error(
      `creating the kwok node failed: HTTP ${created.status}: ${created.body.slice(0, 300)}`,
    );
  }
  await waitFor(
    async () => {
      const res = await adminRequest(server, pki, 'GET', `/api/v1/nodes/${FAKE_NODE}`);
      const node = JSON.parse(res.body) as {
        status?: { conditions?: { type: string; status: string }[] };
      };
      return (
        node.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false
      );
    },
    { what: `node ${FAKE_NODE} to become Ready (kwok)`, timeoutMs, intervalMs: 200 },
  );
}

function watchOwner(ownerPid: number, dir: string, spec: SupervisorSpec): void {
  const timer = setInterval(() => {
    if (!isAlive(ownerPid)) {
      clearInterval(timer);
      void shutdown(dir, spec, 0);
    }
  }, 500);
  timer.unref();
}

async function shutdown(
  dir: string,
  spec: SupervisorSpec,
  exitCode: number,
  options: { keepLogs?: boolean } = {},
): Promise<void> {
  if (stopping) return;
  stopping = true;
  // Stop in reverse start order so controllers never see the API server vanish first.
  for (const { child } of [...children].reverse()) child.kill('SIGTERM');
  await Promise.all(children.map(({ child }) => exited(child, STOP_GRACE_MS)));
  for (const { child } of children)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  if (spec.ownerPid && !options.keepLogs) await rm(dir, { recursive: true, force: true });
  process.exit(exitCode);
}

function exited(child: ChildProcess, timeoutMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

const dirArg = process.argv[2];
if (!dirArg) {
  process.stderr.write('usage: supervisor <cluster-dir>\n');
  process.exit(2);
}
// A bug here must still end in a Failed status and a clean teardown, never in orphans.
process.on('uncaughtException', (err) => {
  void failAndStop(dirArg, `supervisor error: ${err.message}`, join(dirArg, 'supervisor.log'));
});
readFile(specPath(dirArg), 'utf8')
  .then((text) => {
    currentSpec = JSON.parse(text) as SupervisorSpec;
    return main(dirArg, currentSpec);
  })
  .catch((err: unknown) => {
    process.stderr.write(`supervisor: ${errorMessage(err)}\n`);
    process.exit(1);
  });
