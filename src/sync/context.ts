import pLimit, { type LimitFunction } from 'p-limit';
import { withRetry, withTrackingMarker, type ClusterConnection } from '../cluster/index.js';
import { omitKeys, parseApiVersion, type KubeObject } from '../core/index.js';
import type { SyncOptions } from './options.js';
import type { ResourceResult, SyncProgress, SyncTask } from './types.js';

/**
 * The state of one running sync, shared by the steps that execute it: the
 * connection, the options, the results recorded so far, and a request limit.
 */
export class SyncRun {
  private readonly results = new Map<string, ResourceResult>();
  readonly limit: LimitFunction;
  /** Set once the sync has waited on a wave: objects missing at comparison are looked up again before they are created. */
  waited = false;

  constructor(
    readonly connection: ClusterConnection,
    readonly options: SyncOptions,
    private readonly onProgress?: (progress: SyncProgress) => void,
  ) {
    this.limit = pLimit(options.concurrency);
  }

  /** Records (or updates) the outcome of a task and reports it. */
  record(
    task: SyncTask,
    outcome: Pick<ResourceResult, 'status' | 'message'> & Partial<ResourceResult>,
  ): ResourceResult {
    const previous = this.results.get(task.id);
    const result: ResourceResult = {
      key: task.key,
      version: versionOf(task),
      phase: task.phase,
      wave: task.wave,
      action: task.action,
      ...(task.action === 'hook' ? { hookType: task.phase } : {}),
      ...previous,
      ...outcome,
    };
    this.results.set(task.id, result);
    this.onProgress?.({ type: 'resource', result });
    return result;
  }

  /** Adds details (health, message) to a task's result, or to its planned one. */
  annotate(task: SyncTask, details: Partial<ResourceResult>): void {
    const base = this.results.get(task.id) ?? task.planned;
    if (base) this.record(task, { status: base.status, message: base.message, ...details });
  }

  result(task: SyncTask): ResourceResult | undefined {
    return this.results.get(task.id);
  }

  progress(event: SyncProgress): void {
    this.onProgress?.(event);
  }

  /** Runs an API call with the sync's retry policy for transient errors. */
  retry<T>(fn: () => Promise<T>): Promise<T> {
    return withRetry(fn, { ...this.options.retry, signal: this.options.signal });
  }

  /** The object as it is sent: with this application's tracking marker, named `name` if it had only a generateName. */
  outgoing(target: KubeObject, name?: string): KubeObject {
    if (target.metadata.name || !name) return withTrackingMarker(target, this.options.app);
    const metadata = { ...omitKeys(target.metadata, 'generateName'), name };
    return withTrackingMarker({ ...target, metadata }, this.options.app);
  }
}

/** The version part of the task's object's apiVersion (`v1` of `apps/v1`). */
function versionOf(task: SyncTask): string {
  const apiVersion = (task.target ?? task.live)?.apiVersion;
  return apiVersion ? parseApiVersion(apiVersion).version : '';
}
