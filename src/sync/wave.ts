import pLimit from 'p-limit';
import { refOf } from '../cluster/index.js';
import { describeObject, type KubeObject } from '../core/index.js';
import { applyTask } from './apply.js';
import type { SyncRun } from './context.js';
import { finishHooks, startHook, type StartedHook } from './hooks-run.js';
import { pruneTask } from './prune.js';
import type { SyncTask } from './types.js';
import { judgeGone, judgeReady, pollObjects } from './wait.js';

export interface WaveOutcome {
  readonly ok: boolean;
  /** Why the wave failed, naming the objects. */
  readonly message: string;
}

/**
 * Runs one wave, in Argo CD's order: prunes first, then hooks and resources
 * kind by kind (each kind's objects in parallel). Then it waits, within the
 * wave timeout, for its hooks to complete and, when another wave follows,
 * for its resources to be healthy and its pruned objects to be gone.
 */
export async function runWave(
  run: SyncRun,
  tasks: readonly SyncTask[],
  { waitHealthy }: { readonly waitHealthy: boolean },
): Promise<WaveOutcome> {
  const head = tasks[0];
  const where = head ? `${head.phase} wave ${head.wave}` : 'wave';
  // Tasks are limited at this level, requests inside them by `run.limit`:
  // one limiter for both could deadlock when every slot waits on a request.
  const limit = pLimit(run.options.concurrency);
  const all = <T>(items: readonly T[], fn: (item: T) => Promise<boolean>): Promise<boolean[]> =>
    Promise.all(items.map((item) => limit(() => fn(item))));

  const prunes = tasks.filter((t) => t.action === 'prune');
  const pruned = await all(prunes, (t) => pruneTask(run, t));
  if (pruned.includes(false)) return failed(run, prunes, `${where}: prune failed`);

  const started: StartedHook[] = [];
  for (const group of byKind(tasks.filter((t) => t.action !== 'prune' && t.action !== 'none'))) {
    const oks = await all(group, async (t) => {
      if (t.action !== 'hook') return applyTask(run, t);
      const hook = await startHook(run, t);
      if (hook && hook !== 'completed') started.push(hook);
      return hook !== undefined;
    });
    if (oks.includes(false)) return failed(run, tasks, `${where}: apply failed`);
  }

  const deadline = Date.now() + run.options.waveTimeoutMs;
  if (!(await finishHooks(run, started, deadline)))
    return failed(run, tasks, `${where}: hook failed`);
  if (!waitHealthy) return { ok: true, message: '' };

  const applied = tasks.filter(
    (t) =>
      t.target &&
      (((t.action === 'apply' || t.action === 'replace') && run.result(t)?.status === 'Synced') ||
        (t.action === 'none' && t.planned?.status === 'Synced')),
  );
  const ready = await pollObjects(
    run,
    applied.map((t) => ({ item: t, ref: refOf(t.target as KubeObject) })),
    judgeReady,
    deadline,
  );
  for (const { item, health } of [...ready.done, ...ready.failed, ...ready.pending]) {
    run.annotate(item, { health: health.status });
  }
  const prunedObjects = prunes.filter((t) => run.result(t)?.status === 'Pruned' && t.live);
  const gone = await pollObjects(
    run,
    prunedObjects.map((t) => ({ item: t, ref: refOf(t.live as KubeObject) })),
    judgeGone,
    deadline,
  );
  const problems = [
    ...ready.failed.map(
      ({ item, health }) => `${describeObject(item.key)} is Degraded: ${health.message ?? ''}`,
    ),
    ...ready.pending.map(
      ({ item, health }) =>
        `${describeObject(item.key)} is ${health.status}${health.message ? `: ${health.message}` : ''}`,
    ),
    ...gone.pending.map(({ item }) => `${describeObject(item.key)} is still being deleted`),
  ];
  if (problems.length === 0) return { ok: true, message: '' };
  const timedOut = ready.pending.length + gone.pending.length > 0;
  const why = timedOut ? `not ready within ${run.options.waveTimeoutMs} ms` : 'unhealthy';
  return { ok: false, message: `${where}: ${why}: ${problems.sort().join('; ')}` };
}

/** A failed wave's message: where, and the messages of its failed resources. */
function failed(run: SyncRun, tasks: readonly SyncTask[], where: string): WaveOutcome {
  const messages: string[] = [];
  for (const t of tasks) {
    const r = run.result(t);
    if (r?.status !== 'SyncFailed') continue;
    const name = describeObject(r.key);
    messages.push(r.message.startsWith(name) ? r.message : `${name}: ${r.message}`);
  }
  return { ok: false, message: `${where}: ${messages.join('; ')}` };
}

/** Consecutive tasks of the same kind (tasks arrive sorted by kind). */
function byKind(tasks: readonly SyncTask[]): SyncTask[][] {
  const groups: SyncTask[][] = [];
  for (const task of tasks) {
    const current = groups[groups.length - 1];
    if (current?.[0]?.key.kind === task.key.kind) current.push(task);
    else groups.push([task]);
  }
  return groups;
}
