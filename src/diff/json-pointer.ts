import { isRecord } from '../core/index.js';

/** Splits an RFC 6901 pointer into its unescaped tokens (`/a~1b/0` → `['a/b', '0']`). */
export function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .replace(/^\//, '')
    .split('/')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Removes the value at `tokens` from `doc` in place; missing paths are ignored. */
export function removeAt(doc: unknown, tokens: readonly string[]): void {
  if (tokens.length === 0) return;
  let node: unknown = doc;
  for (const token of tokens.slice(0, -1)) {
    if (Array.isArray(node)) node = node[Number(token)];
    else if (isRecord(node)) node = node[token];
    else return;
  }
  const last = tokens[tokens.length - 1] ?? '';
  if (Array.isArray(node)) {
    const index = Number(last);
    if (Number.isInteger(index) && index >= 0 && index < node.length) node.splice(index, 1);
  } else if (isRecord(node)) {
    Reflect.deleteProperty(node, last);
  }
}

/**
 * Removes several paths at once. Later array elements go first, so removing
 * `/a/0` does not shift what `/a/1` points to.
 */
export function removeAll(doc: unknown, paths: readonly (readonly string[])[]): void {
  const ordered = [...paths].sort((a, b) => compareTokensDescending(a, b));
  for (const tokens of ordered) removeAt(doc, tokens);
}

function compareTokensDescending(a: readonly string[], b: readonly string[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i] ?? '';
    const y = b[i] ?? '';
    if (x === y) continue;
    const nx = Number(x);
    const ny = Number(y);
    if (Number.isInteger(nx) && Number.isInteger(ny)) return ny - nx;
    return y < x ? -1 : 1;
  }
  return b.length - a.length;
}
