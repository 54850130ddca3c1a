import { health } from './result.js';
import type { HealthStatus } from './types.js';

/**
 * Kinds that never carry a status (configuration, identity, RBAC, policy
 * definitions): they are Healthy as soon as they exist. Keys are `group/Kind`,
 * with an empty group for the core API.
 */
export const STATUSLESS_KINDS: readonly string[] = [
  '/ConfigMap',
  '/Secret',
  '/ServiceAccount',
  '/Endpoints',
  '/LimitRange',
  '/PodTemplate',
  'rbac.authorization.k8s.io/Role',
  'rbac.authorization.k8s.io/RoleBinding',
  'rbac.authorization.k8s.io/ClusterRole',
  'rbac.authorization.k8s.io/ClusterRoleBinding',
  'networking.k8s.io/NetworkPolicy',
  'networking.k8s.io/IngressClass',
  'discovery.k8s.io/EndpointSlice',
  'storage.k8s.io/StorageClass',
  'storage.k8s.io/CSIDriver',
  'scheduling.k8s.io/PriorityClass',
  'node.k8s.io/RuntimeClass',
  'admissionregistration.k8s.io/ValidatingWebhookConfiguration',
  'admissionregistration.k8s.io/MutatingWebhookConfiguration',
];

export function statuslessHealth(): HealthStatus {
  return health('Healthy');
}
