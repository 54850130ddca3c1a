import { describe, expect, it } from 'vitest';
import { RepositoryNotAllowedError } from './errors.js';
import { parseRepoUrl, resolveRelativeRepoUrl, safeDisplay } from './repo-url.js';

const remoteOnly = { allowLocalRepos: false };
const withLocal = { allowLocalRepos: true };

describe('repository URLs', () => {
  it('gives the same cache key to spellings of the same repository', () => {
    // GIVEN several spellings of one GitHub repository
    const keys = [
      'https://github.com/argoproj/argocd-example-apps.git',
      'https://GitHub.com/argoproj/argocd-example-apps/',
      'https://bot:token@github.com:443/argoproj/argocd-example-apps',
    ].map((u) => parseRepoUrl(u, remoteOnly).key);
    // THEN they share one mirror
    expect(new Set(keys)).toEqual(new Set(['https://github.com/argoproj/argocd-example-apps']));
    expect(parseRepoUrl('git@github.com:argoproj/argocd-example-apps.git', remoteOnly).key).toBe(
      'ssh://github.com/argoproj/argocd-example-apps',
    );
  });

  it('moves a password out of the URL so that it never reaches git arguments or messages', () => {
    const url = parseRepoUrl('https://ci-bot:s3cret-pass@git.example/org/app.git', remoteOnly);
    expect(url.password).toBe('s3cret-pass');
    expect(url.username).toBe('ci-bot');
    expect(url.gitUrl).toBe('https://git.example/org/app.git');
    expect(url.display).not.toContain('s3cret');
    expect(safeDisplay('https://ci-bot:s3cret-pass@git.example/x')).toBe(
      'https://ci-bot:***@git.example/x',
    );
  });

  it('refuses local repositories unless they are explicitly allowed', () => {
    for (const local of ['file:///srv/repos/app', '/srv/repos/app']) {
      expect(() => parseRepoUrl(local, remoteOnly)).toThrow(RepositoryNotAllowedError);
      expect(() => parseRepoUrl(local, remoteOnly)).toThrow(/--allow-local-repos/);
      expect(parseRepoUrl(local, withLocal).transport).toBe('file');
    }
  });

  it('refuses transports that can run programs or that are not URLs at all', () => {
    for (const bad of [
      'ext::sh -c touch% /tmp/pwned',
      'fd::3',
      'git://git.example/app',
      '--upload-pack=touch /tmp/x',
      'https://git.example/app\nmore',
      'not a url',
      '',
    ])
      expect(() => parseRepoUrl(bad, withLocal), bad).toThrow(RepositoryNotAllowedError);
  });

  it('resolves relative submodule URLs against the superproject like git', () => {
    expect(resolveRelativeRepoUrl('https://git.example/org/app.git', '../lib.git')).toBe(
      'https://git.example/org/lib.git',
    );
    expect(resolveRelativeRepoUrl('https://git.example/org/app', './sub')).toBe(
      'https://git.example/org/app/sub',
    );
    expect(resolveRelativeRepoUrl('git@git.example:org/app.git', '../lib.git')).toBe(
      'git@git.example:org/lib.git',
    );
    expect(resolveRelativeRepoUrl('https://git.example/org/app', 'https://other.example/x')).toBe(
      'https://other.example/x',
    );
  });
});
