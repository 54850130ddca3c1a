/**
 * Shared vocabulary of Keelson: Kubernetes object shapes and keys, error
 * classes, `waitFor`, and the annotations Keelson reads and writes. No I/O.
 * Every other folder may import from here; this folder imports from none.
 */
export { KeelsonError, MissingPrerequisiteError, errorMessage } from './errors.js';
export { waitFor, allowManyListeners, TimeoutError, type WaitOptions } from './wait.js';
export {
  isKubeObject,
  parseApiVersion,
  gvkOf,
  resourceKeyOf,
  formatResourceKey,
  describeObject,
  contentFingerprintOf,
  type KubeObject,
  type ObjectMeta,
  type OwnerReference,
  type ResourceKey,
  type GroupVersionKind,
} from './kube-object.js';
export {
  TRACKING_ID_ANNOTATION,
  TRACKING_LABEL,
  KEELSON_ANNOTATIONS,
  ARGOCD_ANNOTATIONS,
  annotationOf,
  parseOptionList,
  objectOptions,
  hasObjectOption,
  isHookObject,
  type AliasedAnnotation,
} from './annotations.js';
export {
  isRecord,
  sortKeysDeep,
  jsonEqual,
  omitKeys,
  fingerprintOf,
  objectFingerprintOf,
  type JsonValue,
} from './json.js';
export { jsonLogger, silentLogger, type Logger, type LogLevel, type LogFields } from './logger.js';
