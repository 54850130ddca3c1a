import {
  applyObject,
  deleteObject,
  getObject,
  refOf,
  type ClusterConnection,
  type ObjectRef,
} from '../cluster/index.js';
import { parseApiVersion, type KubeObject } from '../core/index.js';

/** What applying one object did (the words kubectl prints). */
export type InstallAction = 'created' | 'configured' | 'unchanged';

/** What deleting one object did. */
export type UninstallAction = 'deleted' | 'not found';

/** One line of `keelson install` / `keelson uninstall` output. */
export interface InstallResult<A extends string = InstallAction> {
  /** The object as kubectl names it: `serviceaccount/keelson-application-controller`. */
  readonly object: string;
  readonly action: A;
}

export interface ApplyManifestsOptions {
  /** Called after each object, so a caller can report progress as it happens. */
  readonly onResult?: (result: InstallResult) => void;
  readonly signal?: AbortSignal;
}

/** `kind[.group]/name`, lower-case kind, as kubectl prints objects. */
export function kubectlName(ref: ObjectRef): string {
  const { group } = parseApiVersion(ref.apiVersion);
  return `${ref.kind.toLowerCase()}${group ? `.${group}` : ''}/${ref.name}`;
}

/**
 * Server-side applies `objects` in order (field manager `keelson`, taking
 * over fields another manager set, as `kubectl apply --server-side
 * --force-conflicts`). Goes through the cluster module's raw requests: the
 * official client's typed serializer would drop fields of built-in kinds it
 * has no model for. Idempotent: a second run reports `unchanged`. A failure
 * stops at the object that failed; its error names it.
 */
export async function applyManifests(
  connection: ClusterConnection,
  objects: readonly KubeObject[],
  options: ApplyManifestsOptions = {},
): Promise<InstallResult[]> {
  const results: InstallResult[] = [];
  for (const obj of objects) {
    const ref = refOf(obj);
    const before = await getObject(connection, ref, options.signal);
    const after = await applyObject(connection, obj, { force: true, signal: options.signal });
    const action: InstallAction = !before
      ? 'created'
      : before.metadata.resourceVersion === after.metadata.resourceVersion
        ? 'unchanged'
        : 'configured';
    const result = { object: kubectlName(ref), action };
    results.push(result);
    options.onResult?.(result);
  }
  return results;
}

export interface DeleteManifestsOptions {
  readonly onResult?: (result: InstallResult<UninstallAction>) => void;
  readonly signal?: AbortSignal;
}

/**
 * Deletes the objects `refs` name, in order, in the background (dependents such as the
 * Deployment's pods are garbage-collected after it), without waiting for them
 * to disappear. Objects already gone are reported `not found`.
 */
export async function deleteManifests(
  connection: ClusterConnection,
  refs: readonly ObjectRef[],
  options: DeleteManifestsOptions = {},
): Promise<InstallResult<UninstallAction>[]> {
  const results: InstallResult<UninstallAction>[] = [];
  for (const ref of refs) {
    const outcome = await deleteObject(connection, ref, {
      propagationPolicy: 'Background',
      signal: options.signal,
    });
    const result = {
      object: kubectlName(ref),
      action: outcome === 'deleted' ? 'deleted' : 'not found',
    } as const;
    results.push(result);
    options.onResult?.(result);
  }
  return results;
}
