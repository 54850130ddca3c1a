import type { ApplicationCondition } from '../apis/index.js';

/** Condition types the controller manages (Argo CD's names). */
export type ConditionType =
  | 'InvalidSpecError'
  | 'ComparisonError'
  | 'SyncError'
  | 'SharedResourceWarning'
  | 'ProjectViolationError'
  | 'DestinationError';

/**
 * Replaces the controller-managed conditions with `current` (type → message),
 * keeping `lastTransitionTime` of a condition whose message did not change and
 * leaving condition types the controller does not manage untouched.
 */
export function reconcileConditions(
  existing: readonly ApplicationCondition[] | undefined,
  current: ReadonlyMap<ConditionType, string>,
  managed: readonly ConditionType[],
  now: Date,
): ApplicationCondition[] {
  const kept = (existing ?? []).filter((c) => !managed.includes(c.type as ConditionType));
  const previous = new Map((existing ?? []).map((c) => [c.type, c]));
  const next = [...current.entries()].map(([type, message]) => {
    const before = previous.get(type);
    const unchanged = before?.message === message && before.lastTransitionTime;
    return {
      type,
      message,
      lastTransitionTime: unchanged ? before.lastTransitionTime : now.toISOString(),
    };
  });
  return [...kept, ...next].sort((a, b) => a.type.localeCompare(b.type));
}
