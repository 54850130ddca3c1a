import type { KubeObject } from '../core/index.js';
import { describeCondition, findCondition } from './conditions.js';
import { numberAt } from './fields.js';
import { waitingForGeneration } from './generation.js';
import { health } from './result.js';
import type { HealthStatus } from './types.js';

/**
 * ReplicaSet: Degraded when the controller cannot create Pods (the
 * `ReplicaFailure` condition: quota, admission), else Progressing until the
 * desired replicas are available.
 */
export function replicaSetHealth(obj: KubeObject): HealthStatus {
  const unobserved = waitingForGeneration(obj, { absentMeansUnobserved: true });
  if (unobserved) return unobserved;

  const failure = findCondition(obj, 'ReplicaFailure');
  if (failure?.status === 'True') return health('Degraded', describeCondition(failure));

  const desired = numberAt(obj, 'spec', 'replicas') ?? 1;
  const available = numberAt(obj, 'status', 'availableReplicas') ?? 0;
  if (available < desired) {
    return health('Progressing', `${available} of ${desired} replicas available`);
  }
  return health('Healthy');
}
