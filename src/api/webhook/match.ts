import semver from 'semver';
import { normalizeRepoUrl } from './repo-url.js';
import type { PushEvent } from './types.js';

/** The part of an Application's source that decides whether a push concerns it. */
export interface ApplicationSourceRef {
  readonly repoURL: string;
  /** Branch, tag, full ref, commit SHA, semver constraint, or `HEAD`/empty for the default branch. */
  readonly targetRevision?: string;
}

/**
 * True when `push` may change what `source` deploys, so the application
 * should be refreshed now. The repository must be the same (any URL form, see
 * {@link normalizeRepoUrl}), and the target revision must follow the pushed ref:
 * - `HEAD` or empty: a push to the default branch (any branch when the
 *   payload does not name the default branch, as with Bitbucket Cloud);
 * - a full ref (`refs/heads/main`): exactly that ref;
 * - a name: the branch or tag of that name (like Argo CD, branches and tags
 *   of the same name are not told apart — a spare refresh costs little);
 * - a semver constraint (`1.2.*`, `>=1.0.0`): a pushed tag that satisfies it;
 * - a commit SHA never moves, so no push matches it.
 */
export function matchesApplication(push: PushEvent, source: ApplicationSourceRef): boolean {
  const wanted = normalizeRepoUrl(source.repoURL);
  if (!push.repoURLs.some((url) => normalizeRepoUrl(url) === wanted)) return false;
  return followsRef(push, (source.targetRevision ?? '').trim());
}

function followsRef(push: PushEvent, target: string): boolean {
  if (target === '' || target === 'HEAD')
    return push.defaultBranch === undefined || push.branch === push.defaultBranch;
  if (target.startsWith('refs/')) return push.ref === target;
  if (target === push.branch || target === push.tag) return true;
  if (push.tag === undefined) return false;
  const range = semver.validRange(target);
  const version = semver.valid(push.tag);
  return range !== null && version !== null && semver.satisfies(version, range);
}
