import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PathEscapeError, PathNotFoundError } from './errors.js';
import { checkRelativePath, resolveInside } from './safe-path.js';

describe('paths inside a checkout', () => {
  it('normalizes relative paths and refuses absolute ones and ".." above the root', () => {
    expect(checkRelativePath('')).toBe('.');
    expect(checkRelativePath('./apps//web/')).toBe('apps/web');
    expect(checkRelativePath('apps/../base')).toBe('base');
    for (const bad of ['/etc', '..', '../other', 'apps/../../etc', 'C:/Windows', 'a\0b'])
      expect(() => checkRelativePath(bad), bad).toThrow(PathEscapeError);
  });

  describe('with symlinks on disk', () => {
    let base: string;
    let root: string;
    beforeAll(async () => {
      base = await realpath(await mkdtemp(join(tmpdir(), 'keelson-safe-path-')));
      root = join(base, 'checkout');
      await mkdir(join(root, 'apps'), { recursive: true });
      await writeFile(join(base, 'secret.txt'), 'outside');
      await writeFile(join(root, 'apps', 'ok.yaml'), 'inside');
      await symlink('../../secret.txt', join(root, 'apps', 'escape.yaml'));
      await symlink('ok.yaml', join(root, 'apps', 'alias.yaml'));
      await symlink(base, join(root, 'up'));
    });
    afterAll(() => rm(base, { recursive: true, force: true }));

    it('follows links that stay inside and refuses links that lead outside', async () => {
      expect(await resolveInside(root, 'apps/alias.yaml')).toBe(join(root, 'apps', 'ok.yaml'));
      await expect(resolveInside(root, 'apps/escape.yaml')).rejects.toThrow(PathEscapeError);
      await expect(resolveInside(root, 'up/secret.txt')).rejects.toThrow(
        /points outside the repository/,
      );
      await expect(resolveInside(root, 'apps/missing.yaml', 'value file')).rejects.toThrow(
        PathNotFoundError,
      );
    });
  });
});
