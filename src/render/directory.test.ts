import { cp, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeObject } from '../core/index.js';
import { PathEscapeError, PathNotFoundError } from '../source/index.js';
import {
  DuplicateManifestError,
  ManifestTooLargeError,
  NoManifestsError,
  RenderTimeoutError,
} from './errors.js';
import { renderManifests } from './render.js';
import { TESTDATA } from './testdata/files.js';
import type { RenderedManifest } from './types.js';

const names = (ms: readonly RenderedManifest[]) => ms.map((m) => describeObject(m.object));

describe('rendering a directory of manifests', () => {
  let repo: string;
  beforeAll(async () => {
    repo = await mkdtemp(join(tmpdir(), 'keelson-dir-render-'));
    await cp(join(TESTDATA, 'directory'), repo, { recursive: true });
  });
  afterAll(() => rm(repo, { recursive: true, force: true }));

  it('reads YAML, YML and JSON files in path order, multi-document files and Lists, skipping hidden files', async () => {
    // WHEN the app directory is rendered without recursion
    const out = await renderManifests({ repoURL: 'local', path: 'app' }, repo, {});
    // THEN every object appears once, with the file and document it came from
    expect(names(out)).toEqual([
      'ConfigMap/web',
      'ServiceAccount/web',
      'Secret/web-token',
      'Deployment/web',
      'Service/web',
    ]);
    expect(out[3]?.origin).toEqual({ type: 'directory', file: 'app/web.yaml', document: 0 });
    expect(out[4]?.origin).toEqual({ type: 'directory', file: 'app/web.yaml', document: 2 });
    // AND YAML anchors and octal modes come out as Kubernetes reads them
    expect(out[3]?.object).toMatchObject({
      spec: {
        selector: { matchLabels: { app: 'web' } },
        template: { spec: { volumes: [{ configMap: { defaultMode: 420 } }] } },
      },
    });
  });

  it('recurses on request, with include and exclude globs', async () => {
    const all = await renderManifests(
      { repoURL: 'local', path: 'app', directory: { recurse: true, exclude: 'values.yaml' } },
      repo,
      {},
    );
    expect(names(all)).toContain('Job/migrate');
    const onlyYaml = await renderManifests(
      {
        repoURL: 'local',
        path: 'app',
        directory: { recurse: true, include: '*.yaml', exclude: '{values.yaml,web.yaml}' },
      },
      repo,
      {},
    );
    expect(names(onlyYaml)).toEqual(['Job/migrate']);
    const byPath = await renderManifests(
      { repoURL: 'local', path: 'app', directory: { recurse: true, include: 'nested/job.yaml' } },
      repo,
      {},
    );
    expect(names(byPath)).toEqual(['Job/migrate']);
  });

  it('fails on a non-manifest file instead of skipping it', async () => {
    await expect(
      renderManifests({ repoURL: 'local', path: 'app', directory: { recurse: true } }, repo, {}),
    ).rejects.toThrow('app/nested/values.yaml:2: document 0 is not a Kubernetes object');
  });

  it('refuses an empty result, a missing path and a path outside the checkout', async () => {
    await expect(
      renderManifests(
        { repoURL: 'local', path: 'app', directory: { include: '*.nothing' } },
        repo,
        {},
      ),
    ).rejects.toThrow(NoManifestsError);
    expect(
      await renderManifests(
        { repoURL: 'local', path: 'app', directory: { include: '*.nothing' } },
        repo,
        {},
        { allowEmpty: true },
      ),
    ).toEqual([]);
    await expect(renderManifests({ repoURL: 'local', path: 'missing' }, repo, {})).rejects.toThrow(
      PathNotFoundError,
    );
    await expect(renderManifests({ repoURL: 'local', path: '../..' }, repo, {})).rejects.toThrow(
      PathEscapeError,
    );
    await expect(renderManifests({ repoURL: 'local', path: '/etc' }, repo, {})).rejects.toThrow(
      /absolute paths are not allowed/,
    );
  });

  it('refuses a symlink that leads out of the checkout', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'keelson-dir-escape-'));
    await writeFile(
      join(dir, 'outside.yaml'),
      'apiVersion: v1\nkind: Secret\nmetadata: {name: stolen}\n',
    );
    await cp(join(TESTDATA, 'directory'), join(dir, 'repo'), { recursive: true });
    await symlink(join(dir, 'outside.yaml'), join(dir, 'repo', 'app', 'z-link.yaml'));
    await expect(
      renderManifests({ repoURL: 'local', path: 'app' }, join(dir, 'repo'), {}),
    ).rejects.toThrow('path "app/z-link.yaml": is a symlink that points outside the repository');
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses duplicates, over-large files, and renders that run out of time', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'keelson-dir-bad-'));
    const cm = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: same}\n';
    await writeFile(join(dir, 'a.yaml'), cm);
    await writeFile(join(dir, 'b.yaml'), cm);
    await expect(renderManifests({ repoURL: 'local' }, dir, {})).rejects.toThrow(
      DuplicateManifestError,
    );
    await expect(renderManifests({ repoURL: 'local' }, dir, {})).rejects.toThrow(
      'ConfigMap/same is defined twice: in a.yaml#0 and in b.yaml#0',
    );
    await expect(
      renderManifests({ repoURL: 'local' }, dir, {}, { maxFileBytes: 10 }),
    ).rejects.toThrow(ManifestTooLargeError);
    await expect(renderManifests({ repoURL: 'local' }, dir, {}, { timeoutMs: -1 })).rejects.toThrow(
      RenderTimeoutError,
    );
    await rm(dir, { recursive: true, force: true });
  });
});
