import type { KubeObject } from '../core/index.js';
import { booleanAt, listAt, timeAt } from './fields.js';
import { health } from './result.js';
import type { HealthStatus } from './types.js';

/**
 * CronJob: Suspended while `spec.suspend` holds. Its status keeps only the
 * times of the last schedule and the last success, so the one failure it can
 * show is "the last run finished without succeeding": no Job active and the
 * last success older than the last schedule. Everything else is Healthy,
 * including a CronJob that never ran (same reading as Argo CD's CronJob check).
 */
export function cronJobHealth(obj: KubeObject): HealthStatus {
  if (booleanAt(obj, 'spec', 'suspend') === true)
    return health('Suspended', 'cron job is suspended');

  const lastSchedule = timeAt(obj, 'status', 'lastScheduleTime');
  if (lastSchedule === undefined) return health('Healthy', 'not scheduled yet');
  if (listAt(obj, 'status', 'active').length > 0) return health('Healthy', 'a job is running');

  const lastSuccess = timeAt(obj, 'status', 'lastSuccessfulTime');
  if (lastSuccess === undefined) {
    // A first run that failed looks the same as one whose Job was removed early; don't guess.
    return health('Healthy', 'no successful run recorded yet');
  }
  if (lastSuccess < lastSchedule) {
    return health('Degraded', 'the last scheduled run did not succeed');
  }
  return health('Healthy', 'the last scheduled run succeeded');
}
