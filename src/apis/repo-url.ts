/**
 * The form of a repository URL used to compare URLs: trimmed, lower case,
 * without trailing slashes or `.git` (as Argo CD's NormalizeGitURL), so
 * `https://GitHub.com/org/app.git/` and `https://github.com/org/app` are
 * the same repository.
 */
export function normalizeRepoURL(url: string): string {
  let out = url.trim().toLowerCase();
  while (out.endsWith('/')) out = out.slice(0, -1);
  if (out.endsWith('.git')) out = out.slice(0, -'.git'.length);
  return out;
}
