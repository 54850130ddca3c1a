import { describe, expect, it } from 'vitest';
import { touchesGeneratePaths } from './generate-paths.js';
import type { PushEvent } from './types.js';

const push = (changedFiles?: string[]): PushEvent => ({
  provider: 'github',
  repoURLs: ['https://git.example/org/repo'],
  ref: 'refs/heads/main',
  branch: 'main',
  deleted: false,
  ...(changedFiles ? { changedFiles } : {}),
});

describe('touchesGeneratePaths', () => {
  it('refreshes every app when there is no annotation or the push does not list its files', () => {
    expect(touchesGeneratePaths(push(['other/x.yaml']), 'apps/a', undefined)).toBe(true);
    expect(touchesGeneratePaths(push(undefined), 'apps/a', '.')).toBe(true);
  });

  it('refreshes only apps whose generate paths hold a changed file', () => {
    const files = push(['apps/a/deploy.yaml']);
    expect(touchesGeneratePaths(files, 'apps/a', '.')).toBe(true);
    expect(touchesGeneratePaths(files, 'apps/b', '.')).toBe(false);
    expect(touchesGeneratePaths(files, 'apps/ab', '.')).toBe(false); // a prefix is not a parent
  });

  it('follows relative parents and repository-absolute paths', () => {
    const base = push(['base/deployment.yaml']);
    expect(touchesGeneratePaths(base, 'overlays/prod', '.;../../base')).toBe(true);
    expect(touchesGeneratePaths(base, 'overlays/prod', '.')).toBe(false);
    expect(touchesGeneratePaths(base, 'overlays/prod', '/base')).toBe(true);
    expect(touchesGeneratePaths(base, 'overlays/prod', '/')).toBe(true);
  });
});
