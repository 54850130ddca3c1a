import type { KubeObject, ResourceKey } from '../core/index.js';
import type { DiffStatus } from '../diff/index.js';
import type { HealthStatusCode } from '../health/index.js';

/** Sync phases, in the order they run; `SyncFail` runs only when an earlier phase failed. */
export type SyncPhase = 'PreSync' | 'Sync' | 'PostSync' | 'SyncFail';

export const SYNC_PHASES: readonly SyncPhase[] = ['PreSync', 'Sync', 'PostSync', 'SyncFail'];

/** When a hook object is deleted (Argo CD's policies). */
export type HookDeletePolicy = 'HookSucceeded' | 'HookFailed' | 'BeforeHookCreation';

/**
 * What a task does: `apply` (server-side apply), `replace` (PUT, or create
 * when missing), `hook` (create a hook and wait for it), `prune` (delete an
 * Extra object), `none` (nothing to do; the planned result says why).
 */
export type TaskAction = 'apply' | 'replace' | 'hook' | 'prune' | 'none';

/** Outcome of one resource in a sync (Argo CD's words, plus `Skipped` for work never reached). */
export type ResourceSyncStatus = 'Synced' | 'SyncFailed' | 'Pruned' | 'PruneSkipped' | 'Skipped';

/** Where a hook stands. */
export type HookPhase = 'Running' | 'Succeeded' | 'Failed';

/** One step of a sync plan. Plain data. */
export interface SyncTask {
  /** Unique in a plan: `<phase>:<group>/<kind>/<namespace>/<name>`. */
  readonly id: string;
  readonly key: ResourceKey;
  readonly phase: SyncPhase;
  readonly wave: number;
  readonly action: TaskAction;
  /** The desired object as rendered (the tracking marker is added when it is sent). */
  readonly target?: KubeObject;
  readonly live?: KubeObject;
  /** The diff status of a regular resource. */
  readonly diffStatus?: DiffStatus;
  /** For hooks: when to delete them. */
  readonly deletePolicies?: readonly HookDeletePolicy[];
  /** Apply with force (take over conflicting fields; with Replace: delete and recreate). */
  readonly force: boolean;
  /** `false` with `Validate=false`: unknown fields are dropped instead of rejected. */
  readonly validate: boolean;
  /** May skip the pre-flight dry run when its kind is not served yet (`SkipDryRunOnMissingResource`). */
  readonly skipDryRunOnMissingResource: boolean;
  /** For `none` tasks: the result decided at planning time. */
  readonly planned?: { readonly status: ResourceSyncStatus; readonly message: string };
}

/** The ordered tasks of a sync, and why it must not run, if it must not. */
export interface SyncPlan {
  /** Ordered by phase → wave → (prunes first) → kind → namespace → name. */
  readonly tasks: readonly SyncTask[];
  /** Problems that stop the sync before anything is changed (conflicts, an empty desired state, bad annotations). */
  readonly errors: readonly string[];
}

/** The outcome of one resource. Plain data, for history and display. */
export interface ResourceResult {
  readonly key: ResourceKey;
  /** The API version the resource was synced at (`v1` of `apps/v1`); empty when unknown. */
  readonly version?: string;
  readonly phase: SyncPhase;
  readonly wave: number;
  readonly action: TaskAction;
  readonly status: ResourceSyncStatus;
  readonly message: string;
  /** Set for hooks: the phase they are a hook of. */
  readonly hookType?: SyncPhase;
  readonly hookPhase?: HookPhase;
  /** Health when the sync last looked. */
  readonly health?: HealthStatusCode;
  /**
   * What the apply of this resource produced. While the live object keeps
   * that content it is known to be Synced (see `inSync` of compareApp).
   */
  readonly applied?: AppliedVersion;
}

/**
 * What an apply produced: the fingerprint of what was applied, and the
 * content fingerprint (everything but status and bookkeeping) of the object
 * the server returned.
 */
export interface AppliedVersion {
  readonly fingerprint: string;
  readonly liveFingerprint: string;
  /** The resourceVersion the server returned. */
  readonly resourceVersion?: string;
  /** The resourceVersion of the live object the apply changed (none: it created the object). */
  readonly replacedVersion?: string;
}

export interface PhaseResult {
  readonly phase: SyncPhase;
  readonly status: 'Succeeded' | 'Failed' | 'Skipped';
  readonly message: string;
}

/** The outcome of a sync. Plain, serializable data. */
export interface SyncResult {
  /** `Failed`: something the user can act on (invalid object, hook failed, timeout); `Error`: the engine could not work (cluster unreachable, bug). */
  readonly phase: 'Succeeded' | 'Failed' | 'Error';
  readonly message: string;
  readonly dryRun: boolean;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly phases: readonly PhaseResult[];
  /** In plan order. */
  readonly resources: readonly ResourceResult[];
}

/** Progress reported while a sync runs. */
export type SyncProgress =
  | { readonly type: 'wave-started'; readonly phase: SyncPhase; readonly wave: number }
  | {
      readonly type: 'wave-finished';
      readonly phase: SyncPhase;
      readonly wave: number;
      readonly ok: boolean;
    }
  | { readonly type: 'resource'; readonly result: ResourceResult };
