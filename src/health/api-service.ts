import type { KubeObject } from '../core/index.js';
import { describeCondition, findCondition } from './conditions.js';
import { health } from './result.js';
import type { HealthStatus } from './types.js';

/**
 * APIService (aggregated API): Healthy when the aggregator reports it
 * `Available`, Progressing otherwise, with the aggregator's reason (a backing
 * Service without endpoints, a failed discovery check). Argo CD reads it the
 * same way: the backing server often just has not started yet.
 */
export function apiServiceHealth(obj: KubeObject): HealthStatus {
  const available = findCondition(obj, 'Available');
  if (!available) return health('Progressing', 'waiting for the aggregator to check the service');
  if (available.status === 'True') return health('Healthy');
  return health('Progressing', describeCondition(available));
}
