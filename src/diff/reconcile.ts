import {
  KeelsonError,
  annotationOf,
  describeObject,
  formatResourceKey,
  isHookObject,
  resourceKeyOf,
  type KubeObject,
  type ResourceKey,
} from '../core/index.js';

/** A desired object and the live object with the same key; either may be absent. */
export interface ResourcePair {
  readonly key: ResourceKey;
  readonly target?: KubeObject;
  readonly live?: KubeObject;
}

export interface Reconciliation {
  /** Regular resources, sorted by key. */
  readonly pairs: readonly ResourcePair[];
  /** Desired hooks (never paired: each sync creates them afresh). */
  readonly hooks: readonly KubeObject[];
  /** Desired objects annotated `hook: Skip`: neither applied nor compared. */
  readonly skipped: readonly KubeObject[];
}

/** Two desired objects have the same group, kind, namespace and name. */
export class DuplicateResourceError extends KeelsonError {
  constructor(readonly key: ResourceKey) {
    super(`${describeObject(key)}: declared more than once in the desired state`);
  }
}

/**
 * Pairs desired and live objects by key (the same idea as gitops-engine's
 * `Reconcile`): no target means the live object is extraneous, no live
 * object means the target is missing. Hooks are set apart on both sides:
 * desired hooks are returned separately, live hooks are never extraneous.
 * Pure; `live` must already be the application's own objects.
 */
export function reconcile(
  desired: readonly KubeObject[],
  live: readonly KubeObject[],
): Reconciliation {
  const hooks: KubeObject[] = [];
  const skipped: KubeObject[] = [];
  const targets = new Map<string, KubeObject>();
  for (const obj of desired) {
    const hook = annotationOf(obj, 'hook');
    if (hook?.trim() === 'Skip') skipped.push(obj);
    else if (hook !== undefined) hooks.push(obj);
    else {
      const k = formatResourceKey(resourceKeyOf(obj));
      if (targets.has(k)) throw new DuplicateResourceError(resourceKeyOf(obj));
      targets.set(k, obj);
    }
  }
  const lives = new Map<string, KubeObject>();
  for (const obj of live) {
    if (!isHookObject(obj)) lives.set(formatResourceKey(resourceKeyOf(obj)), obj);
  }
  const keys = [...new Set([...targets.keys(), ...lives.keys()])].sort();
  const pairs = keys.map((k): ResourcePair => {
    const target = targets.get(k);
    const liveObj = lives.get(k);
    const key = resourceKeyOf((target ?? liveObj) as KubeObject);
    return { key, target, live: liveObj };
  });
  return { pairs, hooks, skipped };
}
