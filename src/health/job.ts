import type { KubeObject } from '../core/index.js';
import { describeCondition, findCondition } from './conditions.js';
import { booleanAt, numberAt } from './fields.js';
import { health } from './result.js';
import type { HealthStatus } from './types.js';

/**
 * Job: Healthy once `Complete`, Degraded once `Failed` (or `FailureTarget`,
 * which the controller sets as soon as the failure is decided, before it has
 * finished terminating Pods), Suspended while `spec.suspend` holds, else
 * Progressing.
 */
export function jobHealth(obj: KubeObject): HealthStatus {
  const failed = findCondition(obj, 'Failed') ?? findCondition(obj, 'FailureTarget');
  if (failed?.status === 'True')
    return health('Degraded', describeCondition(failed) || 'job failed');

  const succeeded = numberAt(obj, 'status', 'succeeded') ?? 0;
  const completions = numberAt(obj, 'spec', 'completions');
  const progress =
    completions === undefined
      ? `${succeeded} succeeded`
      : `${succeeded} of ${completions} completions succeeded`;

  const complete = findCondition(obj, 'Complete');
  if (complete?.status === 'True') return health('Healthy', complete.message || progress);

  const suspended = findCondition(obj, 'Suspended');
  if (booleanAt(obj, 'spec', 'suspend') === true || suspended?.status === 'True') {
    return health('Suspended', suspended ? describeCondition(suspended) : 'job is suspended');
  }

  const active = numberAt(obj, 'status', 'active') ?? 0;
  const failures = numberAt(obj, 'status', 'failed') ?? 0;
  const retries = failures > 0 ? `, ${failures} failed` : '';
  return health('Progressing', `${active} active, ${progress}${retries}`);
}
