/** A ref split into what it names. */
export function refNames(ref: string): { branch?: string; tag?: string } {
  if (ref.startsWith('refs/heads/')) return { branch: ref.slice('refs/heads/'.length) };
  if (ref.startsWith('refs/tags/')) return { tag: ref.slice('refs/tags/'.length) };
  return {};
}

/** Git's all-zero object name stands for "no commit": the ref was created (before) or deleted (after). */
export function isZeroSha(sha: string | undefined): boolean {
  return sha === undefined || /^0+$/.test(sha);
}

/** Unique, in order of first appearance. */
export function uniq(values: readonly string[]): string[] {
  return [...new Set(values)];
}
