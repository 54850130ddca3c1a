import { isRecord, jsonEqual, type KubeObject } from '../core/index.js';

/**
 * The `fieldsV1` sets of the given field managers, from an object's
 * `metadata.managedFields` (every operation and subresource: `kubectl
 * scale` owns `spec.replicas` through the scale subresource).
 */
export function fieldSetsOf(
  managedFields: readonly unknown[] | undefined,
  managers: readonly string[],
): Record<string, unknown>[] {
  const wanted = new Set(managers);
  return (managedFields ?? []).flatMap((entry) =>
    isRecord(entry) &&
    typeof entry.manager === 'string' &&
    wanted.has(entry.manager) &&
    isRecord(entry.fieldsV1)
      ? [entry.fieldsV1]
      : [],
  );
}

/**
 * Removes from `obj` (in place) every field listed in a `fieldsV1` set.
 * The set mirrors the object: `f:<name>` is a map field, `k:<json>` a list
 * element selected by its keys, `v:<json>` a set element by value, `i:<n>`
 * an element by index, `.` the node itself. A field with no children is
 * owned whole and removed; one with children is descended into, since other
 * managers may own its other parts.
 */
export function removeFieldSet(obj: KubeObject, fields: Record<string, unknown>): void {
  strip(obj, fields);
}

function isLeaf(set: unknown): boolean {
  return !isRecord(set) || Object.keys(set).every((k) => k === '.');
}

function strip(node: unknown, set: Record<string, unknown>): void {
  const removeIndexes = new Set<number>();
  for (const [token, child] of Object.entries(set)) {
    if (token === '.') continue;
    const prefix = token.slice(0, 2);
    const rest = token.slice(2);
    if (prefix === 'f:') {
      if (!isRecord(node) || !(rest in node)) continue;
      if (isLeaf(child)) Reflect.deleteProperty(node, rest);
      else strip(node[rest], child as Record<string, unknown>);
      continue;
    }
    if (!Array.isArray(node)) continue;
    const index = elementIndex(node, prefix, rest);
    if (index < 0) continue;
    if (isLeaf(child)) removeIndexes.add(index);
    else strip(node[index], child as Record<string, unknown>);
  }
  if (Array.isArray(node)) {
    for (const i of [...removeIndexes].sort((a, b) => b - a)) node.splice(i, 1);
  }
}

function elementIndex(list: readonly unknown[], prefix: string, rest: string): number {
  try {
    if (prefix === 'i:') return Number(rest) < list.length ? Number(rest) : -1;
    const value: unknown = JSON.parse(rest);
    if (prefix === 'v:') return list.findIndex((el) => jsonEqual(el, value));
    if (prefix === 'k:' && isRecord(value)) {
      return list.findIndex(
        (el) => isRecord(el) && Object.entries(value).every(([k, v]) => jsonEqual(el[k], v)),
      );
    }
  } catch {
    // A token we cannot read selects nothing.
  }
  return -1;
}
