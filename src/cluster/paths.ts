import { KeelsonError, describeObject, parseApiVersion, type KubeObject } from '../core/index.js';
import type { ClusterConnection } from './connection.js';
import type { ApiResource } from './discovery.js';

/** What locates one object: its type and, for namespaced kinds, its namespace. */
export interface ObjectRef {
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
}

/** An object of a namespaced kind has no namespace (and none was filled in). */
export class MissingNamespaceError extends KeelsonError {
  constructor(readonly object: string) {
    super(`${object}: namespaced object without a namespace`);
  }
}

export function refOf(obj: KubeObject): ObjectRef {
  return {
    apiVersion: obj.apiVersion,
    kind: obj.kind,
    namespace: obj.metadata.namespace,
    name: obj.metadata.name ?? '',
  };
}

/** `Kind/namespace/name` (or `Kind/name`) of a reference, as errors name objects. */
export function describeRef(ref: ObjectRef): string {
  return describeObject({
    ...parseApiVersion(ref.apiVersion),
    kind: ref.kind,
    namespace: ref.namespace ?? '',
    name: ref.name,
  });
}

/** URL path of a resource collection, across all namespaces when `namespace` is omitted. */
export function collectionPath(resource: ApiResource, namespace?: string): string {
  const base = resource.group
    ? `/apis/${resource.group}/${resource.version}`
    : `/api/${resource.version}`;
  const ns = resource.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  return `${base}${ns}/${resource.resource}`;
}

/** URL path of one object. */
export function objectPath(
  resource: ApiResource,
  namespace: string | undefined,
  name: string,
): string {
  return `${collectionPath(resource, namespace)}/${encodeURIComponent(name)}`;
}

/**
 * Resolves where `ref` lives: its resource type (through discovery) and
 * URL path. Throws `UnknownKindError` for kinds the server does not serve and
 * {@link MissingNamespaceError} for a namespaced object without namespace.
 */
export async function locate(
  connection: ClusterConnection,
  ref: ObjectRef,
): Promise<{ resource: ApiResource; path: string; collection: string }> {
  const gv = parseApiVersion(ref.apiVersion);
  const resource = await connection.discovery.resourceFor({ ...gv, kind: ref.kind });
  if (resource.namespaced && !ref.namespace) throw new MissingNamespaceError(describeRef(ref));
  const namespace = resource.namespaced ? ref.namespace : undefined;
  return {
    resource,
    collection: collectionPath(resource, namespace),
    path: objectPath(resource, namespace, ref.name),
  };
}
