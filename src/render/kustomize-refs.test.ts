import { mkdir, mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PathEscapeError } from '../source/index.js';
import { RemoteBaseRefusedError } from './errors.js';
import { checkKustomizeRefs, looksRemote } from './kustomize-refs.js';

let dir: string | undefined;
async function tree(files: Record<string, string>): Promise<string> {
  dir = await realpath(await mkdtemp(join(tmpdir(), 'keelson-kustomize-refs-')));
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), content);
  }
  return dir;
}
afterEach(() => (dir ? rm(dir, { recursive: true, force: true }) : undefined));

describe('kustomization references', () => {
  it('recognizes remote bases in their usual spellings', () => {
    for (const remote of [
      'https://github.com/org/repo//base?ref=v1',
      'github.com/org/repo/base?ref=main',
      'git@github.com:org/repo.git',
      'ssh://git@host/org/repo.git//base',
      'https://raw.githubusercontent.com/org/repo/main/x.yaml',
    ])
      expect(looksRemote(remote), remote).toBe(true);
    for (const local of ['../base', 'deployment.yaml', 'components/x'])
      expect(looksRemote(local), local).toBe(false);
  });

  it('accepts local bases inside the repository, nested', async () => {
    const root = await tree({
      'base/kustomization.yaml': 'resources: [deployment.yaml]\n',
      'base/deployment.yaml': '',
      'overlays/prod/kustomization.yaml':
        'resources: [../../base]\ncomponents: [../../components/x]\n',
      'components/x/kustomization.yaml': 'kind: Component\n',
    });
    await expect(
      checkKustomizeRefs(root, join(root, 'overlays/prod'), false),
    ).resolves.toBeUndefined();
  });

  it('refuses a remote base, even in a nested base, unless remote bases are allowed', async () => {
    const root = await tree({
      'base/kustomization.yaml': 'resources:\n  - github.com/org/repo//deploy?ref=v1\n',
      'overlays/prod/kustomization.yaml': 'resources: [../../base]\n',
    });
    const attempt = checkKustomizeRefs(root, join(root, 'overlays/prod'), false);
    await expect(attempt).rejects.toThrow(RemoteBaseRefusedError);
    await expect(checkKustomizeRefs(root, join(root, 'overlays/prod'), false)).rejects.toThrow(
      'base/kustomization.yaml: remote base or resource "github.com/org/repo//deploy?ref=v1" refused',
    );
    await expect(
      checkKustomizeRefs(root, join(root, 'overlays/prod'), true),
    ).resolves.toBeUndefined();
  });

  it('refuses bases outside the repository', async () => {
    const root = await tree({ 'app/kustomization.yaml': 'resources: [../../../etc]\n' });
    await expect(checkKustomizeRefs(join(root, 'app'), join(root, 'app'), false)).rejects.toThrow(
      PathEscapeError,
    );
  });
});
