import { omitKeys, type KubeObject } from '../core/index.js';

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/**
 * What the live-state cache keeps of an object: everything except
 * `metadata.managedFields` and kubectl's last-applied annotation, which are
 * often the largest parts of an object and which diffing does not read from
 * the cache (the server-side dry run returns current managed fields).
 */
export function leanObject(obj: KubeObject): KubeObject {
  const metadata = omitKeys(obj.metadata, 'managedFields');
  const annotations = metadata.annotations;
  if (annotations && LAST_APPLIED in annotations) {
    return { ...obj, metadata: { ...metadata, annotations: omitKeys(annotations, LAST_APPLIED) } };
  }
  return { ...obj, metadata };
}
