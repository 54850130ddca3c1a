/**
 * Glob matching for policy fields, with Argo CD's semantics: `*` matches any
 * run of characters *including* `/` (so `*` covers `shop/web` and a repository
 * URL), `?` matches one character, everything else is literal.
 *
 * Hand-written because the usual glob libraries treat `/` as a path separator
 * (picomatch, minimatch, and Casbin's own `globMatch`, which also rewrites a
 * leading `*\/`), which is wrong for object names such as `*\/*`.
 */
export function globMatch(value: string, pattern: string): boolean {
  if (!pattern.includes('*') && !pattern.includes('?')) return value === pattern;
  return compile(pattern).test(value);
}

const cache = new Map<string, RegExp>();

function compile(pattern: string): RegExp {
  let re = cache.get(pattern);
  if (!re) {
    const body = [...pattern]
      .map((ch) =>
        ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[.+^${}()|[\]\\/-]/g, '\\$&'),
      )
      .join('');
    re = new RegExp(`^${body}$`, 's');
    cache.set(pattern, re);
  }
  return re;
}
