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
    .update(canonicalJson(value) ?? '')
    .digest('base64url');
}

const objectPrints = new WeakMap<object, string>();

/**
 * {@link fingerprintOf}, remembered per object: the render and live-state
 * caches hand out the same objects until they change, so a resync of an
 * unchanged fleet hashes none of them again. Only for objects nobody
 * mutates (the controller treats both caches' objects as read-only).
 */
export function objectFingerprintOf(obj: object): string {
  let print = objectPrints.get(obj);
  if (print === undefined) objectPrints.set(obj, (print = fingerprintOf(obj)));
  return print;
}

/**
 * `JSON.stringify(sortKeysDeep(value))` without the sorted copy: hashing
 * thousands of objects at once (a large application's sync) would otherwise
 * allocate a second copy of each. Written by hand because it must match
 * JSON.stringify exactly (undefined members dropped, `toJSON` honoured).
 */
export function canonicalJson(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const withToJson = value as { toJSON?: () => unknown };
  if (typeof withToJson.toJSON === 'function') return canonicalJson(withToJson.toJSON());
  if (Array.isArray(value))
    return `[${value.map((item: unknown) => canonicalJson(item) ?? 'null').join(',')}]`;
  const record = value as Record<string, unknown>;
  const members: string[] = [];
  for (const key of Object.keys(record).sort()) {
    const member = canonicalJson(record[key]);
    if (member !== undefined) members.push(`${JSON.stringify(key)}:${member}`);
  }
  return `{${members.join(',')}}`;
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
