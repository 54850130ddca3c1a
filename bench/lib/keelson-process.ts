/**
 * `keelson controller` and `keelson server` as child processes, run from the
 * built CLI (bin/keelson.js → dist/, hence `npm run bench` builds first), so
 * a benchmark measures the program users run and can read its CPU and memory
 * from /proc (process-sampler.ts).
 */
import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { TimeoutError, waitFor } from '../../src/core/index.js';
import { CONTROLLER_MEMORY_LIMIT_MIB } from '../../src/install/index.js';
import { KEELSON_NAMESPACE } from './bench-cluster.js';
import { createMemoryCgroup, type MemoryCgroup } from './memory-cgroup.js';

const MIB = 1024 * 1024;

const KEELSON_BIN = join(import.meta.dirname, '..', '..', 'bin', 'keelson.js');
const STOP_GRACE_MS = 10_000;

/** A running Keelson process whose output goes to `logPath`. */
export interface KeelsonProcess {
  readonly pid: number;
  readonly logPath: string;
  /** The memory limit it runs under (its cgroup's), if any. */
  readonly memoryLimitBytes?: number;
  /**
   * Aborted, with an error naming the log, when the process exits before
   * `stop()`: waits pass it to `waitFor` and fail at once instead of at
   * their deadline.
   */
  readonly exited: AbortSignal;
  /** SIGTERM, then SIGKILL after a grace period; resolves once the process is gone. */
  stop(): Promise<void>;
}

/**
 * Spawns `keelson <args…>` with stdout and stderr appended to `logPath`.
 * BENCH_NODE_ARGS (space-separated) goes to node before the script, for
 * profiling what is measured: `--trace-gc`, `--cpu-prof`,
 * `--heapsnapshot-signal=SIGUSR2`.
 */
export function spawnKeelson(
  args: readonly string[],
  logPath: string,
  env: NodeJS.ProcessEnv = process.env,
  cgroup?: MemoryCgroup,
): KeelsonProcess {
  // The child writes to the file itself: no pipes through this process, whose
  // event loop is busy measuring.
  const log = openSync(logPath, 'a');
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const command = [process.execPath, ...nodeArgs, KEELSON_BIN, ...args];
  // To run inside a cgroup from its first instruction (Node reads its memory
  // limit at start), a fixed sh script joins it and execs node: the pid stays
  // the same, and every path and argument is passed as an argument, never
  // pasted into the script.
  const child = cgroup
    ? spawn('/bin/sh', ['-c', 'echo $$ > "$0" && exec "$@"', cgroup.procsPath, ...command], {
        stdio: ['ignore', log, log],
        env,
      })
    : spawn(command[0] ?? process.execPath, command.slice(1), { stdio: ['ignore', log, log], env });
  closeSync(log);
  const pid = child.pid;
  if (pid === undefined) throw new Error(`keelson ${args[0] ?? ''} did not start; see ${logPath}`);
  const exited = new AbortController();
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stopping = false;
  child.once('exit', () => cgroup?.remove());
  child.once('exit', (code, signal) => {
    if (!stopping)
      exited.abort(
        new Error(`keelson ${args[0] ?? ''} exited (${code ?? signal}); see ${logPath}`),
      );
  });
  return {
    pid,
    logPath,
    memoryLimitBytes: cgroup?.limitBytes,
    exited: exited.signal,
    async stop() {
      stopping = true;
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      await gone;
      clearTimeout(timer);
    },
  };
}

/**
 * `keelson controller` for the Applications in {@link KEELSON_NAMESPACE}
 * with default settings, except what a benchmark on a local control plane
 * needs: `file://` repositories, no leader election (one replica), no
 * metrics port, a cache under `work`, warnings only in the log. Like the
 * installed Deployment, it runs under a 1 GiB memory limit where the machine
 * allows (see memory-cgroup.ts), unless BENCH_NO_MEMORY_LIMIT=1; it says on
 * stderr which it was.
 */
export function startController(kubeconfig: string, work: string): KeelsonProcess {
  const cgroup =
    process.env.BENCH_NO_MEMORY_LIMIT === '1'
      ? { unavailable: 'BENCH_NO_MEMORY_LIMIT=1' }
      : createMemoryCgroup('keelson-bench-controller', CONTROLLER_MEMORY_LIMIT_MIB * MIB);
  process.stderr.write(
    'unavailable' in cgroup
      ? `[bench] the controller runs WITHOUT its container's ${CONTROLLER_MEMORY_LIMIT_MIB} MiB memory limit (${cgroup.unavailable}): Node sizes its heap from the whole machine\n`
      : `[bench] the controller runs under its container's memory limit, ${CONTROLLER_MEMORY_LIMIT_MIB} MiB (memory cgroup)\n`,
  );
  return spawnKeelson(
    [
      'controller',
      '--kubeconfig',
      kubeconfig,
      '--namespace',
      KEELSON_NAMESPACE,
      '--allow-local-repos',
      '--no-leader-election',
      '--metrics-addr',
      '',
      '--cache-dir',
      join(work, 'cache'),
      '--log-level',
      'warn',
    ],
    join(work, 'controller.log'),
    process.env,
    'unavailable' in cgroup ? undefined : cgroup,
  );
}

/** What {@link waitWhileRunning} waits for, and how long. */
export interface ProcessWaitOptions {
  /** In words, for the timeout message. */
  readonly what: string;
  readonly timeoutMs: number;
  readonly intervalMs: number;
  /** The last thing seen, added to the timeout message. */
  readonly lastSeen?: () => string;
}

/**
 * `waitFor` on a condition that `proc` is expected to bring about: fails at
 * once if the process exits, and on a timeout names the process's log, the
 * first place to look.
 */
export async function waitWhileRunning<T>(
  proc: KeelsonProcess,
  check: () => Promise<T | undefined | false>,
  options: ProcessWaitOptions,
): Promise<T> {
  const { what, timeoutMs, intervalMs, lastSeen } = options;
  try {
    return await waitFor(check, { what, timeoutMs, intervalMs, signal: proc.exited });
  } catch (err) {
    // An abort surfaces as a generic AbortError from the pause between checks;
    // the reason (which process exited, where its log is) is the real error.
    if (proc.exited.aborted) throw proc.exited.reason;
    if (!(err instanceof TimeoutError)) throw err;
    const last = lastSeen ? ` (last seen: ${lastSeen()})` : '';
    throw new Error(`${err.message}${last}; see ${proc.logPath}`, { cause: err });
  }
}
