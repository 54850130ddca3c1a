import { setTimeout as delay } from 'node:timers/promises';
import { isKubeObject, isRecord, type KubeObject } from '../core/index.js';
import { KubeApiError, isGone } from './api-error.js';
import { apiErrorFromStatus, type ClusterConnection, type WatchHandle } from './connection.js';
import type { ApiResource } from './discovery.js';
import { listObjects } from './get.js';
import { collectionPath } from './paths.js';

/** Where a reflector delivers what it sees. */
export interface ReflectorHandlers {
  /** Everything of this type, after a (re)list: replaces what was known. */
  replace(items: readonly KubeObject[]): void;
  upsert(obj: KubeObject): void;
  remove(obj: KubeObject): void;
  /** A failure the reflector will retry; for logging and status. */
  error?(err: unknown): void;
}

export interface ReflectorStats {
  /** Lists done (the first, plus relists). */
  lists: number;
  /** Relists forced by 410 Gone: the server had forgotten the resourceVersion to resume from. */
  relists: number;
  /** Watches resumed from the last resourceVersion after the stream ended or broke. */
  resumes: number;
  events: number;
}

export interface ReflectorOptions {
  readonly labelSelector?: string;
  /** E.g. `metadata.name=web`: watch one object. */
  readonly fieldSelector?: string;
  /** Only this namespace (namespaced types); default: all namespaces. */
  readonly namespace?: string;
  /** First delay after a failure (default 250 ms), doubled up to `maxBackoffMs` (default 30 s). */
  readonly initialBackoffMs?: number;
  readonly maxBackoffMs?: number;
}

/** A watch that lived this long was healthy: the backoff starts over. */
const HEALTHY_WATCH_MS = 10_000;

/**
 * Keeps an up-to-date view of one resource type: lists once, then watches
 * from the list's resourceVersion. When the stream ends or the connection
 * breaks it resumes from the last resourceVersion it saw (events and
 * bookmarks advance it); when the server answers 410 Gone it relists. Same
 * protocol as client-go's reflector; failures back off exponentially.
 */
export class Reflector {
  readonly stats: ReflectorStats = { lists: 0, relists: 0, resumes: 0, events: 0 };
  /** Resolves after the first successful list. */
  readonly synced: Promise<void>;
  private markSynced: () => void = () => {};
  private resourceVersion: string | undefined;
  private stopped = false;
  private watchHandle: WatchHandle | undefined;
  private readonly abort = new AbortController();
  private loop: Promise<void> | undefined;

  constructor(
    private readonly connection: ClusterConnection,
    readonly resource: ApiResource,
    private readonly handlers: ReflectorHandlers,
    private readonly options: ReflectorOptions = {},
  ) {
    this.synced = new Promise((resolve) => (this.markSynced = resolve));
  }

  start(): void {
    this.loop ??= this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.abort.abort();
    this.watchHandle?.abort();
    await this.loop;
  }

  private async run(): Promise<void> {
    const initial = this.options.initialBackoffMs ?? 250;
    let backoff = initial;
    while (!this.stopped) {
      try {
        // A watch after a list starts fresh; any other picks up where the
        // previous one stopped.
        if (this.resourceVersion === undefined) await this.list();
        else this.stats.resumes++;
        const started = Date.now();
        await this.watchOnce();
        if (this.stopped) break;
        if (Date.now() - started > HEALTHY_WATCH_MS) backoff = initial;
        else backoff = await this.pause(backoff);
      } catch (err) {
        if (this.stopped) break;
        if (isGone(err)) {
          this.resourceVersion = undefined;
          this.stats.relists++;
          continue;
        }
        this.handlers.error?.(err);
        // A type we may not list (RBAC) or that vanished must not hold up
        // whoever waits for the first list; we keep retrying in the background.
        if (err instanceof KubeApiError && [403, 404, 405].includes(err.status)) this.markSynced();
        backoff = await this.pause(backoff);
      }
    }
  }

  /** Waits `ms` (unless stopped) and returns the next, doubled delay. */
  private async pause(ms: number): Promise<number> {
    await delay(ms, undefined, { signal: this.abort.signal }).catch(() => undefined);
    return Math.min(ms * 2, this.options.maxBackoffMs ?? 30_000);
  }

  private async list(): Promise<void> {
    const { items, resourceVersion } = await listObjects(this.connection, this.resource, {
      labelSelector: this.options.labelSelector,
      fieldSelector: this.options.fieldSelector,
      namespace: this.options.namespace,
      signal: this.abort.signal,
    });
    this.stats.lists++;
    this.handlers.replace(items);
    this.resourceVersion = resourceVersion;
    this.markSynced();
  }

  private async watchOnce(): Promise<void> {
    const path = collectionPath(this.resource, this.options.namespace);
    let streamError: KubeApiError | undefined;
    const handle = this.connection.watch(
      path,
      {
        resourceVersion: this.resourceVersion,
        allowWatchBookmarks: true,
        labelSelector: this.options.labelSelector,
        fieldSelector: this.options.fieldSelector,
        // The server ends each watch after 5-10 minutes; spreading the
        // timeouts spreads the reconnects.
        timeoutSeconds: 300 + Math.floor(Math.random() * 300),
      },
      (type, object) => {
        if (type === 'ERROR') {
          streamError = apiErrorFromStatus(path, 'watch', 0, object);
          handle.abort();
          return;
        }
        const rv = resourceVersionOf(object);
        if (type === 'BOOKMARK') {
          if (rv) this.resourceVersion = rv;
          return;
        }
        if (!isKubeObject(object)) return;
        this.stats.events++;
        if (type === 'DELETED') this.handlers.remove(object);
        else this.handlers.upsert(object);
        if (rv) this.resourceVersion = rv;
      },
    );
    this.watchHandle = handle;
    try {
      await handle.done;
    } finally {
      this.watchHandle = undefined;
    }
    if (streamError) throw streamError;
  }
}

function resourceVersionOf(object: unknown): string | undefined {
  if (!isRecord(object) || !isRecord(object.metadata)) return undefined;
  const rv = object.metadata.resourceVersion;
  return typeof rv === 'string' && rv ? rv : undefined;
}
