import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeObject } from '../core/index.js';
import {
  GitCommandError,
  GitSource,
  HelmChartSource,
  type ApplicationSource,
} from '../source/index.js';
import {
  createGitRepo,
  ensureTools,
  startGitHttpServer,
  startHelmRepoServer,
  type GitHttpServer,
  type GitRepoFixture,
  type HelmRepoServer,
} from '../testenv/index.js';
import { RenderCache } from './render-cache.js';
import { SourceRenderer } from './render-source.js';
import { GUESTBOOK_CHART, readTree, TESTDATA, underPrefix, writeFiles } from './testdata/files.js';

const credentials = { username: 'deployer', password: 'deploy-pass-123' };

describe('pulling desired state end to end: resolve, fetch, render, cache', () => {
  let root: string;
  let repo: GitRepoFixture;
  let git: GitHttpServer;
  let charts: HelmRepoServer;
  let renderer: SourceRenderer;
  let cache: RenderCache;

  beforeAll(async () => {
    const tools = await ensureTools(['helm', 'kustomize']);
    root = await mkdtemp(join(tmpdir(), 'keelson-pull-'));
    repo = await createGitRepo({
      dir: join(root, 'apps'),
      files: {
        ...(await readTree(
          join(import.meta.dirname, '..', '..', 'examples', 'guestbook'),
          'guestbook',
        )),
        ...underPrefix('charts/guestbook', GUESTBOOK_CHART),
        ...(await readTree(join(TESTDATA, 'directory', 'app'), 'plain')),
      },
    });
    git = await startGitHttpServer({ root, credentials });
    await writeFiles(join(root, 'chart-src', 'guestbook'), GUESTBOOK_CHART);
    charts = await startHelmRepoServer({
      charts: [join(root, 'chart-src', 'guestbook')],
      helm: tools.helm,
    });
    cache = new RenderCache();
    renderer = new SourceRenderer({
      git: new GitSource({ cacheDir: join(root, 'cache') }),
      charts: new HelmChartSource({ cacheDir: join(root, 'cache'), helmBinary: tools.helm }),
      tools: { helm: tools.helm, kustomize: tools.kustomize },
      cache,
    });
  });

  afterAll(async () => {
    await git?.close();
    await charts?.close();
    await rm(root, { recursive: true, force: true });
  });

  const source = (path: string, extra: Partial<ApplicationSource> = {}): ApplicationSource => ({
    repoURL: git.urlFor('apps'),
    targetRevision: 'main',
    path,
    ...extra,
  });

  it('renders a Kustomize overlay from a private repository, then serves the same commit from the cache', async () => {
    // WHEN the prod overlay is rendered twice
    const first = await renderer.render(source('guestbook/overlays/prod'), credentials);
    const rendersAfterFirst = cache.stats.misses;
    const second = await renderer.render(source('guestbook/overlays/prod'), credentials);
    // THEN the second answer is the cached one: same revision, same objects, no render
    expect(first).toMatchObject({
      revision: await repo.revParse(),
      ref: 'refs/heads/main',
      cached: false,
    });
    expect(first.manifests.map((m) => describeObject(m.object))).toContain(
      'Deployment/guestbook-prod/prod-guestbook-ui',
    );
    expect(second.cached).toBe(true);
    expect(second.manifests).toBe(first.manifests);
    expect(cache.stats.misses).toBe(rendersAfterFirst);
  });

  it('renders at a known revision with no network call at all when cached', async () => {
    const { revision } = await renderer.resolve(source('charts/guestbook'), credentials);
    await renderer.renderAt(source('charts/guestbook'), revision, credentials);
    const before = git.requestCount;
    const again = await renderer.renderAt(source('charts/guestbook'), revision, credentials);
    expect(again.cached).toBe(true);
    expect(git.requestCount).toBe(before);
  });

  it('renders again when the commit or the options change', async () => {
    const a = await renderer.render(source('plain'), credentials);
    const b = await renderer.render(
      source('plain', { directory: { include: 'web.yaml' } }),
      credentials,
    );
    expect(b.cached).toBe(false);
    expect(b.manifests.length).toBeLessThan(a.manifests.length);
    await repo.commit('scale', {
      'plain/extra.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: extra}\n',
    });
    const c = await renderer.render(source('plain'), credentials);
    expect(c.cached).toBe(false);
    expect(c.revision).not.toBe(a.revision);
    expect(c.manifests.map((m) => describeObject(m.object))).toContain('ConfigMap/extra');
  });

  it("carries a render over to a commit that leaves the application's generate paths alone", async () => {
    // GIVEN the plain app rendered at the branch head
    const first = await renderer.render(source('plain'), credentials);

    // WHEN a commit changes only another app's files, and the plain app is
    // rendered at it with the commit it was last rendered at and its paths
    await repo.commit('another app', {
      'other/settings.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: other}\n',
    });
    const carry = (from: string) => ({ from, generatePaths: '.' });
    const carried = await renderer.render(
      source('plain'),
      credentials,
      undefined,
      undefined,
      carry(first.revision),
    );

    // THEN it is the same render, the very same objects, now at the new commit
    expect(carried.revision).not.toBe(first.revision);
    expect(carried.manifests.length).toBe(first.manifests.length);
    expect(carried.manifests[0]?.object).toBe(first.manifests[0]?.object);

    // WHEN the next commit touches the plain app
    await repo.commit('plain app', {
      'plain/late.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: late}\n',
    });
    const fresh = await renderer.render(
      source('plain'),
      credentials,
      undefined,
      undefined,
      carry(carried.revision),
    );

    // THEN it is rendered again and shows the change
    expect(fresh.revision).not.toBe(carried.revision);
    expect(fresh.manifests.map((m) => describeObject(m.object))).toContain('ConfigMap/late');
    expect(fresh.manifests[0]?.object).not.toBe(first.manifests[0]?.object);
  });

  it('renders a chart from a Helm repository at a version constraint', async () => {
    const result = await renderer.render({
      repoURL: charts.url,
      chart: 'guestbook',
      targetRevision: '0.1.*',
      helm: { releaseName: 'web' },
    });
    expect(result.revision).toBe('0.1.0');
    expect(result.manifests.find((m) => m.object.kind === 'Deployment')?.origin).toMatchObject({
      type: 'helm',
      chart: 'guestbook',
      version: '0.1.0',
    });
  });

  it('fails loudly — never with an empty list — when the fetch fails', async () => {
    const attempt = renderer.render(source('plain'), { username: 'deployer', password: 'wrong' });
    await expect(attempt).rejects.toBeInstanceOf(GitCommandError);
    await expect(renderer.render(source('no/such/path'), credentials)).rejects.toThrow(
      /application path "no\/such\/path" does not exist/,
    );
  });
});
