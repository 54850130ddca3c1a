import { normalizeRepoURL, type AppProject } from '../apis/index.js';
import { globMatch, isDenyPattern } from './glob.js';

/**
 * Whether a project lets applications use a repository (`spec.sourceRepos`),
 * with Argo CD's rules: URLs compare normalized (case, `.git`, trailing `/`);
 * `*` matches within a path segment and `**` across; a matching `!` entry
 * denies, whatever the order; otherwise the repository is allowed when an
 * entry matches it, and, as in Argo CD, a `!` entry that does not match
 * counts as matching, so `['!https://git.example.com/secret/**']` alone
 * allows every other repository. No entries: nothing is allowed.
 */
export function isSourcePermitted(project: AppProject, repoURL: string): boolean {
  const repo = normalizeRepoURL(repoURL);
  let allowed = false;
  for (const entry of project.spec.sourceRepos ?? []) {
    const deny = isDenyPattern(entry);
    const matched = globMatch(normalizeRepoURL(deny ? entry.slice(1) : entry), repo, 'path');
    if (deny && matched) return false;
    if (deny || matched) allowed = true;
  }
  return allowed;
}
