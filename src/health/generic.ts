import type { KubeObject } from '../core/index.js';
import { conditionsOf, describeCondition, type Condition } from './conditions.js';
import { waitingForGeneration } from './generation.js';
import { health } from './result.js';
import type { HealthStatus } from './types.js';

/**
 * Reasons that, by common convention, name a failure rather than a wait
 * (Flux's `BuildFailed`, `HealthCheckFailed`; cert-manager's `Failed`;
 * `...Error`, `...Invalid`, `...Denied`). Anything else on a False `Ready`
 * (`Progressing`, `DependencyNotReady`, `Pending`) is taken as a wait.
 */
const FAILURE_REASON =
  /fail|error|invalid|denied|forbidden|unauthori[sz]ed|exceeded|backoff|crash/i;

function isStale(condition: Condition, obj: KubeObject): boolean {
  const generation = obj.metadata.generation;
  return (
    typeof generation === 'number' &&
    condition.observedGeneration !== undefined &&
    condition.observedGeneration < generation
  );
}

/**
 * Any kind without a built-in check, read by the kstatus conventions that most
 * controllers follow:
 *
 * 1. `status.observedGeneration` behind `metadata.generation`: Progressing.
 * 2. `Stalled` True: Degraded (the controller gave up until something changes).
 * 3. `Reconciling` True: Progressing.
 * 4. `Ready` (or, lacking it, `Available`): True is Healthy unless it describes an
 *    older generation; False is Degraded when its reason names a failure (see
 *    FAILURE_REASON), Progressing otherwise; Unknown is Progressing.
 * 5. Otherwise Healthy: with no conditions to read there is no sign of trouble,
 *    and a kind whose controller writes no status (or that has no controller)
 *    must not keep a sync waiting forever.
 */
export function genericHealth(obj: KubeObject): HealthStatus {
  const unobserved = waitingForGeneration(obj, { absentMeansUnobserved: false });
  if (unobserved) return unobserved;

  const conditions = conditionsOf(obj);
  const isTrue = (type: string) => conditions.find((c) => c.type === type && c.status === 'True');
  const stalled = isTrue('Stalled');
  if (stalled) return health('Degraded', describeCondition(stalled) || 'stalled');
  const reconciling = isTrue('Reconciling');
  if (reconciling) return health('Progressing', describeCondition(reconciling) || 'reconciling');

  const ready =
    conditions.find((c) => c.type === 'Ready') ?? conditions.find((c) => c.type === 'Available');
  if (!ready) return health('Healthy');
  if (isStale(ready, obj)) {
    return health(
      'Progressing',
      `waiting for the controller to observe generation ${obj.metadata.generation}`,
    );
  }
  switch (ready.status) {
    case 'True':
      return health('Healthy', ready.message);
    case 'False':
      return health(
        FAILURE_REASON.test(ready.reason) ? 'Degraded' : 'Progressing',
        describeCondition(ready) || `not ${ready.type}`,
      );
    default:
      return health('Progressing', describeCondition(ready) || `${ready.type} is unknown`);
  }
}
