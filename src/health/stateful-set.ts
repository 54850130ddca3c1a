import type { KubeObject } from '../core/index.js';
import { numberAt, plural, stringAt } from './fields.js';
import { waitingForGeneration } from './generation.js';
import { health } from './result.js';
import type { HealthStatus } from './types.js';

/**
 * StatefulSet: the checks of `kubectl rollout status`. The controller sets no
 * conditions, so only the counts and revisions tell. A partitioned rolling
 * update is done once the Pods at or above the partition are updated; with
 * `OnDelete` Pods change only when someone deletes them, so Keelson does not
 * wait for the update, only for the Pods to be ready.
 */
export function statefulSetHealth(obj: KubeObject): HealthStatus {
  const unobserved = waitingForGeneration(obj, { absentMeansUnobserved: true });
  if (unobserved) return unobserved;

  const desired = numberAt(obj, 'spec', 'replicas') ?? 1;
  const current = numberAt(obj, 'status', 'replicas') ?? 0;
  const ready = numberAt(obj, 'status', 'readyReplicas') ?? 0;
  const updated = numberAt(obj, 'status', 'updatedReplicas') ?? 0;

  if (ready < desired) return health('Progressing', `${ready} of ${desired} pods ready`);
  if (current > desired) {
    return health('Progressing', `${plural(current - desired, 'pod')} pending termination`);
  }

  const strategy = stringAt(obj, 'spec', 'updateStrategy', 'type') ?? 'RollingUpdate';
  if (strategy === 'OnDelete') {
    return health(
      'Healthy',
      `${updated} of ${desired} pods updated; OnDelete: the others update when deleted`,
    );
  }

  // Pods with an ordinal >= partition are updated; the rest keep the old revision on purpose.
  const partition = numberAt(obj, 'spec', 'updateStrategy', 'rollingUpdate', 'partition') ?? 0;
  if (partition > 0) {
    const target = Math.max(0, desired - partition);
    if (updated < target) {
      return health('Progressing', `partitioned rollout: ${updated} of ${target} pods updated`);
    }
    return health('Healthy', `partitioned rollout complete: ${updated} of ${desired} pods updated`);
  }

  if (updated < desired) return health('Progressing', `${updated} of ${desired} pods updated`);
  const updateRevision = stringAt(obj, 'status', 'updateRevision');
  if (updateRevision !== stringAt(obj, 'status', 'currentRevision')) {
    return health('Progressing', `rolling update to revision ${updateRevision ?? '?'} in progress`);
  }
  return health('Healthy');
}
