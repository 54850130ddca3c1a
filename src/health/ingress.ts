import type { KubeObject } from '../core/index.js';
import { listAt } from './fields.js';
import { health } from './result.js';
import type { HealthStatus } from './types.js';

/**
 * Ingress: Healthy once an ingress controller has published an address in
 * `status.loadBalancer.ingress`, Progressing until then (as in Argo CD; an
 * ingress controller that never publishes addresses keeps it Progressing).
 */
export function ingressHealth(obj: KubeObject): HealthStatus {
  if (listAt(obj, 'status', 'loadBalancer', 'ingress').length > 0) return health('Healthy');
  return health('Progressing', 'waiting for an ingress controller to publish an address');
}
