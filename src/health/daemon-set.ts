import type { KubeObject } from '../core/index.js';
import { numberAt, stringAt } from './fields.js';
import { waitingForGeneration } from './generation.js';
import { health } from './result.js';
import type { HealthStatus } from './types.js';

/**
 * DaemonSet: the checks of `kubectl rollout status`. With the `OnDelete`
 * strategy Pods are replaced only when someone deletes them, so Keelson does
 * not wait for the update; unlike Argo CD it still requires the scheduled Pods
 * to be available, as it does for a StatefulSet.
 */
export function daemonSetHealth(obj: KubeObject): HealthStatus {
  const unobserved = waitingForGeneration(obj, { absentMeansUnobserved: true });
  if (unobserved) return unobserved;

  const desired = numberAt(obj, 'status', 'desiredNumberScheduled') ?? 0;
  const updated = numberAt(obj, 'status', 'updatedNumberScheduled') ?? 0;
  const available = numberAt(obj, 'status', 'numberAvailable') ?? 0;
  const onDelete = stringAt(obj, 'spec', 'updateStrategy', 'type') === 'OnDelete';

  if (!onDelete && updated < desired) {
    return health('Progressing', `${updated} of ${desired} scheduled pods updated`);
  }
  if (available < desired) {
    return health('Progressing', `${available} of ${desired} scheduled pods available`);
  }
  if (onDelete && updated < desired) {
    return health(
      'Healthy',
      `${updated} of ${desired} pods updated; OnDelete: the others update when deleted`,
    );
  }
  return health('Healthy');
}
