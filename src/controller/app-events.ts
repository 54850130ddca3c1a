import { isDeepStrictEqual } from 'node:util';
import type { KubeObject } from '../core/index.js';

/**
 * True when an Application changed only in `status` (and server-maintained
 * metadata such as resourceVersion and managedFields): what the controller
 * itself writes after every comparison. A user's change — spec or operation
 * (both bump `metadata.generation`), labels, annotations such as a refresh
 * request, finalizers, deletion — is never status-only.
 */
export function onlyStatusChanged(before: KubeObject, after: KubeObject): boolean {
  const a = before.metadata;
  const b = after.metadata;
  return (
    a.generation === b.generation &&
    a.deletionTimestamp === b.deletionTimestamp &&
    isDeepStrictEqual(a.labels ?? {}, b.labels ?? {}) &&
    isDeepStrictEqual(a.annotations ?? {}, b.annotations ?? {}) &&
    isDeepStrictEqual(a.finalizers ?? [], b.finalizers ?? [])
  );
}
