import type { RetryOptions } from '../cluster/index.js';
import {
  objectOptions,
  parseOptionList,
  type KubeObject,
  type ResourceKey,
} from '../core/index.js';
import type { IgnoreDifferencesRule, InSyncMemo } from '../diff/index.js';
import type { RecentValidations } from './recent-validations.js';

/** How pruned objects' dependents are deleted. */
export type PrunePropagationPolicy = 'foreground' | 'background' | 'orphan';

/** Everything a sync can be asked to do differently. See {@link defaultSyncOptions}. */
export interface SyncOptions {
  /** The application: written in every object's tracking marker. */
  readonly app: string;
  /** Destination namespace, for namespaced objects that name none. */
  readonly namespace?: string;
  /** Delete Extra objects (default off). */
  readonly prune: boolean;
  /** Prune after everything else, in a final wave (`PruneLast=true`). */
  readonly pruneLast: boolean;
  readonly prunePropagationPolicy: PrunePropagationPolicy;
  /** Validate and plan, change nothing. */
  readonly dryRun: boolean;
  /** Server-side apply with force: take over fields other managers own. */
  readonly force: boolean;
  /** Replace (PUT) instead of apply, for every resource. */
  readonly replace: boolean;
  /** Create the destination namespace if it does not exist (`CreateNamespace=true`). */
  readonly createNamespace: boolean;
  /** Allow a sync whose desired state is empty to prune everything. */
  readonly allowEmpty: boolean;
  /** Apply only resources that are not Synced (`ApplyOutOfSyncOnly=true`). */
  readonly applyOutOfSyncOnly: boolean;
  /** Skip pre-flight validation of objects whose kind the cluster does not serve yet. */
  readonly skipDryRunOnMissingResource: boolean;
  /** `false` drops unknown fields instead of rejecting them (`Validate=false`). */
  readonly validate: boolean;
  /**
   * Take over objects that exist without any tracking marker (default off:
   * such objects are reported as conflicts and left alone). Objects tracked
   * by another application are never taken over.
   */
  readonly adoptUnmanaged: boolean;
  /** Selective sync: only these resources (hooks do not run). */
  readonly resources?: readonly ResourceKey[];
  readonly ignoreDifferences?: readonly IgnoreDifferencesRule[];
  /** How long a wave may take to become healthy, hooks to complete (default 5 min). */
  readonly waveTimeoutMs: number;
  /** Retries of transient API errors (default 5 attempts, 200 ms doubling to 5 s). */
  readonly retry: RetryOptions;
  /** Requests in flight at once (default 16). */
  readonly concurrency: number;
  /** Default `keelson`. */
  readonly fieldManager: string;
  readonly signal?: AbortSignal;
  /**
   * Hooks an interrupted attempt of this same operation already created (from
   * its recorded results): adopted instead of created again, so a sync that
   * is resumed — after a controller restart or a shard hand-over — runs each
   * hook once.
   */
  readonly resumedHooks?: readonly ResumedHook[];
  /**
   * Names generateName hooks deterministically from this seed (the
   * operation's identity) instead of at random, so that an attempt resumed
   * elsewhere finds, and adopts, the hooks the interrupted one created.
   */
  readonly hookNameSeed?: string;
  /** Objects the caller knows to be in sync: the sync's comparison does not dry-run them again. */
  readonly inSync?: InSyncMemo;
  /**
   * The cluster's recent validations of objects bound for namespaces a sync
   * creates: an identical object found valid minutes ago is not dry-run again.
   */
  readonly validations?: RecentValidations;
}

/** A hook recorded by an interrupted attempt of the operation being resumed. */
export interface ResumedHook {
  readonly group: string;
  readonly kind: string;
  readonly namespace: string;
  /** The name it was created with (the generated one for generateName hooks). */
  readonly name: string;
  /** The sync phase it is a hook of (`PreSync`, `Sync`, `PostSync`, `SyncFail`). */
  readonly phase: string;
  /** How far it got: `Succeeded` hooks that are gone (deleted by policy) are not run again. */
  readonly hookPhase?: string;
}

/** The defaults: no prune, server-side apply without force, validation on. */
export function defaultSyncOptions(app: string): SyncOptions {
  return {
    app,
    prune: false,
    pruneLast: false,
    prunePropagationPolicy: 'foreground',
    dryRun: false,
    force: false,
    replace: false,
    createNamespace: false,
    allowEmpty: false,
    applyOutOfSyncOnly: false,
    skipDryRunOnMissingResource: false,
    validate: true,
    adoptUnmanaged: false,
    waveTimeoutMs: 300_000,
    retry: { attempts: 5, initialDelayMs: 200, maxDelayMs: 5_000 },
    concurrency: 16,
    fieldManager: 'keelson',
  };
}

const isTrue = (v: string | undefined): boolean => v?.toLowerCase() === 'true';

/**
 * Reads application-level sync options written the Argo CD way
 * (`["CreateNamespace=true", "PruneLast=true", ...]`) into overrides of
 * {@link SyncOptions}. Unknown options are ignored.
 */
export function syncOptionsFromList(list: readonly string[]): Partial<SyncOptions> {
  const o = parseOptionList(list);
  const out: { -readonly [K in keyof SyncOptions]?: SyncOptions[K] } = {};
  if (o.has('CreateNamespace')) out.createNamespace = isTrue(o.get('CreateNamespace'));
  if (o.has('PruneLast')) out.pruneLast = isTrue(o.get('PruneLast'));
  if (o.has('ApplyOutOfSyncOnly')) out.applyOutOfSyncOnly = isTrue(o.get('ApplyOutOfSyncOnly'));
  if (o.has('Replace')) out.replace = isTrue(o.get('Replace'));
  if (o.has('Force')) out.force = isTrue(o.get('Force'));
  if (o.has('Validate')) out.validate = o.get('Validate')?.toLowerCase() !== 'false';
  if (o.has('SkipDryRunOnMissingResource')) {
    out.skipDryRunOnMissingResource = isTrue(o.get('SkipDryRunOnMissingResource'));
  }
  const policy = o.get('PrunePropagationPolicy')?.toLowerCase();
  if (policy === 'foreground' || policy === 'background' || policy === 'orphan') {
    out.prunePropagationPolicy = policy;
  }
  return out;
}

/** The sync options that apply to one resource: its annotation over the application's. */
export interface ResourceSyncOptions {
  readonly prune: boolean;
  readonly pruneLast: boolean;
  readonly replace: boolean;
  readonly force: boolean;
  readonly validate: boolean;
  readonly skipDryRunOnMissingResource: boolean;
}

/**
 * Resolves a resource's options: `Prune=false` and `PruneLast=true` are read
 * from the live object (what is about to be deleted), the others from the
 * desired one; the annotation `keelson.dev/sync-options` wins over
 * `argocd.argoproj.io/sync-options`, both over the application's options.
 */
export function resourceSyncOptions(
  target: KubeObject | undefined,
  live: KubeObject | undefined,
  app: SyncOptions,
): ResourceSyncOptions {
  const t = objectOptions(target, 'syncOptions');
  const l = objectOptions(live, 'syncOptions');
  const flag = (opts: Map<string, string>, name: string, fallback: boolean): boolean => {
    const v = opts.get(name);
    return v === undefined ? fallback : v.toLowerCase() === 'true';
  };
  return {
    prune: flag(l, 'Prune', true),
    pruneLast: flag(l, 'PruneLast', app.pruneLast),
    replace: flag(t, 'Replace', app.replace),
    force: flag(t, 'Force', app.force),
    validate: flag(t, 'Validate', app.validate),
    skipDryRunOnMissingResource: flag(
      t,
      'SkipDryRunOnMissingResource',
      app.skipDryRunOnMissingResource,
    ),
  };
}
