import {
  assertValidAppName,
  createObject,
  getObject,
  KubeApiError,
  scopesFromCrds,
  withDefaultNamespaces,
  type ClusterConnection,
} from '../cluster/index.js';
import { describeObject, errorMessage, type KubeObject } from '../core/index.js';
import { compareApp } from '../diff/index.js';
import { SyncRun } from './context.js';
import { defaultSyncOptions, type SyncOptions } from './options.js';
import { planSync } from './plan.js';
import { preflight } from './preflight.js';
import { buildResult, type Outcome } from './result.js';
import type { SyncPlan, SyncProgress, SyncResult, SyncTask } from './types.js';
import { runWave, type WaveOutcome } from './wave.js';

/** The two states a sync reconciles. */
export interface SyncInputs {
  /** Rendered manifests, hooks included. */
  readonly desired: readonly KubeObject[];
  /** The application's live objects (from the live-state cache or `listTrackedObjects`). */
  readonly live: readonly KubeObject[];
}

/** Options of {@link runSync}: the application name, and any {@link SyncOptions} to change. */
export type RunSyncOptions = Partial<SyncOptions> & { readonly app: string };

/**
 * Syncs an application: compares, plans, validates every object with a
 * server-side dry run (nothing is changed if one is invalid or if the plan
 * has errors), then runs the phases and waves in order, waiting for each
 * wave to be healthy and each hook to complete before the next. When a phase
 * fails, the SyncFail hooks run. Never throws for failures of the sync
 * itself: they are in the result (`Failed`, or `Error` when the engine could
 * not work at all).
 */
export async function runSync(
  connection: ClusterConnection,
  inputs: SyncInputs,
  options: RunSyncOptions,
  onProgress?: (progress: SyncProgress) => void,
): Promise<SyncResult> {
  const opts: SyncOptions = { ...defaultSyncOptions(options.app), ...options };
  const startedAt = new Date();
  const run = new SyncRun(connection, opts, onProgress);
  let plan: SyncPlan = { tasks: [], errors: [] };
  const finish = (
    phase: Outcome['phase'],
    message: string,
    notRunReason: string,
    syncFailRan = false,
  ): SyncResult => buildResult(run, plan, { phase, message, notRunReason, syncFailRan }, startedAt);

  try {
    assertValidAppName(opts.app);
    const desired = await withDefaultNamespaces(connection, inputs.desired, opts.namespace);
    const comparison = await compareApp(
      connection,
      { desired, live: inputs.live },
      {
        app: opts.app,
        namespace: opts.namespace,
        ignoreDifferences: opts.ignoreDifferences,
        force: opts.force,
        fieldManager: opts.fieldManager,
        concurrency: opts.concurrency,
        signal: opts.signal,
        renderDiffs: false,
        inSync: opts.inSync,
      },
    );
    plan = withNamespaceTask(planSync({ desired, live: inputs.live, comparison }, opts), opts);
    if (plan.errors.length > 0) {
      return finish(
        'Failed',
        `nothing was changed: ${plan.errors.join('; ')}`,
        'not run: the sync was refused',
      );
    }

    const failures = await preflight(run, plan, {
      comparison,
      createdNamespaces: namespacesCreatedBy(plan, opts),
      crdKinds: new Set(scopesFromCrds(desired).keys()),
    });
    if (failures.length > 0) {
      return finish(
        'Failed',
        `validation failed, nothing was changed: ${failures.join('; ')}`,
        'not applied: another object failed validation',
      );
    }
    if (opts.dryRun) {
      recordDryRun(run, plan);
      return finish(
        'Succeeded',
        'dry run: every object is valid; nothing was changed',
        'not run (dry run)',
      );
    }

    await ensureNamespace(run, plan, comparison.absentNamespaces);
    const main = await runWaves(
      run,
      plan.tasks.filter((t) => t.phase !== 'SyncFail'),
    );
    if (main.ok) return finish('Succeeded', summary(run, plan), 'not run');
    const syncFail = plan.tasks.filter((t) => t.phase === 'SyncFail');
    const cleanup = await runWaves(run, syncFail);
    const after = cleanup.ok ? '' : `; SyncFail hooks failed too: ${cleanup.message}`;
    return finish(
      'Failed',
      `${main.message}${after}`,
      'not run: an earlier wave failed',
      syncFail.length > 0,
    );
  } catch (err) {
    return finish('Error', errorMessage(err), 'not run: the sync stopped on an error');
  }
}

/** Runs groups of tasks wave by wave; every wave but the last must become healthy before the next starts. */
async function runWaves(run: SyncRun, tasks: readonly SyncTask[]): Promise<WaveOutcome> {
  const waves: SyncTask[][] = [];
  for (const task of tasks) {
    const current = waves[waves.length - 1];
    const head = current?.[0];
    if (current && head && head.phase === task.phase && head.wave === task.wave) current.push(task);
    else waves.push([task]);
  }
  for (let i = 0; i < waves.length; i++) {
    const wave = waves[i] ?? [];
    const head = wave[0];
    if (!head) continue;
    run.progress({ type: 'wave-started', phase: head.phase, wave: head.wave });
    const outcome = await runWave(run, wave, { waitHealthy: i < waves.length - 1 });
    run.progress({ type: 'wave-finished', phase: head.phase, wave: head.wave, ok: outcome.ok });
    if (!outcome.ok) return outcome;
  }
  return { ok: true, message: '' };
}

const namespaceTaskId = (ns: string): string => `PreSync:/Namespace//${ns}`;

/** With `CreateNamespace`, the destination namespace is created first unless the application declares it. */
function withNamespaceTask(plan: SyncPlan, opts: SyncOptions): SyncPlan {
  const ns = opts.namespace;
  if (!opts.createNamespace || !ns) return plan;
  if (plan.tasks.some((t) => t.key.kind === 'Namespace' && t.key.group === '' && t.key.name === ns))
    return plan;
  const task: SyncTask = {
    id: namespaceTaskId(ns),
    key: { group: '', kind: 'Namespace', namespace: '', name: ns },
    phase: 'PreSync',
    wave: Math.min(0, ...plan.tasks.map((t) => t.wave)),
    action: 'none',
    target: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } },
    force: false,
    validate: true,
    skipDryRunOnMissingResource: false,
  };
  return { ...plan, tasks: [task, ...plan.tasks] };
}

function namespacesCreatedBy(plan: SyncPlan, opts: SyncOptions): Set<string> {
  const names = plan.tasks
    .filter((t) => t.key.kind === 'Namespace' && t.key.group === '' && t.action !== 'prune')
    .map((t) => t.key.name);
  if (opts.createNamespace && opts.namespace) names.push(opts.namespace);
  return new Set(names);
}

/**
 * Creates the destination namespace when it is missing (`CreateNamespace`).
 * It gets no tracking marker: it is not part of the application and is
 * never pruned (as in Argo CD). A namespace the comparison just found absent
 * is created without reading it again (a first sync of a thousand new
 * applications would read each twice); if it appeared meanwhile, the create
 * says so.
 */
async function ensureNamespace(
  run: SyncRun,
  plan: SyncPlan,
  knownAbsent: ReadonlySet<string> | undefined,
): Promise<void> {
  const task = plan.tasks.find((t) => t.id === namespaceTaskId(run.options.namespace ?? ''));
  if (!task?.target) return;
  const target = task.target;
  const name = target.metadata.name ?? '';
  const existing =
    !knownAbsent?.has(name) &&
    (await run.retry(() =>
      getObject(run.connection, { apiVersion: 'v1', kind: 'Namespace', name }),
    ));
  const created =
    !existing &&
    (await run.retry(() =>
      createObject(run.connection, target, { fieldManager: run.options.fieldManager }).then(
        () => true,
        (err: unknown) => {
          if (err instanceof KubeApiError && err.status === 409) return false;
          throw err;
        },
      ),
    ));
  if (!created) {
    run.record(task, { status: 'Synced', message: 'namespace exists' });
    return;
  }
  run.record(task, {
    status: 'Synced',
    message: `${describeObject(target)} created (CreateNamespace)`,
  });
}

function recordDryRun(run: SyncRun, plan: SyncPlan): void {
  for (const task of plan.tasks) {
    if (task.phase === 'SyncFail' || run.result(task)) continue;
    if (task.action === 'apply' || task.action === 'replace') {
      const verb =
        task.diffStatus === 'Missing'
          ? 'created'
          : task.diffStatus === 'Synced'
            ? 'unchanged'
            : 'configured';
      run.record(task, { status: 'Synced', message: `${verb} (dry run)` });
    } else if (task.action === 'prune') {
      run.record(task, { status: 'Pruned', message: 'pruned (dry run)' });
    } else if (task.action === 'hook') {
      run.record(task, { status: 'Skipped', message: 'hook not run (dry run)' });
    }
  }
}

function summary(run: SyncRun, plan: SyncPlan): string {
  let applied = 0;
  let pruned = 0;
  let hooks = 0;
  for (const task of plan.tasks) {
    const status = run.result(task)?.status;
    if (task.action === 'hook' && status === 'Synced') hooks++;
    else if ((task.action === 'apply' || task.action === 'replace') && status === 'Synced')
      applied++;
    else if (task.action === 'prune' && status === 'Pruned') pruned++;
  }
  return `successfully synced: ${applied} applied, ${pruned} pruned, ${hooks} hooks run`;
}
