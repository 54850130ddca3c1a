import { InvalidArgumentError } from 'commander';
import { stringify } from 'yaml';
import { sortKeysDeep } from '../../core/index.js';

/** `-o` of list and get commands: a table (default), more columns, JSON, YAML or names only. */
export type OutputFormat = 'table' | 'wide' | 'json' | 'yaml' | 'name';

const FORMATS: readonly OutputFormat[] = ['table', 'wide', 'json', 'yaml', 'name'];

/** Commander argument parser for `-o, --output`. */
export function parseOutputFormat(value: string): OutputFormat {
  const format = FORMATS.find((f) => f === value);
  if (!format) throw new InvalidArgumentError(`expected one of ${FORMATS.join(', ')}`);
  return format;
}

/**
 * Machine-readable output with keys sorted, so scripts and diffs of the
 * output are stable. JSON is indented by two spaces; YAML documents are
 * plain (no anchors, long strings unfolded).
 */
export function formatData(value: unknown, format: 'json' | 'yaml'): string {
  const sorted = sortKeysDeep(value);
  if (format === 'json') return `${JSON.stringify(sorted, null, 2)}\n`;
  return stringify(sorted, { aliasDuplicateObjects: false, lineWidth: 0 });
}
