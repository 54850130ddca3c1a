import { createHash, randomInt } from 'node:crypto';
import {
  createObject,
  deleteObject,
  getObject,
  isAlreadyExists,
  refOf,
  trackingOwner,
  type ObjectRef,
} from '../cluster/index.js';
import {
  describeObject,
  errorMessage,
  resourceKeyOf,
  type KubeObject,
  type ResourceKey,
} from '../core/index.js';
import type { HealthStatus } from '../health/index.js';
import { assertMayModify } from './apply.js';
import type { SyncRun } from './context.js';
import { WaveTimeoutError } from './errors.js';
import type { ResumedHook } from './options.js';
import type { SyncTask } from './types.js';
import { judgeGone, pollObjects, type Verdict } from './wait.js';

/** A hook that was created (or found) and is being waited on. */
export interface StartedHook {
  readonly task: SyncTask;
  /** With the generated name for generateName hooks. */
  readonly key: ResourceKey;
  readonly ref: ObjectRef;
}

/** The characters Kubernetes uses for generated name suffixes (no vowels, no look-alikes). */
const SUFFIX_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

function generatedName(prefix: string, seed?: string): string {
  // With a seed (the operation's identity and the hook), the name is the same
  // for every attempt at the same operation, so an attempt resumed by another
  // replica finds the hook the first one created instead of running it again.
  const digest = seed === undefined ? undefined : createHash('sha256').update(seed).digest();
  let suffix = '';
  for (let i = 0; i < 5; i++) {
    const n = digest ? (digest[i] ?? 0) : randomInt(SUFFIX_ALPHABET.length);
    suffix += SUFFIX_ALPHABET[n % SUFFIX_ALPHABET.length];
  }
  return `${prefix}${suffix}`;
}

/**
 * Creates a hook. A `generateName` hook gets its name from Keelson (so the
 * tracking marker, which names the object, can be written at creation). A
 * named hook that exists is deleted first under `BeforeHookCreation`, and
 * otherwise reused (created once, as Argo CD does); one that is not this
 * application's fails the hook. Returns `undefined` when the hook failed.
 */
export async function startHook(
  run: SyncRun,
  task: SyncTask,
): Promise<StartedHook | 'completed' | undefined> {
  const target = task.target as KubeObject;
  const adopted = await adoptResumedHook(run, task).catch((err: unknown) => {
    run.record(task, { status: 'SyncFailed', hookPhase: 'Failed', message: errorMessage(err) });
    return 'failed' as const;
  });
  if (adopted === 'failed') return undefined;
  if (adopted) return adopted;
  const write = {
    fieldManager: run.options.fieldManager,
    fieldValidation: task.validate ? 'Strict' : 'Ignore',
    signal: run.options.signal,
  } as const;
  try {
    if (target.metadata.name) {
      const obj = run.outgoing(target);
      const started = { task, key: resourceKeyOf(obj), ref: refOf(obj) };
      const existing = await run.retry(() => getObject(run.connection, started.ref));
      if (existing) {
        assertMayModify(run, existing);
        if (!task.deletePolicies?.includes('BeforeHookCreation')) {
          run.record(task, {
            status: 'Synced',
            hookPhase: 'Running',
            message: 'exists already (not recreated)',
          });
          return started;
        }
        await deleteHook(run, existing);
        const gone = await pollObjects(
          run,
          [{ item: existing, ref: started.ref }],
          judgeGone,
          Date.now() + run.options.waveTimeoutMs,
        );
        if (gone.pending.length > 0) {
          throw new WaveTimeoutError(
            `${describeObject(existing)}: the previous hook object is still being deleted`,
          );
        }
      }
      await run.retry(() => createObject(run.connection, obj, write));
      run.record(task, { status: 'Synced', hookPhase: 'Running', message: 'created' });
      return started;
    }
    const seed = run.options.hookNameSeed;
    for (let attempt = 1; ; attempt++) {
      const obj = run.outgoing(
        target,
        generatedName(
          target.metadata.generateName ?? 'hook-',
          seed === undefined ? undefined : `${seed}\0${task.id}\0${attempt}`,
        ),
      );
      const started = { task, key: resourceKeyOf(obj), ref: refOf(obj) };
      try {
        await run.retry(() => createObject(run.connection, obj, write));
        run.record(task, {
          key: started.key,
          status: 'Synced',
          hookPhase: 'Running',
          message: 'created',
        });
        return started;
      } catch (err) {
        if (!isAlreadyExists(err) || attempt >= 3) throw err;
        // Our own hook from an interrupted attempt at this operation: adopt it.
        const existing =
          seed === undefined ? undefined : await getObject(run.connection, started.ref);
        if (existing && trackingOwner(existing) === run.options.app) {
          run.record(task, {
            key: started.key,
            status: 'Synced',
            hookPhase: 'Running',
            message: 'adopted from the interrupted attempt',
          });
          return started;
        }
      }
    }
  } catch (err) {
    run.record(task, { status: 'SyncFailed', hookPhase: 'Failed', message: errorMessage(err) });
    return undefined;
  }
}

/** Records of resumed hooks already adopted, per run (each is adopted once). */
const adoptedRecords = new WeakMap<SyncRun, Set<ResumedHook>>();

/**
 * Finds the hook an interrupted attempt created for `task` (same kind, phase
 * and name, or generated from the same generateName) and takes it over:
 * waits on it if it still exists, counts it done if it succeeded and is
 * gone. Undefined when there is nothing to adopt: the hook is created.
 */
async function adoptResumedHook(
  run: SyncRun,
  task: SyncTask,
): Promise<StartedHook | 'completed' | undefined> {
  const records = run.options.resumedHooks ?? [];
  if (records.length === 0) return undefined;
  const target = task.target as KubeObject;
  const key = resourceKeyOf(target);
  const used = adoptedRecords.get(run) ?? new Set<ResumedHook>();
  adoptedRecords.set(run, used);
  const record = records.find(
    (r) =>
      !used.has(r) &&
      r.phase === task.phase &&
      r.kind === key.kind &&
      r.group === key.group &&
      (target.metadata.namespace === undefined || r.namespace === target.metadata.namespace) &&
      (target.metadata.name
        ? r.name === target.metadata.name
        : r.name.startsWith(target.metadata.generateName ?? 'hook-')),
  );
  if (!record) return undefined;
  used.add(record);
  const obj = run.outgoing(target, record.name);
  const started = { task, key: resourceKeyOf(obj), ref: refOf(obj) };
  const existing = await run.retry(() => getObject(run.connection, started.ref));
  if (existing) {
    assertMayModify(run, existing);
    run.record(task, {
      key: started.key,
      status: 'Synced',
      hookPhase: 'Running',
      message: 'adopted from the interrupted attempt',
    });
    return started;
  }
  if (record.hookPhase !== 'Succeeded') return undefined; // never finished: run it again
  run.record(task, {
    key: started.key,
    status: 'Synced',
    hookPhase: 'Succeeded',
    message: 'succeeded before the interruption',
  });
  return 'completed';
}

/** A hook is done when Healthy (a Job Complete, a Pod Succeeded, anything else once it exists) and failed when Degraded. */
function judgeHook(obj: KubeObject | undefined, health: HealthStatus): Verdict {
  if (!obj) return 'failed';
  if (health.status === 'Healthy') return 'done';
  return health.status === 'Degraded' ? 'failed' : 'pending';
}

/**
 * Waits for started hooks to complete, records their outcome, and applies
 * the delete policies (`HookSucceeded`, `HookFailed`). Returns whether every
 * hook succeeded in time.
 */
export async function finishHooks(
  run: SyncRun,
  hooks: readonly StartedHook[],
  deadline: number,
): Promise<boolean> {
  if (hooks.length === 0) return true;
  const outcome = await pollObjects(
    run,
    hooks.map((h) => ({ item: h, ref: h.ref })),
    judgeHook,
    deadline,
  );
  for (const { item: hook } of outcome.done) {
    const deleted = await applyDeletePolicy(run, hook, 'HookSucceeded');
    run.record(hook.task, {
      status: 'Synced',
      hookPhase: 'Succeeded',
      health: 'Healthy',
      message: deleted ? 'succeeded; deleted (HookSucceeded)' : 'succeeded',
    });
  }
  for (const { item: hook, health } of outcome.failed) {
    const message = health.message ?? health.status;
    const deleted = await applyDeletePolicy(run, hook, 'HookFailed');
    run.record(hook.task, {
      status: 'SyncFailed',
      hookPhase: 'Failed',
      health: 'Degraded',
      message: `hook failed: ${message}${deleted ? '; deleted (HookFailed)' : ''}`,
    });
  }
  for (const { item: hook, health } of outcome.pending) {
    run.record(hook.task, {
      status: 'SyncFailed',
      hookPhase: 'Running',
      health: health.status,
      message: `hook did not complete within ${run.options.waveTimeoutMs} ms${health.message ? ` (${health.message})` : ''}`,
    });
  }
  return outcome.failed.length === 0 && outcome.pending.length === 0;
}

async function applyDeletePolicy(
  run: SyncRun,
  hook: StartedHook,
  policy: 'HookSucceeded' | 'HookFailed',
): Promise<boolean> {
  if (!hook.task.deletePolicies?.includes(policy)) return false;
  const live = await run.retry(() => getObject(run.connection, hook.ref));
  if (!live) return true;
  await deleteHook(run, live);
  return true;
}

/** Hooks are deleted in the background: their Pods go with them, nobody waits for that. */
async function deleteHook(run: SyncRun, live: KubeObject): Promise<void> {
  assertMayModify(run, live);
  await run.retry(() =>
    deleteObject(run.connection, refOf(live), {
      uid: live.metadata.uid,
      propagationPolicy: 'Background',
    }),
  );
}
