import { TRACKING_ID_ANNOTATION, TRACKING_LABEL } from './annotations.js';
import { fingerprintOf } from './json.js';

/**
 * The shape every Kubernetes object shares, as plain data. Keelson passes
 * manifests and live objects around as `KubeObject`s and narrows them with
 * type guards rather than casts.
 */
export interface OwnerReference {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly uid: string;
  readonly controller?: boolean;
  readonly blockOwnerDeletion?: boolean;
}

export interface ObjectMeta {
  readonly name?: string;
  readonly generateName?: string;
  readonly namespace?: string;
  readonly uid?: string;
  readonly resourceVersion?: string;
  readonly generation?: number;
  readonly creationTimestamp?: string;
  readonly deletionTimestamp?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
  readonly ownerReferences?: readonly OwnerReference[];
  readonly finalizers?: readonly string[];
  readonly managedFields?: readonly unknown[];
  readonly [field: string]: unknown;
}

export interface KubeObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: ObjectMeta;
  readonly [field: string]: unknown;
}

/** Identifies an object independent of its API version: group, kind, namespace, name. */
export interface ResourceKey {
  /** API group; `''` for the core group. */
  readonly group: string;
  readonly kind: string;
  /** `''` for cluster-scoped objects. */
  readonly namespace: string;
  readonly name: string;
}

/** Group/version/kind. */
export interface GroupVersionKind {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** True for a plain object with string `apiVersion` and `kind` and an object `metadata`. */
export function isKubeObject(value: unknown): value is KubeObject {
  return (
    isRecord(value) &&
    typeof value.apiVersion === 'string' &&
    typeof value.kind === 'string' &&
    isRecord(value.metadata)
  );
}

/** Splits `apps/v1` into group `apps`, version `v1`; `v1` into group `''`. */
export function parseApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.lastIndexOf('/');
  return slash < 0
    ? { group: '', version: apiVersion }
    : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

export function gvkOf(obj: KubeObject): GroupVersionKind {
  return { ...parseApiVersion(obj.apiVersion), kind: obj.kind };
}

export function resourceKeyOf(obj: KubeObject): ResourceKey {
  return {
    group: parseApiVersion(obj.apiVersion).group,
    kind: obj.kind,
    namespace: obj.metadata.namespace ?? '',
    name: obj.metadata.name ?? '',
  };
}

/** `group/Kind/namespace/name`, unique per object; stable for maps and sorting. */
export function formatResourceKey(key: ResourceKey): string {
  // join() builds one flat string; a template literal builds a tree of
  // concatenations, and these keys live long in maps (32 bytes per node,
  // ~280,000 nodes in a heap snapshot of the 1,000-application fleet).
  return [key.group, key.kind, key.namespace, key.name].join('/');
}

/** How errors and logs name an object: `Deployment/shop/web`, or `Namespace/shop` when cluster-scoped. */
export function describeObject(obj: KubeObject | ResourceKey): string {
  const key = isKubeObject(obj) ? resourceKeyOf(obj) : obj;
  return key.namespace ? `${key.kind}/${key.namespace}/${key.name}` : `${key.kind}/${key.name}`;
}

/**
 * The entries of a live object's labels or annotations that a declared
 * object sets, plus Keelson's tracking marks. Other keys belong to someone else
 * (the Deployment controller's `deployment.kubernetes.io/revision`, an
 * operator's bookkeeping): they never make the object out of sync, since
 * the apply neither sets nor removes them.
 */
function declaredEntries(
  live: Readonly<Record<string, string>> | undefined,
  declared: Readonly<Record<string, string>> | undefined,
): Record<string, string> | undefined {
  if (!live) return undefined;
  const kept: Record<string, string> = {};
  for (const [key, value] of Object.entries(live)) {
    if (key === TRACKING_ID_ANNOTATION || key === TRACKING_LABEL || (declared && key in declared))
      kept[key] = value;
  }
  return kept;
}

/**
 * A fingerprint of what an object says, leaving out what the server and
 * other controllers rewrite without changing it: `status`, the
 * resourceVersion and managedFields. Two readings of an object with the same
 * content fingerprint differ at most in status.
 *
 * With `declared` (the object as Git declares it), labels and annotations
 * the declaration does not set are left out as well (see
 * {@link declaredEntries}): two readings then differ at most in what the
 * declaration leaves to others.
 */
export function contentFingerprintOf(obj: KubeObject, declared?: KubeObject): string {
  const metadata: Record<string, unknown> = { ...obj.metadata };
  delete metadata.resourceVersion;
  delete metadata.managedFields;
  if (declared) {
    metadata.labels = declaredEntries(obj.metadata.labels, declared.metadata.labels);
    metadata.annotations = declaredEntries(obj.metadata.annotations, declared.metadata.annotations);
  }
  const rest: Record<string, unknown> = { ...obj, metadata };
  delete rest.status;
  return fingerprintOf(rest);
}
