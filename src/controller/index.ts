/**
 * The controller: keeps every cluster equal to Git.
 *
 * **Loop.** Informers watch Applications, AppProjects and credential Secrets
 * in the controller's namespace; every change, every live change of an
 * object an application owns (from the destination's live-state cache), each
 * periodic refresh (default 3 min ± 20 % jitter) and each refresh request
 * (annotation `keelson.dev/refresh`, or `argocd.argoproj.io/refresh`) puts
 * the application in a work queue. A key is processed by one worker at a
 * time; failures retry with per-application exponential backoff.
 *
 * **Reconcile** (reconcile.ts): parse the Application, resolve its
 * destination, check its project, render the source at the target revision,
 * compare with the live objects, write `status` (sync, health, resources,
 * conditions, reconciledAt), then run a requested operation
 * (`operation.sync`, as Argo CD) or an automated sync when the policy allows
 * (auto-sync.ts: once per revision, self-heal with backoff, never an empty
 * render without allowEmpty).
 *
 * **Operations** (operate.ts): Running is written before a requested sync
 * starts, and once an automated one has run for the status progress
 * interval (operation-progress.ts); progress at most once a second, the
 * outcome, history (the last `revisionHistoryLimit` syncs) and events
 * afterwards; a requested operation is then cleared. A controller restarted
 * mid-sync finds the request (or the app still OutOfSync) and runs it again.
 *
 * **Rollback**: an operation syncing a history entry's revision and source,
 * marked with the info entry `Rollback` ({@link rollbackOperation}); refused
 * while automated sync is on (as Argo CD), which would undo it.
 *
 * **Deletion** (deletion.ts): cascade by finalizer, foreground or
 * background; orphan without one.
 *
 * **Leader election** on the Lease `keelson-application-controller`: only the
 * leader reconciles.
 */
export { ApplicationController } from './controller.js';
export { kubeconfigOf } from './destinations.js';
export { defaultControllerOptions, type ControllerOptions } from './options.js';
export { ControllerMetrics } from './metrics.js';
export { FOREGROUND_FINALIZER, BACKGROUND_FINALIZER } from './deletion.js';
export { REFRESH_ANNOTATION, ROLLBACK_INFO, rollbackOperation } from './reconcile.js';
export {
  renderApplicationSource,
  compareWithLive,
  toRepoCredentials,
  type RenderOverride,
} from './compare.js';
export { TERMINATED_MESSAGE, isTerminationRequested } from './terminations.js';
export { LeaseLock, type LeaseLockOptions } from './lease.js';
export {
  runLeaderElection,
  type LeaderCallbacks,
  type LeaderElectionOptions,
} from './leader-election.js';
export { WorkQueue } from './work-queue.js';
