import { describe, expect, it } from 'vitest';
import { RenderCache, renderCacheKey } from './render-cache.js';
import type { RenderedManifest } from './types.js';

const manifest: RenderedManifest = {
  object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } },
  origin: { type: 'directory', file: 'a.yaml', document: 0 },
};

describe('render cache', () => {
  const base = {
    repo: 'https://git.example/app',
    revision: 'a'.repeat(40),
    source: { repoURL: 'https://git.example/app', path: 'apps/web' },
  };

  it('keys by revision, path and every option that changes the output, not by key order', () => {
    const key = renderCacheKey(base);
    expect(
      renderCacheKey({
        ...base,
        source: {
          path: 'apps/web',
          repoURL: 'https://GIT.example/app.git',
          targetRevision: 'main',
        },
      }),
    ).toBe(key);
    expect(renderCacheKey({ ...base, revision: 'b'.repeat(40) })).not.toBe(key);
    expect(renderCacheKey({ ...base, source: { ...base.source, path: 'apps/api' } })).not.toBe(key);
    expect(renderCacheKey({ ...base, options: { namespace: 'prod' } })).not.toBe(key);
    const helm = (valuesObject: Record<string, unknown>) =>
      renderCacheKey({ ...base, source: { ...base.source, helm: { valuesObject } } });
    expect(helm({ a: 1, b: 2 })).toBe(helm({ b: 2, a: 1 }));
  });

  it('renders a key once, even when asked concurrently, and serves frozen results', async () => {
    const cache = new RenderCache();
    let renders = 0;
    const render = async () => {
      renders++;
      return [structuredClone(manifest)];
    };
    const [first, second] = await Promise.all([
      cache.getOrRender('k', render),
      cache.getOrRender('k', render),
    ]);
    const third = await cache.getOrRender('k', render);
    expect(renders).toBe(1);
    expect(first.manifests).toBe(second.manifests);
    expect(third).toMatchObject({ hit: true });
    expect(Object.isFrozen(third.manifests[0]?.object.metadata)).toBe(true);
  });

  it('does not cache failures, and drops the least recently used entry when full', async () => {
    const cache = new RenderCache({ maxEntries: 2 });
    await expect(cache.getOrRender('bad', () => Promise.reject(new Error('boom')))).rejects.toThrow(
      'boom',
    );
    expect(cache.get('bad')).toBeUndefined();
    cache.set('a', [manifest]);
    cache.set('b', [manifest]);
    cache.get('a');
    cache.set('c', [manifest]);
    expect([cache.get('a'), cache.get('b'), cache.get('c')].map(Boolean)).toEqual([
      true,
      false,
      true,
    ]);
  });

  it('stays inside its memory budget, evicting the least recently used renders', () => {
    const big = (n: number) =>
      Array.from({ length: n }, (_, i) => ({
        ...manifest,
        object: { ...manifest.object, data: { payload: 'x'.repeat(1000), i: String(i) } },
      }));
    const cache = new RenderCache({ maxBytes: 50_000 });
    cache.set('a', big(10)); // ≈ 22 kB estimated
    cache.set('b', big(10));
    expect(cache.stats.entries).toBe(2);
    cache.get('a');
    cache.set('c', big(10)); // over budget: b, the least recently used, goes
    expect([cache.get('a'), cache.get('b'), cache.get('c')].map(Boolean)).toEqual([
      true,
      false,
      true,
    ]);
    expect(cache.stats.bytes).toBeLessThanOrEqual(50_000);
    // A render larger than the whole budget is kept alone rather than dropped at once.
    cache.set('huge', big(100));
    expect(cache.get('huge')).toHaveLength(100);
    expect(cache.stats.entries).toBe(1);
  });
});
