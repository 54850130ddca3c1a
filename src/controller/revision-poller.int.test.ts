import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Application } from '../apis/index.js';
import { silentLogger, type KubeObject } from '../core/index.js';
import { RenderCache, SourceRenderer } from '../render/index.js';
import { GitSource } from '../source/index.js';
import { createGitRepo, type GitRepoFixture } from '../testenv/index.js';
import type { ReconcileContext } from './context.js';
import { pollOnce } from './revision-poller.js';

const configMap = (name: string, value: string): string =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  value: "${value}"\n`;

describe('the revision poller, on a real repository', () => {
  let root: string;
  let repo: GitRepoFixture;
  let renderer: SourceRenderer;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'keelson-poller-'));
    repo = await createGitRepo({
      dir: join(root, 'repo'),
      files: {
        'apps/shop/cm.yaml': configMap('shop', '1'),
        'apps/blog/cm.yaml': configMap('blog', '1'),
        'apps/wiki/cm.yaml': configMap('wiki', '1'),
        'base/common.yaml': configMap('common', '1'),
      },
    });
    renderer = new SourceRenderer({
      git: new GitSource({ cacheDir: join(root, 'cache'), allowLocalRepos: true }),
      tools: {}, // directory sources only
      cache: new RenderCache(),
    });
  });

  afterAll(async () => {
    await repo?.dispose();
    await rm(root, { recursive: true, force: true });
  });

  /** An Application on `path` last compared at `revision`, with an optional generate-paths annotation. */
  const app = (name: string, revision: string, generatePaths?: string): KubeObject =>
    ({
      apiVersion: 'keelson.dev/v1alpha1',
      kind: 'Application',
      metadata: {
        name,
        namespace: 'keelson',
        ...(generatePaths
          ? { annotations: { 'argocd.argoproj.io/manifest-generate-paths': generatePaths } }
          : {}),
      },
      spec: {
        project: 'default',
        source: { repoURL: repo.fileUrl, targetRevision: 'main', path: `apps/${name}` },
        destination: { server: 'https://kubernetes.default.svc', namespace: name },
      },
      status: { sync: { status: 'Synced', revision } },
    }) satisfies Application as unknown as KubeObject;

  function pollWith(apps: readonly KubeObject[]): Promise<[string, boolean][]> {
    const ctx = {
      apps: { list: () => apps },
      secrets: { list: () => [] },
      renderer,
      logger: silentLogger,
    } as unknown as ReconcileContext;
    const queued: [string, boolean][] = [];
    return pollOnce(ctx, (name, first) => queued.push([name, first])).then(() => queued);
  }

  it('queues first the applications whose generate-paths a new commit touched', async () => {
    const before = await repo.revParse();
    // Every application has rendered `before` (the mirror holds it)
    await renderer.render({ repoURL: repo.fileUrl, targetRevision: 'main', path: 'apps/shop' });
    const after = await repo.commit('blog v2', { 'apps/blog/cm.yaml': configMap('blog', '2') });
    const queued = await pollWith([
      app('shop', before, '.'),
      app('blog', before, '.'),
      app('wiki', before, '.;/base'),
      app('legacy', before), // no annotation: every commit concerns it
      app('current', after, '.'), // already at the new commit: not queued
    ]);
    // THEN blog (its path changed) and legacy (no annotation) first, the rest behind
    expect(queued).toEqual([
      ['blog', true],
      ['legacy', true],
      ['shop', false],
      ['wiki', false],
    ]);

    // WHEN a shared base changes THEN the app that declares it goes first
    const later = await repo.commit('common v2', { 'base/common.yaml': configMap('common', '2') });
    expect(later).not.toBe(after);
    const again = await pollWith([app('shop', after, '.'), app('wiki', after, '.;/base')]);
    expect(again).toEqual([
      ['wiki', true],
      ['shop', false],
    ]);
  });
});
