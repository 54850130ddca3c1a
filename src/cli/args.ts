/**
 * Parsers for command-line values, shared by the commands. Each throws
 * commander's InvalidArgumentError, so a bad value is reported with the
 * option's name and nothing is sent to the backend.
 */
import { InvalidArgumentError } from 'commander';
import type { SyncOperationResource } from '../apis/index.js';

/** Accumulates a repeatable option (`--label a=b --label c=d`). */
export function collect(value: string, previous: readonly string[] = []): string[] {
  return [...previous, value];
}

/** `key=value` → `[key, value]`; the value may contain `=`. */
export function parseKeyValue(value: string): [string, string] {
  const at = value.indexOf('=');
  if (at <= 0) throw new InvalidArgumentError(`expected key=value, got "${value}"`);
  return [value.slice(0, at), value.slice(at + 1)];
}

/** Repeated `key=value` options as a record (a later key wins). */
export function keyValues(values: readonly string[]): Record<string, string> {
  return Object.fromEntries(values.map(parseKeyValue));
}

/**
 * `app set --label`: `key=value` sets a label, `key-` removes it (as
 * `kubectl label`); removal is `null`, the patch's way to delete a key.
 */
export function labelChanges(values: readonly string[]): Record<string, string | null> {
  const changes: Record<string, string | null> = {};
  for (const value of values) {
    if (value.endsWith('-') && !value.includes('=')) changes[value.slice(0, -1)] = null;
    else {
      const [k, v] = parseKeyValue(value);
      changes[k] = v;
    }
  }
  return changes;
}

/**
 * `--resource GROUP:KIND:NAME` or `GROUP:KIND:NAMESPACE/NAME` (Argo CD's
 * syntax); the group is empty for the core group (`:Service:web`).
 */
export function parseResourceSpec(value: string): SyncOperationResource {
  const parts = value.split(':');
  const [group, kind, rest] = parts;
  if (parts.length !== 3 || !kind || !rest)
    throw new InvalidArgumentError(
      `expected GROUP:KIND:NAME or GROUP:KIND:NAMESPACE/NAME, got "${value}"`,
    );
  const slash = rest.indexOf('/');
  const namespace = slash >= 0 ? rest.slice(0, slash) : '';
  const name = slash >= 0 ? rest.slice(slash + 1) : rest;
  if (!name || name.includes('/'))
    throw new InvalidArgumentError(`resource "${value}" has no valid name`);
  return { group: group ?? '', kind, ...(namespace ? { namespace } : {}), name };
}

/** Commander's repeatable `--resource`. */
export function collectResource(
  value: string,
  previous: readonly SyncOperationResource[] = [],
): SyncOperationResource[] {
  return [...previous, parseResourceSpec(value)];
}

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3_600, d: 86_400 };

/** `30d`, `12h`, `90m`, `45s` or a plain number of seconds → seconds. */
export function parseDuration(value: string): number {
  const match = /^(\d+)([smhd]?)$/.exec(value.trim());
  const amount = Number(match?.[1]);
  const unit = UNIT_SECONDS[match?.[2] || 's'];
  if (!match || !unit || !Number.isSafeInteger(amount) || amount <= 0)
    throw new InvalidArgumentError(
      `expected a duration such as 30d, 12h, 90m or 45s, got "${value}"`,
    );
  return amount * unit;
}

/** A positive number of seconds (`--timeout`). */
export function parseSeconds(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0)
    throw new InvalidArgumentError(`expected a positive number of seconds, got "${value}"`);
  return n;
}

/** `true` or `false` for options written `--exit-code=false`, `--cascade=false`. */
export function parseBoolean(value: string): boolean {
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new InvalidArgumentError(`expected true or false, got "${value}"`);
}

/** A non-negative integer (history id). */
export function parseId(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0)
    throw new InvalidArgumentError(`expected a history id (a number), got "${value}"`);
  return n;
}
