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
  /** Renders kept; the least recently used is dropped first (default 256). */
  readonly maxEntries?: number;
}

/**
 * Rendered manifests by {@link renderCacheKey}: the same commit with the same
 * options is rendered once. Concurrent requests for a key share one render;
 * failures are not cached. Results are deeply frozen, because every caller
 * gets the same objects.
 */
export class RenderCache {
  readonly #entries = new Map<string, readonly RenderedManifest[]>();
  readonly #running = new Map<string, Promise<readonly RenderedManifest[]>>();
  readonly #max: number;
  #hits = 0;
  #misses = 0;

  constructor(options: RenderCacheOptions = {}) {
    this.#max = Math.max(1, options.maxEntries ?? 256);
  }

  get(key: string): readonly RenderedManifest[] | undefined {
    const found = this.#entries.get(key);
    if (found) {
      // Map keeps insertion order: re-inserting marks the entry most recently used.
      this.#entries.delete(key);
      this.#entries.set(key, found);
    }
    return found;
  }

  set(key: string, manifests: readonly RenderedManifest[]): readonly RenderedManifest[] {
    const frozen = deepFreeze([...manifests]);
    this.#entries.delete(key);
    this.#entries.set(key, frozen);
    while (this.#entries.size > this.#max) {
      const oldest = this.#entries.keys().next().value;
      if (oldest === undefined) break;
      this.#entries.delete(oldest);
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

  get stats(): { readonly hits: number; readonly misses: number; readonly entries: number } {
    return { hits: this.#hits, misses: this.#misses, entries: this.#entries.size };
  }

  clear(): void {
    this.#entries.clear();
  }
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
