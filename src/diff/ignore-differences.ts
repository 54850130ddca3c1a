import { JSONPath } from 'jsonpath-plus';
import { KeelsonError, type KubeObject, type ResourceKey } from '../core/index.js';
import { parsePointer, removeAll } from './json-pointer.js';
import { fieldSetsOf, removeFieldSet } from './managed-fields.js';
import type { IgnoreDifferencesRule } from './types.js';

/** An ignoreDifferences rule that cannot be evaluated (a malformed JSONPath). */
export class InvalidIgnoreRuleError extends KeelsonError {}

/** True when `rule` selects the resource `key`. */
export function ruleMatches(rule: IgnoreDifferencesRule, key: ResourceKey): boolean {
  const group = rule.group ?? '';
  return (
    (group === '*' || group === key.group) &&
    (rule.kind === '*' || rule.kind === key.kind) &&
    (rule.name === undefined || rule.name === key.name) &&
    (rule.namespace === undefined || rule.namespace === key.namespace)
  );
}

/** The rules that select `key`. */
export function rulesFor(
  rules: readonly IgnoreDifferencesRule[] | undefined,
  key: ResourceKey,
): IgnoreDifferencesRule[] {
  return (rules ?? []).filter((r) => ruleMatches(r, key));
}

/**
 * Removes (in place) the ignored fields from `obj`: JSON pointers, JSONPath
 * matches, and fields owned by the named managers according to
 * `managedFields` (taken from the freshest full object available, since the
 * cached live object is kept without them). Applied to both sides of a
 * comparison, so a difference there does not count.
 */
export function removeIgnoredFields(
  obj: KubeObject,
  rules: readonly IgnoreDifferencesRule[],
  managedFields: readonly unknown[] | undefined,
): void {
  const paths: string[][] = [];
  for (const rule of rules) {
    for (const pointer of rule.jsonPointers ?? []) paths.push(parsePointer(pointer));
    for (const path of rule.jsonPaths ?? []) {
      for (const pointer of evaluateJsonPath(path, obj)) paths.push(parsePointer(pointer));
    }
  }
  removeAll(obj, paths);
  const managers = rules.flatMap((r) => r.managedFieldsManagers ?? []);
  if (managers.length > 0) {
    for (const set of fieldSetsOf(managedFields, managers)) removeFieldSet(obj, set);
  }
}

function evaluateJsonPath(path: string, obj: KubeObject): string[] {
  try {
    const result: unknown = JSONPath({
      path,
      json: obj,
      resultType: 'pointer',
      // Rules come from application specs: never evaluate them as JavaScript.
      eval: 'safe',
      wrap: true,
    });
    return Array.isArray(result) ? result.filter((p): p is string => typeof p === 'string') : [];
  } catch (err) {
    throw new InvalidIgnoreRuleError(
      `ignoreDifferences: invalid JSONPath ${JSON.stringify(path)}`,
      {
        cause: err,
      },
    );
  }
}
