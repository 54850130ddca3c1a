import type { KubeObject } from '../core/index.js';
import { listAt, stringAt } from './fields.js';
import { health } from './result.js';
import type { HealthStatus } from './types.js';

/**
 * Service: a LoadBalancer Service is Progressing until the cloud provider
 * reports an address in `status.loadBalancer.ingress`; every other type is
 * Healthy as soon as it exists.
 */
export function serviceHealth(obj: KubeObject): HealthStatus {
  if (stringAt(obj, 'spec', 'type') !== 'LoadBalancer') return health('Healthy');
  if (listAt(obj, 'status', 'loadBalancer', 'ingress').length > 0) return health('Healthy');
  return health('Progressing', 'waiting for a load balancer address');
}
