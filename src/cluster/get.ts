import { isKubeObject, isRecord, type KubeObject } from '../core/index.js';
import { isNotFound } from './api-error.js';
import type { ClusterConnection } from './connection.js';
import type { ApiResource } from './discovery.js';
import { collectionPath, describeRef, locate, type ObjectRef } from './paths.js';

/** Reads one object; `undefined` when it does not exist. */
export async function getObject(
  connection: ClusterConnection,
  ref: ObjectRef,
  signal?: AbortSignal,
): Promise<KubeObject | undefined> {
  const { path } = await locate(connection, ref);
  try {
    const body = await connection.request({
      method: 'GET',
      path,
      target: describeRef(ref),
      verb: 'get',
      signal,
    });
    return isKubeObject(body) ? body : undefined;
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

export interface ListOptions {
  readonly namespace?: string;
  readonly labelSelector?: string;
  readonly fieldSelector?: string;
  /** Items per page (default 500). */
  readonly pageSize?: number;
  readonly signal?: AbortSignal;
}

export interface ListResult {
  readonly items: KubeObject[];
  /** The collection's resourceVersion, from which a watch resumes. */
  readonly resourceVersion: string;
}

/** Lists every object of a resource type, page by page; items get their `apiVersion` and `kind`. */
export async function listObjects(
  connection: ClusterConnection,
  resource: ApiResource,
  options: ListOptions = {},
): Promise<ListResult> {
  const apiVersion = resource.group ? `${resource.group}/${resource.version}` : resource.version;
  const path = collectionPath(resource, options.namespace);
  const items: KubeObject[] = [];
  let resourceVersion = '';
  let continueToken: string | undefined;
  do {
    const page = await connection.request({
      method: 'GET',
      path,
      query: {
        labelSelector: options.labelSelector,
        fieldSelector: options.fieldSelector,
        limit: options.pageSize ?? 500,
        continue: continueToken,
      },
      target: path,
      verb: 'list',
      signal: options.signal,
    });
    const meta = isRecord(page) && isRecord(page.metadata) ? page.metadata : {};
    resourceVersion = typeof meta.resourceVersion === 'string' ? meta.resourceVersion : '';
    continueToken = typeof meta.continue === 'string' && meta.continue ? meta.continue : undefined;
    const raw = isRecord(page) && Array.isArray(page.items) ? page.items : [];
    for (const item of raw) {
      const obj = isRecord(item) ? { apiVersion, kind: resource.kind, ...item } : item;
      if (isKubeObject(obj)) items.push(obj);
    }
  } while (continueToken);
  return { items, resourceVersion };
}
