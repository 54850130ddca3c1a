import { describe, expect, it } from 'vitest';
import { RevisionNotFoundError } from './errors.js';
import { parseLsRemote, resolveFromRefs } from './revision.js';

const sha = (c: string): string => c.repeat(40);

// What `git ls-remote --symref` prints for a small repository.
const LS_REMOTE = [
  `ref: refs/heads/main\tHEAD`,
  `${sha('a')}\tHEAD`,
  `${sha('a')}\trefs/heads/main`,
  `${sha('b')}\trefs/heads/feature`,
  `${sha('c')}\trefs/tags/v1.2.0`,
  `${sha('d')}\trefs/tags/v1.2.0^{}`,
  `${sha('e')}\trefs/tags/v1.2.3`,
  `${sha('f')}\trefs/tags/1.3.0`,
  `${'9'.repeat(40)}\trefs/tags/v2.0.0-rc.1`,
  `${'8'.repeat(40)}\trefs/tags/not-semver`,
  `${'7'.repeat(40)}\trefs/pull/12/head`,
].join('\n');

const remote = parseLsRemote(LS_REMOTE);
const resolve = (rev: string) => resolveFromRefs('https://git.example/app', remote, rev);

describe('resolving a target revision from ls-remote output', () => {
  it('follows HEAD, branches, tags (annotated tags peeled to their commit) and full ref names', () => {
    expect(resolve('HEAD')).toEqual({
      kind: 'resolved',
      revision: { sha: sha('a'), ref: 'refs/heads/main' },
    });
    expect(resolve('')).toEqual(resolve('HEAD'));
    expect(resolve('feature')).toEqual({
      kind: 'resolved',
      revision: { sha: sha('b'), ref: 'refs/heads/feature' },
    });
    expect(resolve('v1.2.0')).toEqual({
      kind: 'resolved',
      revision: { sha: sha('d'), ref: 'refs/tags/v1.2.0' },
    });
    expect(resolve('refs/pull/12/head')).toMatchObject({ revision: { sha: '7'.repeat(40) } });
  });

  it('takes a full SHA as it is, and a short SHA that prefixes one ref tip', () => {
    expect(resolve('1'.repeat(40))).toEqual({
      kind: 'resolved',
      revision: { sha: '1'.repeat(40) },
    });
    expect(resolve('bbbbbbb')).toEqual({ kind: 'resolved', revision: { sha: sha('b') } });
  });

  it('picks the highest tag satisfying a semver constraint, ignoring pre-releases unless asked', () => {
    expect(resolve('1.2.*')).toMatchObject({
      revision: { sha: sha('e'), ref: 'refs/tags/v1.2.3' },
    });
    expect(resolve('>=1.2.0 <2.0.0')).toMatchObject({ revision: { ref: 'refs/tags/1.3.0' } });
    expect(resolve('~1.2.0')).toMatchObject({ revision: { ref: 'refs/tags/v1.2.3' } });
    expect(resolve('*')).toMatchObject({ revision: { ref: 'refs/tags/1.3.0' } });
    expect(resolve('>=2.0.0-rc.0')).toMatchObject({ revision: { ref: 'refs/tags/v2.0.0-rc.1' } });
  });

  it('asks for a fetch when an abbreviated SHA is no ref tip', () => {
    expect(resolve('1234abc')).toEqual({ kind: 'needs-fetch', prefix: '1234abc' });
  });

  it('names the repository and revision when nothing matches', () => {
    expect(() => resolve('no-such-branch')).toThrow(RevisionNotFoundError);
    expect(() => resolve('no-such-branch')).toThrow(
      'https://git.example/app: revision "no-such-branch" not found',
    );
    expect(() => resolve('3.x')).toThrow(/no tag satisfies this semver constraint/);
    expect(() => resolveFromRefs('r', parseLsRemote(''), 'HEAD')).toThrow(/no HEAD/);
  });
});
