/**
 * Sync: make the cluster match the desired state, safely and in order.
 *
 * {@link runSync} compares (see `diff`), plans ({@link planSync}, pure),
 * validates every object with a server-side dry run, and only then changes
 * the cluster, phase by phase and wave by wave. Its {@link SyncResult} is
 * plain data with an outcome and a message per resource and per phase.
 *
 * **Phases.** `PreSync` → `Sync` → `PostSync`; `SyncFail` runs only when an
 * earlier phase failed. Regular resources belong to `Sync`. Hooks are
 * objects annotated `keelson.dev/hook: PreSync` (several phases separated by
 * commas; `Skip` means never applied). They are created afresh on each sync
 * (a `generateName` hook gets a new name each time), are not tracked as
 * resources (never Extra), and must complete — a Job Complete, a Pod
 * Succeeded; Degraded fails — before the sync moves on.
 * `keelson.dev/hook-delete-policy`: `HookSucceeded`, `HookFailed`,
 * `BeforeHookCreation` (the default: an existing named hook is deleted before
 * it is created again).
 *
 * **Waves.** `keelson.dev/sync-wave: "<int>"` (default 0, negative allowed).
 * The next wave starts only when every resource of the previous one is
 * Healthy (or Suspended) and its pruned objects are gone, within
 * `waveTimeoutMs`; a Degraded resource fails the wave at once.
 *
 * **Ordering rule**: phase → wave → (prunes first) → kind → namespace → name,
 * kinds in install order (Namespace, CustomResourceDefinition, …,
 * ServiceAccount, Secret, ConfigMap, …, RBAC, Service, workloads, Ingress,
 * …, then custom resources). A Namespace or CRD is moved to the wave of its
 * first dependent if that is earlier; CRDs are waited on until Established
 * and discovery is refreshed before custom resources are applied. Prunes run
 * in reverse wave order, `PruneLast` ones after the last wave.
 *
 * **Sync options** (annotation `keelson.dev/sync-options`, application
 * options in {@link SyncOptions}): `Prune=false` (never pruned),
 * `PruneLast=true`, `Replace=true` (PUT; with `Force=true` delete and
 * recreate, never for Namespaces and CRDs), `Force=true` (take over fields
 * other managers own), `Validate=false` (drop unknown fields),
 * `SkipDryRunOnMissingResource=true`, and application-level
 * `CreateNamespace`, `ApplyOutOfSyncOnly`, `PrunePropagationPolicy`.
 * Server-side apply is always used. Argo CD's `argocd.argoproj.io/*`
 * annotations are aliases; ours win when both are present.
 *
 * **Safety.** Nothing is changed when the plan has errors or one object
 * fails validation. An object without this application's tracking marker is
 * never modified or deleted: one tracked by another application, or
 * unmarked (unless `adoptUnmanaged`), is a conflict. Applies carry the live
 * uid as a precondition; prunes delete only marked objects, with the uid as
 * precondition. An empty desired state never prunes everything unless
 * `allowEmpty`. Transient API errors are retried with exponential backoff.
 */
export { RecentValidations } from './recent-validations.js';
export { runSync, type SyncInputs, type RunSyncOptions } from './run.js';
export { planSync, compareTasks, type PlanInputs } from './plan.js';
export {
  defaultSyncOptions,
  syncOptionsFromList,
  resourceSyncOptions,
  type SyncOptions,
  type ResumedHook,
  type ResourceSyncOptions,
  type PrunePropagationPolicy,
} from './options.js';
export { hookPhases, hookDeletePolicies, syncWave } from './hooks.js';
export { kindRank, compareKinds } from './kind-order.js';
export { InvalidAnnotationError, WaveTimeoutError, OwnershipConflictError } from './errors.js';
export {
  SYNC_PHASES,
  type SyncPhase,
  type HookDeletePolicy,
  type HookPhase,
  type TaskAction,
  type SyncTask,
  type SyncPlan,
  type ResourceSyncStatus,
  type ResourceResult,
  type AppliedVersion,
  type PhaseResult,
  type SyncResult,
  type SyncProgress,
} from './types.js';
