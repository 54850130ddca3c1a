import picomatch from 'picomatch';

/**
 * How `*` treats `/`: in `path` globs (repository URLs) `*` stays inside one
 * path segment and `**` crosses segments; in `plain` globs (cluster servers
 * and names, namespaces, groups and kinds) `*` matches anything. These are
 * the semantics of Argo CD's glob matching with and without a separator.
 */
export type GlobMode = 'path' | 'plain';

const cache = new Map<string, (value: string) => boolean>();
const CACHE_LIMIT = 1_000;

/**
 * True when `value` matches `pattern` (`*`, `**`, `?`, `[abc]`, `{a,b}`).
 * A lone `*` matches everything, even the empty string; an empty pattern
 * matches only the empty string. `!` is not interpreted here: callers decide
 * what a deny entry means.
 */
export function globMatch(pattern: string, value: string, mode: GlobMode): boolean {
  if (pattern === '*') return true;
  if (pattern === '') return value === '';
  const key = `${mode}\u0000${pattern}`;
  let matcher = cache.get(key);
  if (!matcher) {
    // `bash` makes a single star cross slashes; `dot` lets it match a leading dot.
    matcher = picomatch(pattern, { dot: true, bash: mode === 'plain', nonegate: true });
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(key, matcher);
  }
  return matcher(value);
}

/** An entry of an allow list that denies instead: `!pattern`. */
export function isDenyPattern(pattern: string): boolean {
  return pattern.startsWith('!');
}
