/**
 * Cluster: talking to Kubernetes.
 *
 * - **Connection.** {@link ClusterConnection.fromKubeconfig} opens a
 *   keep-alive connection pool to one API server with the kubeconfig's
 *   credentials. Every failure is a {@link KubeApiError} naming the object
 *   and verb (`Deployment/shop/web: apply failed: …`) and saying whether it
 *   is transient (throttling, server errors, network: retry with backoff) or
 *   terminal.
 * - **Kubeconfig.** {@link Kubeconfig.load} finds credentials like kubectl
 *   (path, `$KUBECONFIG`, `~/.kube/config`, in-cluster service account);
 *   {@link Kubeconfig.forCluster} wraps a registered destination. Both
 *   implement {@link KubeAccess}; hand-written so the controller does not load
 *   the official client's generated API. Problems are {@link KubeconfigError}s
 *   that never quote a secret.
 * - **Discovery.** `connection.discovery` knows every served kind: plural
 *   resource name, scope, preferred version. Cached; refreshed on a miss, on
 *   `invalidate()`, and by the live-state cache whenever a CRD changes.
 *   {@link withDefaultNamespaces} puts namespaced objects in the default
 *   namespace and strips the namespace of cluster-scoped ones.
 * - **Verbs.** {@link applyObject} (server-side apply, field manager
 *   `keelson`, conflicts fail unless `force`, `dryRun` validates without
 *   persisting), {@link createObject}, {@link replaceObject},
 *   {@link deleteObject} (propagation policy, uid precondition),
 *   {@link getObject}, {@link listObjects}.
 * - **Tracking marker.** Every object Keelson applies carries the annotation
 *   `keelson.dev/tracking-id: <app>:<group>/<kind>:<namespace>/<name>` and the
 *   label `keelson.dev/app`. The annotation decides ownership
 *   ({@link trackingOwner}); because it names the object itself, a copy of an
 *   object (same annotation, another name or namespace) belongs to nobody.
 * - **Live state.** {@link LiveStateCache} lists every watchable type once
 *   (by the tracking label) and then watches; a broken watch resumes from the
 *   last resourceVersion, a 410 Gone relists. It keeps objects lean (no
 *   managed fields, no last-applied annotation) and indexes them by owning
 *   application. {@link listTrackedObjects} is the one-off equivalent.
 */
export {
  ClusterConnection,
  type ConnectionOptions,
  type ApiRequest,
  type WatchHandle,
} from './connection.js';
export {
  Kubeconfig,
  type KubeconfigLoadOptions,
  type RegisteredClusterAccess,
} from './kubeconfig.js';
export { KubeconfigError } from './kubeconfig-error.js';
export type { KubeAccess } from './kube-access.js';
export {
  KubeApiError,
  isNotFound,
  isConflict,
  isAlreadyExists,
  isGone,
  isTransient,
  type KubeStatusDetails,
} from './api-error.js';
export { Discovery, UnknownKindError, type ApiResource } from './discovery.js';
export { withDefaultNamespaces, scopesFromCrds } from './namespaces.js';
export { refOf, describeRef, locate, MissingNamespaceError, type ObjectRef } from './paths.js';
export {
  applyObject,
  createObject,
  replaceObject,
  FIELD_MANAGER,
  type ApplyOptions,
  type WriteOptions,
  type FieldValidation,
} from './apply.js';
export { deleteObject, type DeleteOptions, type PropagationPolicy } from './delete.js';
export { getObject, listObjects, type ListOptions, type ListResult } from './get.js';
export {
  formatTrackingId,
  parseTrackingId,
  trackingLabelValue,
  trackingOwner,
  isTrackedBy,
  withTrackingMarker,
  assertValidAppName,
  InvalidAppNameError,
  type TrackingId,
} from './tracking.js';
export {
  LiveStateCache,
  isWatchableResource,
  type LiveStateCacheOptions,
  type LiveStateCacheStats,
  type LiveStateChange,
  type ObservedWrite,
} from './live-state-cache.js';
export { establishedKindOf, isEstablished } from './crd-kind.js';
export { listTrackedObjects } from './tracked.js';
export {
  Reflector,
  type ReflectorHandlers,
  type ReflectorOptions,
  type ReflectorStats,
} from './reflector.js';
export { leanObject } from './lean.js';
export { withRetry, type RetryOptions } from './retry.js';
