/** Route patterns like `/applications/:name`; pure, so it is unit-tested. */

export type Params = Readonly<Record<string, string>>;

/** The parameters when `path` matches `pattern` (segment by segment), else undefined. */
export function matchPath(pattern: string, path: string): Params | undefined {
  const want = segments(pattern);
  const have = segments(path);
  if (want.length !== have.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const expected = want[i] ?? '';
    const actual = have[i] ?? '';
    if (expected.startsWith(':')) {
      try {
        params[expected.slice(1)] = decodeURIComponent(actual);
      } catch {
        return undefined;
      }
    } else if (expected !== actual) return undefined;
  }
  return params;
}

function segments(path: string): string[] {
  return path.split('/').filter((s) => s !== '');
}

/**
 * A same-origin path to go back to after login, or `/applications`. Anything
 * else (another origin, `//host`, `javascript:`) is refused: an open redirect
 * would let a link send a freshly logged-in user anywhere.
 */
export function safeReturnPath(candidate: string | null | undefined): string {
  if (!candidate || !candidate.startsWith('/') || candidate.startsWith('//')) {
    return '/applications';
  }
  if (candidate.startsWith('/login') || candidate.includes('\\')) return '/applications';
  return candidate;
}
