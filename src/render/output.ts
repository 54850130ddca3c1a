import { stringify } from 'yaml';
import { describeOrigin, type RenderedManifest } from './types.js';

const TOP_LEVEL_FIRST = ['apiVersion', 'kind', 'metadata'];

/** A copy with map keys sorted (recursively), so equal objects always print the same. */
export function sortKeysDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeysDeep);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort())
    out[key] = sortKeysDeep((value as Record<string, unknown>)[key]);
  return out;
}

/** Keys sorted, except that `apiVersion`, `kind` and `metadata` come first, as people expect. */
export function canonicalObject(
  object: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const sorted = sortKeysDeep(object) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of TOP_LEVEL_FIRST) if (key in sorted) out[key] = sorted[key];
  for (const [key, v] of Object.entries(sorted)) if (!TOP_LEVEL_FIRST.includes(key)) out[key] = v;
  return out;
}

/**
 * Deterministic multi-document YAML: same manifests, same bytes. Each
 * document is preceded by a `# Source:` comment naming its origin. Strings
 * that YAML 1.1 readers (kubectl) would take for booleans or numbers are quoted.
 */
export function manifestsToYaml(manifests: readonly RenderedManifest[]): string {
  return manifests
    .map(
      (m) =>
        `---\n# Source: ${describeOrigin(m.origin)}\n${stringify(canonicalObject(m.object), {
          version: '1.1',
          lineWidth: 0,
          aliasDuplicateObjects: false,
        })}`,
    )
    .join('');
}
