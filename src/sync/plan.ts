import {
  errorMessage,
  formatResourceKey,
  isRecord,
  resourceKeyOf,
  type KubeObject,
  type ResourceKey,
} from '../core/index.js';
import {
  reconcile,
  type ComparisonResult,
  type ResourceDiff,
  type ResourcePair,
} from '../diff/index.js';
import { hookDeletePolicies, hookPhases, syncWave } from './hooks.js';
import { compareKinds } from './kind-order.js';
import { resourceSyncOptions, type SyncOptions } from './options.js';
import type { SyncPhase, SyncPlan, SyncTask } from './types.js';

/** What planning needs: the desired objects (namespaces filled in), the live ones, and their comparison. */
export interface PlanInputs {
  readonly desired: readonly KubeObject[];
  readonly live: readonly KubeObject[];
  readonly comparison: ComparisonResult;
}

const PHASE_ORDER: Record<SyncPhase, number> = { PreSync: 0, Sync: 1, PostSync: 2, SyncFail: 3 };

type Draft = { -readonly [K in keyof SyncTask]: SyncTask[K] } & { pruneLast?: boolean };

/**
 * Plans a sync (pure, no I/O; the same role as gitops-engine's sync task
 * list): one task per regular resource (apply, replace, prune, or nothing
 * with a reason) and one per hook and phase, ordered by phase → wave →
 * prunes first → kind → namespace → name. Conflicts, an empty desired state
 * that would prune everything and unreadable annotations are returned as
 * `errors`: the sync must not start.
 */
export function planSync(inputs: PlanInputs, options: SyncOptions): SyncPlan {
  const errors: string[] = [];
  let rec;
  try {
    rec = reconcile(inputs.desired, inputs.live);
  } catch (err) {
    return { tasks: [], errors: [errorMessage(err)] };
  }
  const diffs = new Map(inputs.comparison.resources.map((d) => [formatResourceKey(d.key), d]));
  const selected = options.resources
    ? new Set(options.resources.map((k) => formatResourceKey(k)))
    : undefined;
  const drafts: Draft[] = [];
  const waveOf = (obj: KubeObject | undefined): number => {
    try {
      return syncWave(obj);
    } catch (err) {
      errors.push(errorMessage(err));
      return 0;
    }
  };

  for (const pair of rec.pairs) {
    if (selected && !selected.has(formatResourceKey(pair.key))) continue;
    const diff = diffs.get(formatResourceKey(pair.key));
    drafts.push(
      pair.target
        ? resourceTask(pair, diff, options, waveOf(pair.target), errors)
        : pruneTask(pair, options, waveOf(pair.live)),
    );
  }

  // Hooks run only in full syncs (as in Argo CD, a selective sync runs none).
  if (!selected) {
    for (const hook of rec.hooks) {
      try {
        const phases = hookPhases(hook);
        const deletePolicies = hookDeletePolicies(hook);
        const wave = syncWave(hook);
        const key = hookKey(hook);
        for (const phase of phases) {
          drafts.push({
            ...baseTask(key, phase, wave, 'hook'),
            target: hook,
            deletePolicies,
            ...flagsOf(resourceSyncOptions(hook, undefined, options)),
          });
        }
      } catch (err) {
        errors.push(errorMessage(err));
      }
    }
  }

  refuseEmptyPrune(rec.pairs, drafts, options, errors);
  pullDependenciesForward(drafts);
  reorderPruneWaves(drafts);
  return { tasks: sortTasks(uniqueIds(drafts)), errors };
}

function baseTask(
  key: ResourceKey,
  phase: SyncPhase,
  wave: number,
  action: SyncTask['action'],
): Draft {
  return {
    id: `${phase}:${formatResourceKey(key)}`,
    key,
    phase,
    wave,
    action,
    force: false,
    validate: true,
    skipDryRunOnMissingResource: false,
  };
}

function flagsOf(
  o: ReturnType<typeof resourceSyncOptions>,
): Pick<Draft, 'force' | 'validate' | 'skipDryRunOnMissingResource'> {
  return {
    force: o.force,
    validate: o.validate,
    skipDryRunOnMissingResource: o.skipDryRunOnMissingResource,
  };
}

function resourceTask(
  pair: ResourcePair,
  diff: ResourceDiff | undefined,
  options: SyncOptions,
  wave: number,
  errors: string[],
): Draft {
  // The comparison may have found the live object where the caller's live
  // state (a cache) had not yet: use it, unless it is someone else's.
  let live = pair.live ?? (diff?.conflict ? undefined : diff?.live);
  const ro = resourceSyncOptions(pair.target, live, options);
  const task: Draft = {
    // Server-side apply rejects fields the schema does not declare whatever
    // the validation level, so Validate=false writes with create/update.
    ...baseTask(pair.key, 'Sync', wave, ro.replace || !ro.validate ? 'replace' : 'apply'),
    ...flagsOf(ro),
    target: pair.target,
    diffStatus: diff?.status,
  };
  if (diff?.conflict) {
    if (options.adoptUnmanaged && diff.conflict.owner === undefined) {
      live = diff.live;
    } else {
      errors.push(diff.conflict.message);
      return {
        ...task,
        action: 'none',
        planned: { status: 'SyncFailed', message: diff.conflict.message },
      };
    }
  }
  if (options.applyOutOfSyncOnly && diff?.status === 'Synced') {
    return {
      ...task,
      live,
      action: 'none',
      planned: { status: 'Synced', message: 'already in sync (ApplyOutOfSyncOnly)' },
    };
  }
  return { ...task, live };
}

function pruneTask(pair: ResourcePair, options: SyncOptions, wave: number): Draft {
  const ro = resourceSyncOptions(undefined, pair.live, options);
  const task: Draft = {
    ...baseTask(pair.key, 'Sync', wave, 'prune'),
    live: pair.live,
    diffStatus: 'Extra',
  };
  if (!options.prune) {
    return {
      ...task,
      action: 'none',
      planned: { status: 'PruneSkipped', message: 'not pruned: pruning is off' },
    };
  }
  if (!ro.prune) {
    return {
      ...task,
      action: 'none',
      planned: { status: 'PruneSkipped', message: 'not pruned: Prune=false' },
    };
  }
  return { ...task, pruneLast: ro.pruneLast };
}

/** Key of a hook; a `generateName` hook is keyed by its prefix until it is created. */
function hookKey(hook: KubeObject): ResourceKey {
  const key = resourceKeyOf(hook);
  return key.name ? key : { ...key, name: hook.metadata.generateName ?? '' };
}

/** Safety: an empty desired state never prunes everything unless `allowEmpty`. */
function refuseEmptyPrune(
  pairs: readonly ResourcePair[],
  drafts: Draft[],
  options: SyncOptions,
  errors: string[],
): void {
  const prunes = drafts.filter((d) => d.action === 'prune');
  if (options.allowEmpty || prunes.length === 0 || pairs.some((p) => p.target)) return;
  const message = `refusing to prune all ${prunes.length} resources: the desired state is empty (set allowEmpty to allow it)`;
  errors.push(message);
  for (const d of prunes) {
    d.action = 'none';
    d.planned = { status: 'PruneSkipped', message };
  }
}

const before = (a: Draft, b: Draft): boolean =>
  PHASE_ORDER[a.phase] < PHASE_ORDER[b.phase] || (a.phase === b.phase && a.wave < b.wave);

/**
 * A Namespace is created no later than the first object in it, a CRD no
 * later than the first of its custom resources: each moves to the earliest
 * phase and wave of its dependents (as gitops-engine does).
 */
function pullDependenciesForward(drafts: Draft[]): void {
  const creates = drafts.filter(
    (d) => d.action === 'apply' || d.action === 'replace' || d.action === 'hook',
  );
  const earliest = (matches: (d: Draft) => boolean): Draft | undefined =>
    creates
      .filter(matches)
      .reduce<Draft | undefined>((best, d) => (!best || before(d, best) ? d : best), undefined);
  for (const dep of creates) {
    if (dep.action === 'hook') continue;
    let first: Draft | undefined;
    if (dep.key.group === '' && dep.key.kind === 'Namespace') {
      first = earliest((d) => d.key.namespace === dep.key.name);
    } else if (dep.key.kind === 'CustomResourceDefinition' && isRecord(dep.target?.spec)) {
      const spec = dep.target.spec;
      const names = isRecord(spec.names) ? spec.names : {};
      first = earliest((d) => d.key.group === spec.group && d.key.kind === names.kind);
    }
    if (first && before(first, dep)) {
      dep.phase = first.phase;
      dep.wave = first.wave;
      dep.id = `${dep.phase}:${formatResourceKey(dep.key)}`;
    }
  }
}

/**
 * Prunes delete in reverse wave order (waves swapped symmetrically, as Argo
 * CD does), and `PruneLast` ones after every other wave of the Sync phase.
 */
function reorderPruneWaves(drafts: Draft[]): void {
  const prunes = drafts.filter((d) => d.action === 'prune' && !d.pruneLast);
  const waves = [...new Set(prunes.map((d) => d.wave))].sort((a, b) => a - b);
  const mirrored = new Map(waves.map((w, i) => [w, waves[waves.length - 1 - i] ?? w]));
  for (const d of prunes) d.wave = mirrored.get(d.wave) ?? d.wave;
  const lastWave = Math.max(
    0,
    ...drafts.filter((d) => d.phase === 'Sync' && !d.pruneLast).map((d) => d.wave),
  );
  for (const d of drafts) if (d.action === 'prune' && d.pruneLast) d.wave = lastWave + 1;
}

function uniqueIds(drafts: Draft[]): SyncTask[] {
  const seen = new Map<string, number>();
  return drafts.map(({ pruneLast: _pruneLast, ...d }) => {
    const n = seen.get(d.id) ?? 0;
    seen.set(d.id, n + 1);
    return n === 0 ? d : { ...d, id: `${d.id}#${n + 1}` };
  });
}

/** phase → wave → prunes first → kind → group → namespace → name → id. */
export function compareTasks(a: SyncTask, b: SyncTask): number {
  return (
    PHASE_ORDER[a.phase] - PHASE_ORDER[b.phase] ||
    a.wave - b.wave ||
    Number(a.action !== 'prune') - Number(b.action !== 'prune') ||
    compareKinds(a.key.kind, b.key.kind) ||
    cmp(a.key.group, b.key.group) ||
    cmp(a.key.namespace, b.key.namespace) ||
    cmp(a.key.name, b.key.name) ||
    cmp(a.id, b.id)
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sortTasks(tasks: SyncTask[]): SyncTask[] {
  return [...tasks].sort(compareTasks);
}
