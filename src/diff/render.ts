import { createTwoFilesPatch } from 'diff';
import { stringify } from 'yaml';
import { describeObject, sortKeysDeep, type KubeObject, type ResourceKey } from '../core/index.js';

function toYaml(obj: KubeObject | undefined): string {
  return obj === undefined ? '' : stringify(sortKeysDeep(obj), { lineWidth: 0 });
}

/**
 * A unified diff from `live` to `desired` as YAML with sorted keys, headed
 * `--- live/<object>` and `+++ desired/<object>`; `''` when they are equal.
 * Either side may be absent (Missing: everything added; Extra: everything removed).
 */
export function renderDiff(
  key: ResourceKey,
  live: KubeObject | undefined,
  desired: KubeObject | undefined,
): string {
  const before = toYaml(live);
  const after = toYaml(desired);
  if (before === after) return '';
  const name = describeObject(key);
  // A whole object added or removed: every line changes, no need to diff.
  if (!before || !after) {
    const lines = (before || after).replace(/\n$/, '').split('\n');
    const sign = before ? '-' : '+';
    const range = before ? `-1,${lines.length} +0,0` : `-0,0 +1,${lines.length}`;
    return `--- live/${name}\n+++ desired/${name}\n@@ ${range} @@\n${lines.map((l) => sign + l).join('\n')}\n`;
  }
  const patch = createTwoFilesPatch(
    `live/${name}`,
    `desired/${name}`,
    before,
    after,
    undefined,
    undefined,
    {
      context: 3,
    },
  );
  // Drop the "====" separator line the library puts first.
  return patch.replace(/^=+\n/, '');
}
