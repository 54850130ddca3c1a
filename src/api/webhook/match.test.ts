import { describe, expect, it } from 'vitest';
import { matchesApplication, normalizeRepoUrl, type PushEvent } from './index.js';

const mainPush: PushEvent = {
  provider: 'github',
  repoURLs: [
    'https://github.com/Acme/deploy',
    'https://github.com/Acme/deploy.git',
    'git@github.com:Acme/deploy.git',
  ],
  ref: 'refs/heads/main',
  branch: 'main',
  revision: '3f2a9d8c7b6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a',
  deleted: false,
  defaultBranch: 'main',
};
const tagPush: PushEvent = {
  ...mainPush,
  ref: 'refs/tags/v1.4.0',
  branch: undefined,
  tag: 'v1.4.0',
};

describe('normalizeRepoUrl', () => {
  it.each([
    'https://github.com/acme/deploy',
    'https://github.com/Acme/deploy.git',
    'https://github.com/acme/deploy/',
    'http://github.com:80/acme/deploy',
    'https://bot:t0ken@github.com/acme/deploy.git',
    'git@github.com:Acme/deploy.git',
    'ssh://git@github.com/acme/deploy.git',
    'ssh://git@ssh.github.com:443/acme/deploy.git',
    'git://github.com/acme/deploy.git',
  ])('reduces %s to github.com/acme/deploy', (url) => {
    expect(normalizeRepoUrl(url)).toBe('github.com/acme/deploy');
  });

  it('keeps different repositories and hosts apart', () => {
    expect(normalizeRepoUrl('https://github.com/acme/deploy-prod')).not.toBe(
      normalizeRepoUrl('https://github.com/acme/deploy'),
    );
    expect(normalizeRepoUrl('https://gitlab.com/acme/deploy')).not.toBe(
      normalizeRepoUrl('https://github.com/acme/deploy'),
    );
  });
});

describe('matchesApplication', () => {
  it.each([
    ['https://github.com/acme/deploy.git', 'main', true],
    ['git@github.com:acme/deploy.git', 'HEAD', true],
    ['https://github.com/ACME/Deploy', '', true],
    ['https://github.com/acme/deploy', undefined, true],
    ['https://github.com/acme/deploy', 'refs/heads/main', true],
    ['https://github.com/acme/deploy', 'refs/heads/mainline', false],
    ['https://github.com/acme/deploy', 'release', false],
    ['https://github.com/acme/deploy', '3f2a9d8c7b6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a', false],
    ['https://github.com/acme/other', 'main', false],
  ])('a push to main matches %s at %s: %s', (repoURL, targetRevision, expected) => {
    expect(
      matchesApplication(mainPush, {
        repoURL,
        ...(targetRevision !== undefined ? { targetRevision } : {}),
      }),
    ).toBe(expected);
  });

  it('a push to another branch does not refresh applications that follow HEAD', () => {
    const featurePush = { ...mainPush, ref: 'refs/heads/feature/x', branch: 'feature/x' };
    expect(
      matchesApplication(featurePush, {
        repoURL: mainPush.repoURLs[0] ?? '',
        targetRevision: 'HEAD',
      }),
    ).toBe(false);
    expect(
      matchesApplication(featurePush, {
        repoURL: mainPush.repoURLs[0] ?? '',
        targetRevision: 'feature/x',
      }),
    ).toBe(true);
  });

  it('HEAD matches any branch when the provider does not name the default branch', () => {
    const bitbucketPush: PushEvent = {
      provider: 'bitbucket',
      repoURLs: mainPush.repoURLs,
      ref: 'refs/heads/develop',
      branch: 'develop',
      revision: '3f2a9d8c7b6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a',
      deleted: false,
    };
    expect(matchesApplication(bitbucketPush, { repoURL: 'https://github.com/acme/deploy' })).toBe(
      true,
    );
  });

  it.each([
    ['v1.4.0', true],
    ['refs/tags/v1.4.0', true],
    ['1.4.*', true],
    ['>=1.2.0 <2.0.0', true],
    ['~1.3', false],
    ['HEAD', false],
    ['main', false],
  ])('a pushed tag v1.4.0 matches target %s: %s', (targetRevision, expected) => {
    expect(
      matchesApplication(tagPush, { repoURL: 'git@github.com:acme/deploy', targetRevision }),
    ).toBe(expected);
  });
});
