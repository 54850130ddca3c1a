import { isNotFound } from './api-error.js';
import type { ClusterConnection } from './connection.js';
import { describeRef, locate, type ObjectRef } from './paths.js';

/** How dependents of a deleted object are handled (Kubernetes' `propagationPolicy`). */
export type PropagationPolicy = 'Foreground' | 'Background' | 'Orphan';

export interface DeleteOptions {
  /** Default `Foreground`, as Argo CD prunes. */
  readonly propagationPolicy?: PropagationPolicy;
  /** Delete only if the live object still has this uid (it was not replaced by another one meanwhile). */
  readonly uid?: string;
  readonly dryRun?: boolean;
  readonly signal?: AbortSignal;
}

/**
 * Deletes one object. Resolves `deleted` when the API accepted the deletion
 * (it may still be finalizing), `gone` when there was nothing to delete.
 */
export async function deleteObject(
  connection: ClusterConnection,
  ref: ObjectRef,
  options: DeleteOptions = {},
): Promise<'deleted' | 'gone'> {
  const { path } = await locate(connection, ref);
  try {
    await connection.request({
      method: 'DELETE',
      path,
      query: { dryRun: options.dryRun ? 'All' : undefined },
      body: {
        apiVersion: 'v1',
        kind: 'DeleteOptions',
        propagationPolicy: options.propagationPolicy ?? 'Foreground',
        ...(options.uid ? { preconditions: { uid: options.uid } } : {}),
      },
      target: describeRef(ref),
      verb: options.dryRun ? 'dry-run delete' : 'delete',
      signal: options.signal,
    });
    return 'deleted';
  } catch (err) {
    if (isNotFound(err)) return 'gone';
    throw err;
  }
}
