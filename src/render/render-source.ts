import {
  InvalidSourceError,
  type GitSource,
  type HelmChartSource,
  safeDisplay,
  type ApplicationSource,
  type RepoCredentials,
  type RevisionFreshness,
  touchesGeneratePaths,
} from '../source/index.js';
import { RenderCache, renderCacheKey } from './render-cache.js';
import { renderManifests } from './render.js';
import type { RenderedManifest, RenderOptions, RenderTools } from './types.js';

export interface SourceRendererOptions {
  readonly git: GitSource;
  /** Needed for sources with a `chart`. */
  readonly charts?: HelmChartSource;
  readonly tools: RenderTools;
  /** Shared render cache; default: a private one. */
  readonly cache?: RenderCache;
  /** Defaults for every render; per-call options override them. */
  readonly options?: Partial<RenderOptions>;
}

/** Manifests of a source at a revision. */
export interface RenderResult {
  /** The commit SHA (Git) or chart version (Helm repository) that was rendered. */
  readonly revision: string;
  /** The ref the revision came from (`refs/heads/main`), when known. */
  readonly ref?: string;
  readonly manifests: readonly RenderedManifest[];
  /** True when served from the render cache. */
  readonly cached: boolean;
}

/**
 * An earlier render of the same source that a new commit may leave valid:
 * when the commits between `from` and the new one touch none of the
 * application's manifest-generate-paths, the render is carried over instead
 * of checking out and rendering again (as Argo CD does). A commit to a
 * monorepo then costs one render, not one per application in it.
 */
export interface RenderCarryOver {
  /** The commit last rendered for this application. */
  readonly from: string;
  /** Its manifest-generate-paths annotation (see `touchesGeneratePaths`). */
  readonly generatePaths: string;
}

const FULL_SHA = /^[0-9a-f]{40}$/;

/**
 * The whole "pull desired state" path for an Application source: resolve the
 * target revision (one ls-remote, or the chart index), then return the render
 * cache's entry for (revision, path, options) or check out and render. The
 * controller polls with {@link GitSource.hasMoved} and calls
 * {@link SourceRenderer.renderAt} with a known revision, which costs no
 * network call and no render when nothing changed.
 */
export class SourceRenderer {
  readonly cache: RenderCache;
  readonly #o: SourceRendererOptions;

  constructor(options: SourceRendererOptions) {
    this.#o = options;
    this.cache = options.cache ?? new RenderCache();
  }

  /** Resolves the source's target revision to a commit SHA or chart version. */
  async resolve(
    source: ApplicationSource,
    credentials?: RepoCredentials,
    freshness?: RevisionFreshness,
  ): Promise<{ revision: string; ref?: string }> {
    if (source.chart) {
      const version = await this.#charts(source).resolveVersion(
        chartRef(source, credentials),
        source.targetRevision,
      );
      return { revision: version };
    }
    const resolved = await this.#o.git.resolveRevision(
      repoRef(source, credentials),
      source.targetRevision ?? 'HEAD',
      freshness,
    );
    return { revision: resolved.sha, ...(resolved.ref ? { ref: resolved.ref } : {}) };
  }

  /**
   * Files of the source's repository that differ between two commits, or
   * `undefined` for a chart source (a chart version is not a tree to diff).
   */
  async changedFiles(
    source: ApplicationSource,
    from: string,
    to: string,
    credentials?: RepoCredentials,
  ): Promise<string[] | undefined> {
    if (source.chart) return undefined;
    return this.#o.git.changedFiles(repoRef(source, credentials), from, to);
  }

  /** Resolves, then renders (or serves from the cache). */
  async render(
    source: ApplicationSource,
    credentials?: RepoCredentials,
    options?: Partial<RenderOptions>,
    freshness?: RevisionFreshness,
    carry?: RenderCarryOver,
  ): Promise<RenderResult> {
    const resolved = await this.resolve(source, credentials, freshness);
    const result = await this.renderAt(source, resolved.revision, credentials, options, carry);
    return resolved.ref ? { ...result, ref: resolved.ref } : result;
  }

  /**
   * Renders the source at a known revision (full SHA or exact chart version);
   * the cache is consulted first, then `carry` (see {@link RenderCarryOver}).
   */
  async renderAt(
    source: ApplicationSource,
    revision: string,
    credentials?: RepoCredentials,
    options?: Partial<RenderOptions>,
    carry?: RenderCarryOver,
  ): Promise<RenderResult> {
    const opts = { ...this.#o.options, ...options };
    const repo = source.chart
      ? `${source.repoURL.trim().replace(/\/+$/, '')}#${source.chart}`
      : this.#o.git.parseUrl(source.repoURL).key;
    const keyAt = (rev: string): string =>
      renderCacheKey({ repo, revision: rev, source, options: opts, tools: this.#o.tools });
    const { manifests, hit } = await this.cache.getOrRender(keyAt(revision), async () => {
      const carried =
        carry && (await this.#carriedOver(source, revision, credentials, carry, keyAt));
      if (carried) return carried;
      if (source.chart) {
        const chart = await this.#charts(source).pull(chartRef(source, credentials), revision);
        return renderManifests({ ...source, path: chart.path }, chart.dir, this.#o.tools, opts);
      }
      const checkout = await this.#o.git.checkout(repoRef(source, credentials), revision);
      return renderManifests(source, checkout.dir, this.#o.tools, opts);
    });
    return { revision, manifests, cached: hit };
  }

  /** The render at `carry.from`, if cached and no commit since touched the generate paths. */
  async #carriedOver(
    source: ApplicationSource,
    revision: string,
    credentials: RepoCredentials | undefined,
    carry: RenderCarryOver,
    keyAt: (revision: string) => string,
  ): Promise<readonly RenderedManifest[] | undefined> {
    if (source.chart || carry.from === revision || !FULL_SHA.test(carry.from)) return undefined;
    const prior = this.cache.get(keyAt(carry.from));
    if (!prior) return undefined;
    // Unknown changes (a commit the mirror does not have) count as touching everything.
    const changed = await this.changedFiles(source, carry.from, revision, credentials).catch(
      () => undefined,
    );
    return touchesGeneratePaths(changed, source.path, carry.generatePaths) ? undefined : prior;
  }

  #charts(source: ApplicationSource): HelmChartSource {
    if (!this.#o.charts)
      throw new InvalidSourceError(
        safeDisplay(source.repoURL),
        'this source names a chart, but no Helm chart source is configured',
      );
    return this.#o.charts;
  }
}

function repoRef(source: ApplicationSource, credentials: RepoCredentials | undefined) {
  return { url: source.repoURL, ...(credentials ? { credentials } : {}) };
}

function chartRef(source: ApplicationSource, credentials: RepoCredentials | undefined) {
  return {
    repoURL: source.repoURL,
    chart: source.chart ?? '',
    ...(credentials ? { credentials } : {}),
  };
}
