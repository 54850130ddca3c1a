/**
 * Shared vocabulary of Keelson: Kubernetes object shapes and keys, error
 * classes, and `waitFor`. No I/O. Every other folder may import from here;
 * this folder imports from none.
 */
export { KeelsonError, MissingPrerequisiteError, errorMessage } from './errors.js';
export { waitFor, TimeoutError, type WaitOptions } from './wait.js';
export {
  isKubeObject,
  parseApiVersion,
  gvkOf,
  resourceKeyOf,
  formatResourceKey,
  describeObject,
  type KubeObject,
  type ObjectMeta,
  type OwnerReference,
  type ResourceKey,
  type GroupVersionKind,
} from './kube-object.js';
