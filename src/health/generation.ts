import type { KubeObject } from '../core/index.js';
import { numberAt } from './fields.js';
import { health } from './result.js';
import type { HealthStatus } from './types.js';

export interface GenerationCheck {
  /**
   * The kind's controller always writes `status.observedGeneration` (the
   * workload controllers do), so its absence means the object has not been
   * seen yet. Otherwise absence means the kind does not report it and the
   * check is skipped, as kstatus does.
   */
  readonly absentMeansUnobserved: boolean;
}

/**
 * Progressing while the controller has not yet observed the latest spec:
 * `status.observedGeneration < metadata.generation`. Until then every other
 * status field describes an older spec and cannot be trusted (kubectl rollout
 * status, kstatus and Argo CD all start here).
 */
export function waitingForGeneration(
  obj: KubeObject,
  check: GenerationCheck,
): HealthStatus | undefined {
  const generation = obj.metadata.generation;
  if (typeof generation !== 'number') return undefined;
  const observed = numberAt(obj, 'status', 'observedGeneration');
  if (observed === undefined) {
    return check.absentMeansUnobserved
      ? health('Progressing', `waiting for the controller to observe generation ${generation}`)
      : undefined;
  }
  if (observed >= generation) return undefined;
  return health(
    'Progressing',
    `waiting for the controller to observe generation ${generation} (observed ${observed})`,
  );
}
