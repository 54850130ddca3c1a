/**
 * Tolerant readers for the loosely typed parts of an object (`spec`, `status`).
 * Live objects come from many API versions and from controllers that may not
 * have written a field yet, so a reader returns `undefined` for anything absent
 * or of the wrong type instead of throwing; each health check then decides what
 * "not reported yet" means for its kind.
 */
export type Fields = Readonly<Record<string, unknown>>;

export function isRecord(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value at `path` under `root`, or `undefined` if any step is missing or not an object. */
export function field(root: unknown, ...path: readonly string[]): unknown {
  let current = root;
  for (const key of path) {
    if (!isRecord(current)) return undefined;
    current = current[key];
  }
  return current;
}

export function numberAt(root: unknown, ...path: readonly string[]): number | undefined {
  const value = field(root, ...path);
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

export function stringAt(root: unknown, ...path: readonly string[]): string | undefined {
  const value = field(root, ...path);
  return typeof value === 'string' ? value : undefined;
}

export function booleanAt(root: unknown, ...path: readonly string[]): boolean | undefined {
  const value = field(root, ...path);
  return typeof value === 'boolean' ? value : undefined;
}

export function recordAt(root: unknown, ...path: readonly string[]): Fields | undefined {
  const value = field(root, ...path);
  return isRecord(value) ? value : undefined;
}

/** The array at `path`, or an empty array when absent. */
export function listAt(root: unknown, ...path: readonly string[]): readonly unknown[] {
  const value = field(root, ...path);
  return Array.isArray(value) ? value : [];
}

/**
 * A timestamp as milliseconds since the epoch. Accepts the RFC 3339 strings
 * the API server sends and `Date`s (what `@kubernetes/client-node` models hold).
 */
export function timeAt(root: unknown, ...path: readonly string[]): number | undefined {
  const value = field(root, ...path);
  const ms =
    value instanceof Date ? value.getTime() : typeof value === 'string' ? Date.parse(value) : NaN;
  return Number.isNaN(ms) ? undefined : ms;
}

/** `"1 replica"`, `"3 replicas"`. */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
