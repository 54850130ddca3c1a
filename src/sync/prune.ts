import {
  deleteObject,
  isConflict,
  isTrackedBy,
  refOf,
  type PropagationPolicy,
} from '../cluster/index.js';
import { describeObject, errorMessage, type KubeObject } from '../core/index.js';
import type { SyncRun } from './context.js';
import type { SyncTask } from './types.js';

const POLICIES: Record<string, PropagationPolicy> = {
  foreground: 'Foreground',
  background: 'Background',
  orphan: 'Orphan',
};

/**
 * Deletes one Extra object, only if it carries this application's marker,
 * with the live uid as a precondition (an object that replaced it is left
 * alone). Returns whether the prune succeeded or was rightly skipped.
 */
export async function pruneTask(run: SyncRun, task: SyncTask): Promise<boolean> {
  const live = task.live as KubeObject;
  if (!isTrackedBy(live, run.options.app)) {
    run.record(task, {
      status: 'PruneSkipped',
      message: `${describeObject(live)}: not pruned: it does not carry this application's tracking marker`,
    });
    return true;
  }
  if (live.metadata.deletionTimestamp) {
    run.record(task, { status: 'Pruned', message: 'already being deleted' });
    return true;
  }
  try {
    const outcome = await run.retry(() =>
      deleteObject(run.connection, refOf(live), {
        uid: live.metadata.uid,
        propagationPolicy: POLICIES[run.options.prunePropagationPolicy] ?? 'Foreground',
        signal: run.options.signal,
      }),
    );
    run.record(task, { status: 'Pruned', message: outcome === 'gone' ? 'already gone' : 'pruned' });
    return true;
  } catch (err) {
    if (isConflict(err)) {
      run.record(task, {
        status: 'PruneSkipped',
        message: 'not pruned: the object was replaced since it was read',
      });
      return true;
    }
    run.record(task, { status: 'SyncFailed', message: errorMessage(err) });
    return false;
  }
}
