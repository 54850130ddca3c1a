import { isRecord } from '../../core/index.js';

/** The value at `path` inside parsed JSON, or undefined when any step is missing. */
export function field(value: unknown, ...path: string[]): unknown {
  let current = value;
  for (const key of path) {
    if (!isRecord(current)) return undefined;
    current = current[key];
  }
  return current;
}

/** The non-empty string at `path`, or undefined. */
export function str(value: unknown, ...path: string[]): string | undefined {
  const found = field(value, ...path);
  return typeof found === 'string' && found !== '' ? found : undefined;
}

/** The strings of the array at `path`; other entries are skipped. */
export function strings(value: unknown, ...path: string[]): string[] {
  const found = field(value, ...path);
  return Array.isArray(found) ? found.filter((s): s is string => typeof s === 'string') : [];
}

/** The array at `path`, or an empty one. */
export function list(value: unknown, ...path: string[]): unknown[] {
  const found = field(value, ...path);
  return Array.isArray(found) ? found : [];
}
