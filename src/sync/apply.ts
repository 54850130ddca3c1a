import {
  KubeApiError,
  applyObject,
  createObject,
  deleteObject,
  getObject,
  isConflict,
  leanObject,
  refOf,
  replaceObject,
  trackingOwner,
} from '../cluster/index.js';
import {
  contentFingerprintOf,
  describeObject,
  errorMessage,
  fingerprintOf,
  type KubeObject,
} from '../core/index.js';
import type { SyncRun } from './context.js';
import { OwnershipConflictError, WaveTimeoutError } from './errors.js';
import type { AppliedVersion, SyncTask } from './types.js';
import { judgeGone, pollObjects, waitForEstablished } from './wait.js';

/** Kinds never deleted to be replaced: that would delete everything in them. */
const NEVER_RECREATE = new Set(['Namespace', 'CustomResourceDefinition']);

/**
 * Applies one resource task (`apply` or `replace`) and records the outcome:
 * `created`, `configured` or `unchanged` (from the comparison), or why it
 * failed. CRDs are waited on until Established, then discovery is refreshed
 * so custom resources that follow resolve. Returns whether it succeeded.
 */
export async function applyTask(run: SyncRun, task: SyncTask): Promise<boolean> {
  const target = task.target as KubeObject;
  try {
    const existing = await recheckMissing(run, task);
    const outcome =
      task.action === 'replace'
        ? { message: await replace(run, task, target) }
        : await apply(run, task, target, existing);
    if (target.kind === 'CustomResourceDefinition' && !run.options.dryRun) {
      await waitForEstablished(run, target);
    }
    run.record(task, { status: 'Synced', ...outcome });
    return true;
  } catch (err) {
    run.record(task, { status: 'SyncFailed', message: failureMessage(err, task) });
    return false;
  }
}

/**
 * An object missing when the sync compared may have been created by someone
 * else while the sync waited on earlier waves: look again, and never touch
 * it unless it is ours (or unmarked, with `adoptUnmanaged`).
 */
async function recheckMissing(run: SyncRun, task: SyncTask): Promise<KubeObject | undefined> {
  if (!run.waited || task.diffStatus !== 'Missing' || !task.target) return task.live;
  const found = await run.retry(() => getObject(run.connection, refOf(task.target as KubeObject)));
  if (!found) return undefined;
  assertMayModify(run, found);
  return found;
}

export function assertMayModify(run: SyncRun, live: KubeObject): void {
  const owner = trackingOwner(live);
  if (owner === run.options.app || (owner === undefined && run.options.adoptUnmanaged)) return;
  throw new OwnershipConflictError(
    owner
      ? `${describeObject(live)}: already managed by application ${JSON.stringify(owner)}; left alone`
      : `${describeObject(live)}: exists and is not managed by application ${JSON.stringify(run.options.app)}; left alone`,
  );
}

async function apply(
  run: SyncRun,
  task: SyncTask,
  target: KubeObject,
  live: KubeObject | undefined,
): Promise<{ readonly message: string; readonly applied?: AppliedVersion }> {
  const marked = run.outgoing(target);
  // The live uid is a precondition: the apply fails rather than modify an
  // object that replaced the one we checked.
  const body = live?.metadata.uid
    ? { ...marked, metadata: { ...marked.metadata, uid: live.metadata.uid } }
    : marked;
  const applied = await run.retry(() =>
    applyObject(run.connection, body, {
      force: task.force,
      fieldManager: run.options.fieldManager,
      fieldValidation: task.validate ? 'Strict' : 'Ignore',
      signal: run.options.signal,
    }),
  );
  const version: AppliedVersion = {
    fingerprint: fingerprintOf(target),
    liveFingerprint: contentFingerprintOf(leanObject(applied), target),
    resourceVersion: applied.metadata.resourceVersion,
    replacedVersion: live?.metadata.resourceVersion,
  };
  const message = !live ? 'created' : task.diffStatus === 'Synced' ? 'unchanged' : 'configured';
  return { message, applied: version };
}

async function replace(run: SyncRun, task: SyncTask, target: KubeObject): Promise<string> {
  const write = {
    fieldManager: run.options.fieldManager,
    fieldValidation: task.validate ? 'Strict' : 'Ignore',
    signal: run.options.signal,
  } as const;
  const marked = run.outgoing(target);
  for (let attempt = 1; ; attempt++) {
    const live = await run.retry(() => getObject(run.connection, refOf(marked)));
    if (!live) {
      await run.retry(() => createObject(run.connection, marked, write));
      return task.validate ? 'created (Replace)' : 'created (Validate=false)';
    }
    assertMayModify(run, live);
    if (task.force && !NEVER_RECREATE.has(marked.kind)) {
      await run.retry(() =>
        deleteObject(run.connection, refOf(live), {
          uid: live.metadata.uid,
          propagationPolicy: 'Foreground',
        }),
      );
      const gone = await pollObjects(
        run,
        [{ item: live, ref: refOf(live) }],
        judgeGone,
        Date.now() + run.options.waveTimeoutMs,
      );
      if (gone.pending.length > 0) {
        throw new WaveTimeoutError(`${describeObject(live)}: still being deleted; not recreated`);
      }
      await run.retry(() => createObject(run.connection, marked, write));
      return 'recreated (Replace, Force)';
    }
    const body = {
      ...marked,
      metadata: {
        ...marked.metadata,
        resourceVersion: live.metadata.resourceVersion,
        uid: live.metadata.uid,
      },
    };
    try {
      await run.retry(() => replaceObject(run.connection, body, write));
      return task.diffStatus === 'Synced' ? 'unchanged (Replace)' : 'replaced';
    } catch (err) {
      // Optimistic concurrency: someone wrote in between; read again and retry.
      if (!isConflict(err) || attempt >= 5) throw err;
    }
  }
}

/** The message of a failed apply, naming the object; conflicts say how to take over. */
function failureMessage(err: unknown, task: SyncTask): string {
  const message = errorMessage(err);
  if (err instanceof KubeApiError && isConflict(err) && task.action === 'apply') {
    return `${message} (fields owned by another manager; set Force=true to take them over)`;
  }
  return message;
}
