import type { KubeObject } from '../core/index.js';
import { describeCondition, findCondition } from './conditions.js';
import { booleanAt, numberAt, plural } from './fields.js';
import { waitingForGeneration } from './generation.js';
import { health } from './result.js';
import type { HealthStatus } from './types.js';

/**
 * Deployment: the checks of `kubectl rollout status`, in its order, plus
 * pause and the progress deadline (same rules as Argo CD).
 */
export function deploymentHealth(obj: KubeObject): HealthStatus {
  // A paused rollout is intentional; it stays paused whatever the replica counts say.
  if (booleanAt(obj, 'spec', 'paused') === true) return health('Suspended', 'rollout is paused');
  const unobserved = waitingForGeneration(obj, { absentMeansUnobserved: true });
  if (unobserved) return unobserved;

  const progressing = findCondition(obj, 'Progressing');
  if (progressing?.reason === 'ProgressDeadlineExceeded') {
    return health('Degraded', `progress deadline exceeded: ${progressing.message}`);
  }

  // The API server defaults spec.replicas to 1.
  const desired = numberAt(obj, 'spec', 'replicas') ?? 1;
  const current = numberAt(obj, 'status', 'replicas') ?? 0;
  const updated = numberAt(obj, 'status', 'updatedReplicas') ?? 0;
  const available = numberAt(obj, 'status', 'availableReplicas') ?? 0;
  // The controller copies a ReplicaSet's failure to create Pods (quota, admission)
  // here; it is not terminal until the progress deadline, but it says why we wait.
  const failure = findCondition(obj, 'ReplicaFailure');
  const why = failure?.status === 'True' ? ` (${describeCondition(failure)})` : '';

  if (updated < desired) {
    return health('Progressing', `${updated} of ${desired} replicas updated${why}`);
  }
  if (current > updated) {
    return health(
      'Progressing',
      `${plural(current - updated, 'old replica')} pending termination${why}`,
    );
  }
  if (available < updated) {
    return health('Progressing', `${available} of ${updated} updated replicas are available${why}`);
  }
  return health('Healthy');
}
