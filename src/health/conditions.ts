import { isRecord, listAt, numberAt, stringAt } from './fields.js';

/**
 * One entry of `status.conditions`, the shape nearly every controller uses
 * (`metav1.Condition` and its older per-kind copies).
 */
export interface Condition {
  readonly type: string;
  /** `True`, `False` or `Unknown`. */
  readonly status: string;
  readonly reason: string;
  readonly message: string;
  /** Set by controllers that follow the `metav1.Condition` convention. */
  readonly observedGeneration?: number;
}

/** The well-formed entries of `status.conditions` (entries without a `type` are skipped). */
export function conditionsOf(obj: unknown): readonly Condition[] {
  const conditions: Condition[] = [];
  for (const entry of listAt(obj, 'status', 'conditions')) {
    const type = stringAt(entry, 'type');
    if (!type || !isRecord(entry)) continue;
    const observedGeneration = numberAt(entry, 'observedGeneration');
    conditions.push({
      type,
      status: stringAt(entry, 'status') ?? 'Unknown',
      reason: stringAt(entry, 'reason') ?? '',
      message: stringAt(entry, 'message') ?? '',
      ...(observedGeneration === undefined ? {} : { observedGeneration }),
    });
  }
  return conditions;
}

export function findCondition(obj: unknown, type: string): Condition | undefined {
  return conditionsOf(obj).find((c) => c.type === type);
}

/** `"Reason: message"`, or whichever of the two is present. */
export function describeCondition(condition: Condition): string {
  const message = condition.message.trim();
  if (condition.reason && message) return `${condition.reason}: ${message}`;
  return condition.reason || message;
}
