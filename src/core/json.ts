import { createHash } from 'node:crypto';

/** Plain JSON values, as Kubernetes objects are made of. */
export type JsonValue =
  string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** True for a plain object (not an array, not null). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A copy of `value` with object keys sorted at every level, so serialising,
 * hashing and diffing are deterministic.
 */
export function sortKeysDeep<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v: unknown) => sortKeysDeep(v)) as T;
  if (!isRecord(value)) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) out[key] = sortKeysDeep(value[key]);
  return out as T;
}

/** A short, stable hash of a JSON value (key order does not matter). */
export function fingerprintOf(value: unknown): string {
  return createHash('sha1')
    .update(JSON.stringify(sortKeysDeep(value)))
    .digest('base64url');
}

/** Structural equality of JSON values (key order does not matter). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((v, i) => jsonEqual(v, b[i]));
  }
  if (isRecord(a) && isRecord(b)) {
    const keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length) return false;
    return keys.every((k) => Object.hasOwn(b, k) && jsonEqual(a[k], b[k]));
  }
  return false;
}

/**
 * A shallow copy of `obj` without `keys`. Typed as `T`, so use it for
 * optional fields (which may be absent anyway).
 */
export function omitKeys<T extends object>(obj: T, ...keys: readonly (keyof T & string)[]): T {
  const drop = new Set<string>(keys);
  return Object.fromEntries(Object.entries(obj).filter(([k]) => !drop.has(k))) as T;
}
