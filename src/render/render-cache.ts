import { createHash } from 'node:crypto';
import type { ApplicationSource } from '../source/index.js';
import { sortKeysDeep } from './output.js';
import type { RenderedManifest, RenderOptions, RenderTools } from './types.js';

/** What identifies a render: the commit (or chart version), the path, and every option that changes output. */
export interface RenderCacheKeyParts {
  /** Normalized repository (or chart repository + chart) identity. */
  readonly repo: string;
  /** Commit SHA, or chart version. */
  readonly revision: string;
  readonly source: ApplicationSource;
  readonly options?: Partial<RenderOptions>;
  readonly tools?: RenderTools;
}

/** sha256 over a canonical (key-sorted) JSON of the parts that affect the output. */
export function renderCacheKey(parts: RenderCacheKeyParts): string {
  // repoURL and targetRevision are already in `repo` and `revision` (resolved).
  const sourceOptions = { ...parts.source, repoURL: undefined, targetRevision: undefined };
  const o = parts.options ?? {};
  const material = sortKeysDeep({
    repo: parts.repo,
    revision: parts.revision,
    source: sourceOptions,
    options: {
      appName: o.appName,
      namespace: o.namespace,
      kubeVersion: o.kubeVersion,
      apiVersions: o.apiVersions,
      allowRemoteBases: o.allowRemoteBases,
      allowEmpty: o.allowEmpty,
      maxDocumentBytes: o.maxDocumentBytes,
      maxFileBytes: o.maxFileBytes,
      maxAliasCount: o.maxAliasCount,
    },
    tools: parts.tools ?? {},
  });
  return createHash('sha256').update(JSON.stringify(material)).digest('hex');
}

export interface RenderCacheOptions {
  /**
   * Memory budget in bytes (default 128 MiB, `KEELSON_RENDER_CACHE_MB` on the
   * controller): the least recently used renders are dropped first once the
   * estimated size of all cached manifests exceeds it.
   */
  readonly maxBytes?: number;
  /** Renders kept at most, whatever their size (default: no limit but the budget). */
  readonly maxEntries?: number;
}

/** Default memory budget of the render cache. */
export const DEFAULT_RENDER_CACHE_BYTES = 128 * 1024 * 1024;

/**
 * Rough in-memory size of rendered manifests: their JSON length times two
 * (UTF-16 strings plus object overhead). Measured once per render; an
 * estimate is enough to keep the cache inside its budget.
 */
function estimateBytes(manifests: readonly RenderedManifest[]): number {
  let length = 0;
  for (const m of manifests) length += JSON.stringify(m.object).length + 64;
  return length * 2;
}

/**
 * Rendered manifests by {@link renderCacheKey}: the same commit with the same
 * options is rendered once. Concurrent requests for a key share one render;
 * failures are not cached. Results are deeply frozen, because every caller
 * gets the same objects.
 */
interface CacheEntry {
  readonly manifests: readonly RenderedManifest[];
  readonly bytes: number;
}

export class RenderCache {
  readonly #entries = new Map<string, CacheEntry>();
  readonly #running = new Map<string, Promise<readonly RenderedManifest[]>>();
  readonly #maxEntries: number;
  readonly #maxBytes: number;
  #bytes = 0;
  #hits = 0;
  #misses = 0;

  constructor(options: RenderCacheOptions = {}) {
    this.#maxEntries = Math.max(1, options.maxEntries ?? Number.POSITIVE_INFINITY);
    this.#maxBytes = Math.max(1, options.maxBytes ?? DEFAULT_RENDER_CACHE_BYTES);
  }

  get(key: string): readonly RenderedManifest[] | undefined {
    const found = this.#entries.get(key);
    if (found) {
      // Map keeps insertion order: re-inserting marks the entry most recently used.
      this.#entries.delete(key);
      this.#entries.set(key, found);
    }
    return found?.manifests;
  }

  set(key: string, manifests: readonly RenderedManifest[]): readonly RenderedManifest[] {
    const frozen = deepFreeze([...manifests]);
    this.#remove(key);
    const bytes = estimateBytes(frozen);
    this.#entries.set(key, { manifests: frozen, bytes });
    this.#bytes += bytes;
    // Evict the least recently used, but never the entry just added: a render
    // larger than the whole budget is still served to its callers.
    while (
      this.#entries.size > 1 &&
      (this.#entries.size > this.#maxEntries || this.#bytes > this.#maxBytes)
    ) {
      const oldest = this.#entries.keys().next().value;
      if (oldest === undefined || oldest === key) break;
      this.#remove(oldest);
    }
    return frozen;
  }

  /** The cached manifests for `key`, or the result of `render` (shared with concurrent callers). */
  async getOrRender(
    key: string,
    render: () => Promise<readonly RenderedManifest[]>,
  ): Promise<{ readonly manifests: readonly RenderedManifest[]; readonly hit: boolean }> {
    const cached = this.get(key);
    if (cached) {
      this.#hits++;
      return { manifests: cached, hit: true };
    }
    this.#misses++;
    let running = this.#running.get(key);
    if (!running) {
      running = render()
        .then((m) => this.set(key, m))
        .finally(() => this.#running.delete(key));
      this.#running.set(key, running);
    }
    return { manifests: await running, hit: false };
  }

  get stats(): {
    readonly hits: number;
    readonly misses: number;
    readonly entries: number;
    readonly bytes: number;
  } {
    return {
      hits: this.#hits,
      misses: this.#misses,
      entries: this.#entries.size,
      bytes: this.#bytes,
    };
  }

  clear(): void {
    this.#entries.clear();
    this.#bytes = 0;
  }

  #remove(key: string): void {
    const entry = this.#entries.get(key);
    if (!entry) return;
    this.#entries.delete(key);
    this.#bytes -= entry.bytes;
  }
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
