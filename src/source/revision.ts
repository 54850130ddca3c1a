import semver from 'semver';
import { RevisionNotFoundError } from './errors.js';

/** The refs a remote advertises, as `git ls-remote --symref` reports them. */
export interface RemoteRefs {
  /** Full ref name → commit SHA (annotated tags already peeled to their commit). */
  readonly refs: ReadonlyMap<string, string>;
  /** The branch HEAD points to (`refs/heads/main`), when the server says. */
  readonly headTarget?: string;
}

/** A target revision resolved to a commit. */
export interface ResolvedRevision {
  /** The full commit SHA. */
  readonly sha: string;
  /** The ref it came from (`refs/heads/main`, `refs/tags/v1.2.3`), when it came from one. */
  readonly ref?: string;
}

/** How a revision resolves against advertised refs, before any fetch. */
export type RefResolution =
  | { readonly kind: 'resolved'; readonly revision: ResolvedRevision }
  /** An abbreviated SHA that is no ref tip: only a fetch of the history can resolve it. */
  | { readonly kind: 'needs-fetch'; readonly prefix: string };

/** Parses `git ls-remote --symref` output. */
export function parseLsRemote(stdout: string): RemoteRefs {
  const refs = new Map<string, string>();
  const peeled = new Map<string, string>();
  let headTarget: string | undefined;
  for (const line of stdout.split('\n')) {
    const [left, name] = line.split('\t');
    if (!left || !name) continue;
    if (left.startsWith('ref: ')) {
      if (name === 'HEAD') headTarget = left.slice(5).trim();
      continue;
    }
    if (!isFullSha(left)) continue;
    if (name.endsWith('^{}')) peeled.set(name.slice(0, -3), left);
    else refs.set(name, left);
  }
  for (const [name, sha] of peeled) refs.set(name, sha);
  return { refs, ...(headTarget ? { headTarget } : {}) };
}

/** A full SHA-1 or SHA-256 object name. */
export function isFullSha(value: string): boolean {
  return /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/.test(value);
}

const SHORT_SHA = /^[0-9a-f]{4,63}$/;

/**
 * Resolves a target revision against a remote's refs, in this order:
 * 1. empty or `HEAD` → the remote's HEAD;
 * 2. a full ref name (`refs/heads/x`, `refs/pull/1/head`), then a tag, then a
 *    branch of that name (tags first, as in `git rev-parse`);
 * 3. a full commit SHA → itself (it need not be a ref tip);
 * 4. an abbreviated SHA that prefixes exactly one ref tip;
 * 5. a semver constraint (`1.2.*`, `>=1.2.0 <2.0.0`, `~1.4`) → the highest
 *    tag satisfying it, tags read as semver with an optional `v` prefix
 *    (pre-releases only when the constraint names one, as in npm);
 * 6. any other abbreviated SHA → needs a fetch to resolve.
 * Throws {@link RevisionNotFoundError} when nothing matches.
 */
export function resolveFromRefs(repo: string, remote: RemoteRefs, revision: string): RefResolution {
  const rev = revision.trim();
  const found = (sha: string, ref?: string): RefResolution => ({
    kind: 'resolved',
    revision: ref ? { sha, ref } : { sha },
  });
  if (rev === '' || rev === 'HEAD') {
    const sha = remote.refs.get('HEAD');
    if (!sha)
      throw new RevisionNotFoundError(repo, 'HEAD', 'the repository has no HEAD (is it empty?)');
    return found(sha, remote.headTarget);
  }
  for (const ref of rev.startsWith('refs/') ? [rev] : [`refs/tags/${rev}`, `refs/heads/${rev}`]) {
    const sha = remote.refs.get(ref);
    if (sha) return found(sha, ref);
  }
  const lower = rev.toLowerCase();
  if (isFullSha(lower)) return found(lower);
  if (SHORT_SHA.test(lower)) {
    const tips = new Set([...remote.refs.values()].filter((sha) => sha.startsWith(lower)));
    if (tips.size === 1) return found([...tips][0] as string);
  }
  const range = semver.validRange(rev);
  if (range) {
    const best = highestTagSatisfying(remote, range);
    if (best) return found(best.sha, best.ref);
    if (!SHORT_SHA.test(lower))
      throw new RevisionNotFoundError(repo, rev, 'no tag satisfies this semver constraint');
  }
  if (SHORT_SHA.test(lower)) return { kind: 'needs-fetch', prefix: lower };
  throw new RevisionNotFoundError(repo, rev, 'no such branch, tag or commit');
}

function highestTagSatisfying(
  remote: RemoteRefs,
  range: string,
): { sha: string; ref: string } | undefined {
  const byVersion = new Map<string, { sha: string; ref: string }>();
  for (const [ref, sha] of remote.refs) {
    if (!ref.startsWith('refs/tags/')) continue;
    const version = semver.valid(ref.slice('refs/tags/'.length));
    // When `v1.2.3` and `1.2.3` both exist, the first seen wins; both name a version.
    if (version && !byVersion.has(version)) byVersion.set(version, { sha, ref });
  }
  const best = semver.maxSatisfying([...byVersion.keys()], range);
  return best ? byVersion.get(best) : undefined;
}
