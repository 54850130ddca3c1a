import {
  TimeoutError,
  TRACKING_LABEL,
  formatResourceKey,
  resourceKeyOf,
  type KubeObject,
  type ResourceKey,
} from '../core/index.js';
import type { ClusterConnection } from './connection.js';
import { establishedKindOf } from './crd-kind.js';
import type { ApiResource } from './discovery.js';
import { leanObject } from './lean.js';
import { Reflector, type ReflectorStats } from './reflector.js';
import { trackingOwner } from './tracking.js';

export interface LiveStateCacheOptions {
  /** Which objects to keep (default: every object with the `keelson.dev/app` label). */
  readonly labelSelector?: string;
  /** Which resource types to watch (default: {@link isWatchableResource}). */
  readonly includeResource?: (resource: ApiResource) => boolean;
  /** Deadline for the first list of every type (default 60 s). */
  readonly syncTimeoutMs?: number;
  /** Called with failures the cache retries (lists, watches); for logs. */
  readonly onError?: (err: unknown, resource: ApiResource) => void;
}

/** A change seen by the cache; `app` is the owner per the tracking marker, if any. */
export interface LiveStateChange {
  readonly type: 'upsert' | 'delete';
  readonly key: ResourceKey;
  readonly app: string | undefined;
}

/**
 * A write whose result the cache should show: the object at `key` now has
 * `resourceVersion`, and before it had `replacedVersion` (none: created).
 */
export interface ObservedWrite {
  readonly key: ResourceKey;
  readonly resourceVersion: string;
  readonly replacedVersion?: string;
}

export interface LiveStateCacheStats extends ReflectorStats {
  readonly resourceTypes: number;
  readonly objects: number;
}

interface Entry {
  readonly obj: KubeObject;
  readonly app: string | undefined;
}

const CRD_GROUP = 'apiextensions.k8s.io';
/** CRD events arrive in bursts (create, then Established): refresh the watched types once per burst. */
const TYPE_REFRESH_DEBOUNCE_MS = 200;
/**
 * Discovery can lag an Established CRD by a moment: the refresh is then
 * retried, doubling the delay from the debounce up to this, as many times
 * as {@link DISCOVERY_LAG_RETRIES} (about a minute in all).
 */
const DISCOVERY_LAG_MAX_DELAY_MS = 5_000;
const DISCOVERY_LAG_RETRIES = 16;

/** Kinds worth watching: listable and watchable, writable, and not Events. */
export function isWatchableResource(resource: ApiResource): boolean {
  const verbs = new Set(resource.verbs);
  return verbs.has('list') && verbs.has('watch') && verbs.has('patch') && resource.kind !== 'Event';
}

const typeKey = (r: ApiResource): string => `${r.group}/${r.kind}`;

/**
 * A watch-based cache of the live objects applications own, for one
 * cluster. It lists every watchable resource type once, selecting objects by
 * the tracking label, then keeps each type current with a {@link Reflector}
 * (resume on disconnect, relist on 410 Gone). Ownership comes from the
 * tracking annotation, so a copied object with our label is not counted as
 * anyone's. Objects are kept lean ({@link leanObject}).
 *
 * It also watches CustomResourceDefinitions (keeping only the kinds of
 * Established ones): when one changes, discovery is refreshed and types that
 * appeared or disappeared start or stop being watched. While discovery does
 * not show an Established CRD's kind yet, the refresh is retried, so the
 * kind is watched even if no further CRD event comes.
 */
export class LiveStateCache {
  private readonly entries = new Map<string, Entry>();
  private readonly byType = new Map<string, Set<string>>();
  private readonly byApp = new Map<string, Set<string>>();
  private readonly reflectors = new Map<string, Reflector>();
  private readonly listeners = new Set<(change: LiveStateChange) => void>();
  private readonly retired: ReflectorStats = { lists: 0, relists: 0, resumes: 0, events: 0 };
  private crdReflector: Reflector | undefined;
  /** `group/kind` of every Established CRD, by CRD name. */
  private readonly establishedKinds = new Map<string, string>();
  private lagRetries = 0;
  private refreshTimer: NodeJS.Timeout | undefined;
  private refreshing: Promise<void> = Promise.resolve();
  private stopped = false;

  private constructor(
    private readonly connection: ClusterConnection,
    private readonly options: LiveStateCacheOptions,
  ) {}

  /** Starts watching and resolves once every type has been listed. */
  static async start(
    connection: ClusterConnection,
    options: LiveStateCacheOptions = {},
  ): Promise<LiveStateCache> {
    const cache = new LiveStateCache(connection, options);
    await cache.refreshTypes();
    await cache.watchCrds();
    return cache;
  }

  /** The objects `app` owns, sorted by key. */
  objectsOf(app: string): KubeObject[] {
    const keys = [...(this.byApp.get(app) ?? [])].sort();
    return keys.flatMap((k) => {
      const entry = this.entries.get(k);
      return entry ? [entry.obj] : [];
    });
  }

  /** The cached object with this key, whoever owns it. */
  get(key: ResourceKey): KubeObject | undefined {
    return this.entries.get(formatResourceKey(key))?.obj;
  }

  /**
   * Whether the cache shows `write`: its copy has the written version, or
   * one other than the version the write replaced (resourceVersions are
   * opaque, so "newer" cannot be told; a copy that is neither is a later one).
   */
  private shows(write: ObservedWrite): boolean {
    const version = this.get(write.key)?.metadata.resourceVersion;
    return (
      version !== undefined &&
      (version === write.resourceVersion || version !== write.replacedVersion)
    );
  }

  /**
   * Resolves `true` once the cache shows every write (see {@link shows}),
   * `false` if `timeoutMs` passes or `signal` aborts first: read-your-writes
   * for a comparison right after a sync.
   */
  async waitToShow(
    writes: readonly ObservedWrite[],
    timeoutMs: number,
    signal?: AbortSignal,
  ): Promise<boolean> {
    // Keyed, so each change costs one lookup however many writes a sync made.
    const pending = new Map<string, ObservedWrite>();
    for (const w of writes) if (!this.shows(w)) pending.set(formatResourceKey(w.key), w);
    if (pending.size === 0) return true;
    if (signal?.aborted) return false;
    return new Promise<boolean>((resolve) => {
      const done = (shown: boolean): void => {
        clearTimeout(timer);
        unsubscribe();
        signal?.removeEventListener('abort', aborted);
        resolve(shown);
      };
      const aborted = (): void => done(false);
      const timer = setTimeout(() => done(false), timeoutMs);
      const unsubscribe = this.onChange((change) => {
        const k = formatResourceKey(change.key);
        const write = pending.get(k);
        if (write && this.shows(write)) pending.delete(k);
        if (pending.size === 0) done(true);
      });
      signal?.addEventListener('abort', aborted, { once: true });
    });
  }

  /** Subscribes to changes; returns the unsubscribe function. */
  onChange(listener: (change: LiveStateChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  stats(): LiveStateCacheStats {
    const total = { ...this.retired };
    for (const r of [
      ...this.reflectors.values(),
      ...(this.crdReflector ? [this.crdReflector] : []),
    ]) {
      total.lists += r.stats.lists;
      total.relists += r.stats.relists;
      total.resumes += r.stats.resumes;
      total.events += r.stats.events;
    }
    return { ...total, resourceTypes: this.reflectors.size, objects: this.entries.size };
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.refreshTimer);
    await this.refreshing;
    await Promise.all([...this.reflectors.values(), this.crdReflector].map((r) => r?.stop()));
    this.reflectors.clear();
  }

  private async watchCrds(): Promise<void> {
    const crd = (await this.connection.discovery.preferredResources()).find(
      (r) => r.group === CRD_GROUP && r.kind === 'CustomResourceDefinition',
    );
    if (!crd) return;
    const track = (crds: readonly KubeObject[], reset: boolean): void => {
      if (reset) this.establishedKinds.clear();
      for (const c of crds) {
        const kind = establishedKindOf(c);
        if (kind) this.establishedKinds.set(c.metadata.name ?? '', kind);
        else this.establishedKinds.delete(c.metadata.name ?? '');
      }
      this.lagRetries = 0;
      this.scheduleRefresh(TYPE_REFRESH_DEBOUNCE_MS);
    };
    this.crdReflector = new Reflector(this.connection, crd, {
      replace: (items) => track(items, true),
      upsert: (obj) => track([obj], false),
      remove: (obj) => {
        this.establishedKinds.delete(obj.metadata.name ?? '');
        track([], false);
      },
      error: (err) => this.options.onError?.(err, crd),
    });
    this.crdReflector.start();
    await this.crdReflector.synced;
  }

  private scheduleRefresh(delayMs: number): void {
    if (this.stopped) return;
    clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => {
      this.refreshing = this.refreshing
        .then(() => this.refreshTypes())
        .then((lagging) => {
          if (!lagging || this.lagRetries >= DISCOVERY_LAG_RETRIES) return;
          this.lagRetries++;
          const delay = TYPE_REFRESH_DEBOUNCE_MS * 2 ** this.lagRetries;
          this.scheduleRefresh(Math.min(delay, DISCOVERY_LAG_MAX_DELAY_MS));
        })
        .catch(() => undefined);
    }, delayMs);
  }

  /**
   * Starts reflectors for types that appeared, stops those of types that
   * disappeared; true when discovery lags: it misses an Established CRD's kind.
   */
  private async refreshTypes(): Promise<boolean> {
    if (this.stopped) return false;
    const discovery = this.connection.discovery;
    discovery.invalidate();
    const include = this.options.includeResource ?? isWatchableResource;
    const served = await discovery.preferredResources();
    const shown = new Set(served.map(typeKey));
    const lagging = [...this.establishedKinds.values()].some((k) => !shown.has(k));
    const wanted = new Map(served.filter(include).map((r) => [typeKey(r), r]));
    for (const [key, reflector] of this.reflectors) {
      const want = wanted.get(key);
      if (!want || want.version !== reflector.resource.version) {
        this.reflectors.delete(key);
        await reflector.stop();
        this.addRetired(reflector.stats);
        this.replaceType(key, []);
      }
    }
    const started: Reflector[] = [];
    for (const [key, resource] of wanted) {
      if (this.reflectors.has(key)) continue;
      const reflector = new Reflector(
        this.connection,
        resource,
        {
          replace: (items) => this.replaceType(key, items),
          upsert: (obj) => this.upsert(key, obj),
          remove: (obj) => this.remove(key, obj),
          error: (err) => this.options.onError?.(err, resource),
        },
        { labelSelector: this.options.labelSelector ?? TRACKING_LABEL },
      );
      this.reflectors.set(key, reflector);
      reflector.start();
      started.push(reflector);
    }
    await withDeadline(
      Promise.all(started.map((r) => r.synced)),
      this.options.syncTimeoutMs ?? 60_000,
      `the first list of ${started.length} resource types`,
    );
    return lagging;
  }

  private addRetired(stats: ReflectorStats): void {
    this.retired.lists += stats.lists;
    this.retired.relists += stats.relists;
    this.retired.resumes += stats.resumes;
    this.retired.events += stats.events;
  }

  private replaceType(type: string, items: readonly KubeObject[]): void {
    const fresh = new Set(items.map((o) => formatResourceKey(resourceKeyOf(o))));
    for (const k of this.byType.get(type) ?? []) {
      const entry = this.entries.get(k);
      if (entry && !fresh.has(k)) this.remove(type, entry.obj);
    }
    for (const obj of items) this.upsert(type, obj);
  }

  private upsert(type: string, raw: KubeObject): void {
    const app = trackingOwner(raw);
    if (app === undefined && isEndpointsCopy(raw)) {
      this.remove(type, raw);
      return;
    }
    const obj = leanObject(raw);
    const key = resourceKeyOf(obj);
    const k = formatResourceKey(key);
    const previous = this.entries.get(k);
    if (previous?.app !== undefined && previous.app !== app)
      this.byApp.get(previous.app)?.delete(k);
    this.entries.set(k, { obj, app });
    setOf(this.byType, type).add(k);
    if (app !== undefined) setOf(this.byApp, app).add(k);
    this.emit({ type: 'upsert', key, app });
  }

  private remove(type: string, obj: KubeObject): void {
    const key = resourceKeyOf(obj);
    const k = formatResourceKey(key);
    const entry = this.entries.get(k);
    if (!entry) return;
    this.entries.delete(k);
    this.byType.get(type)?.delete(k);
    if (entry.app !== undefined) this.byApp.get(entry.app)?.delete(k);
    this.emit({ type: 'delete', key, app: entry.app });
  }

  private emit(change: LiveStateChange): void {
    for (const listener of this.listeners) listener(change);
  }
}

/**
 * Endpoints and EndpointSlices the control plane made for a Service: it
 * copies the Service's labels, our tracking label included, but not its
 * annotations, so they carry the label and no owner. Nobody compares or
 * syncs them, and they change whenever a Pod comes or goes; Argo CD leaves
 * both kinds out altogether. An application that declares its own
 * Endpoints still has them tracked (they carry its annotation).
 */
function isEndpointsCopy(obj: KubeObject): boolean {
  return (
    (obj.kind === 'Endpoints' && obj.apiVersion === 'v1') ||
    (obj.kind === 'EndpointSlice' && obj.apiVersion.startsWith('discovery.k8s.io/'))
  );
}

function setOf(map: Map<string, Set<string>>, key: string): Set<string> {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  return set;
}

async function withDeadline<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(what, timeoutMs)), timeoutMs);
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
