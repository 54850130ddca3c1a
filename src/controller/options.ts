import type { ShardBy } from './shards.js';
import { DEFAULT_RENDER_CACHE_BYTES, type RenderTools } from '../render/index.js';
import { DEFAULT_STATUS_RESOURCES_LIMIT } from './status-limit.js';
import { DEFAULT_PROGRESS_INTERVAL_MS } from './status-writes.js';

/** How the controller runs. Defaults: {@link defaultControllerOptions}. */
export interface ControllerOptions {
  /** Namespace of Applications, AppProjects and credential Secrets. */
  readonly namespace: string;
  /** Periodic comparison with Git (default 3 min, like Argo CD). */
  readonly resyncPeriodMs: number;
  /** Up to this fraction of the period is added at random, so apps do not poll in lockstep (default 0.2). */
  readonly resyncJitter: number;
  /** Applications compared at once (default 10). */
  readonly statusProcessors: number;
  /** Sync operations at once (default 5). */
  readonly operationProcessors: number;
  /** Let applications use `file://` repositories (local use only; off in a cluster). */
  readonly allowLocalRepos: boolean;
  /** Where Git mirrors, trees and charts are cached. */
  readonly cacheDir: string;
  readonly tools: RenderTools;
  /** Unique per replica: leader-election identity and event source. */
  readonly identity: string;
  /** Campaign for a Lease before acting (default true). */
  readonly leaderElection: boolean;
  /** How long a sync wave may take to become healthy (default 5 min). */
  readonly waveTimeoutMs: number;
  /** Memory budget of the render cache in bytes (default 128 MiB). */
  readonly renderCacheBytes: number;
  /** Git network operations (ls-remote, fetch) at once (default 4). */
  readonly gitConcurrency: number;
  /** Open connections to each Kubernetes API server at most (default 32). */
  readonly kubeMaxConnections: number;
  /**
   * Shards the applications are split into (default 1: one leader does all).
   * With more, replicas hold shards through Leases and share them fairly.
   */
  readonly shards: number;
  /** Split by application name, or keep each destination cluster on one replica. */
  readonly shardBy: ShardBy;
  /**
   * How often each followed branch or tag is checked for a new commit (one
   * `ls-remote` per repository and revision, whatever the number of apps);
   * default 30 s, 0 turns it off (then only the resync and webhooks notice).
   */
  readonly repoPollIntervalMs: number;
  /**
   * Per-resource entries an Application's status lists at most, in
   * `status.resources` and in a sync result (default 1,000): the rest are
   * counted in `status.resourcesSummary` and shown by the API's resource tree.
   */
  readonly statusResourcesLimit: number;
  /**
   * A comparison that finds nothing new writes its status (`reconciledAt`)
   * only when the last write is this old (default 10 min; 0: every
   * comparison, as Argo CD). See `ComparisonStatusWrites`.
   */
  readonly statusHeartbeatMs: number;
  /**
   * How long intermediate states wait to be written (default 3 s; 0: at
   * once): an automated sync's Running state is written once it has run this
   * long (`OperationProgress`); while an application stays Progressing and
   * only its resources' health changed, its status is written at most this
   * often (`ComparisonStatusWrites`).
   */
  readonly statusProgressIntervalMs: number;
}

export function defaultControllerOptions(
  required: Pick<ControllerOptions, 'namespace' | 'cacheDir' | 'tools' | 'identity'>,
): ControllerOptions {
  return {
    resyncPeriodMs: 3 * 60_000,
    resyncJitter: 0.2,
    statusProcessors: 10,
    operationProcessors: 5,
    allowLocalRepos: false,
    leaderElection: true,
    waveTimeoutMs: 5 * 60_000,
    renderCacheBytes: DEFAULT_RENDER_CACHE_BYTES,
    gitConcurrency: 4,
    kubeMaxConnections: 32,
    shards: 1,
    shardBy: 'application',
    repoPollIntervalMs: 30_000,
    statusResourcesLimit: DEFAULT_STATUS_RESOURCES_LIMIT,
    statusHeartbeatMs: 10 * 60_000,
    statusProgressIntervalMs: DEFAULT_PROGRESS_INTERVAL_MS,
    ...required,
  };
}
