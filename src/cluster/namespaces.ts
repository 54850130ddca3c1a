import { isRecord, omitKeys, parseApiVersion, type KubeObject } from '../core/index.js';
import type { ClusterConnection } from './connection.js';

/** `group/Kind` → namespaced?, for the CRDs among a set of objects (their kinds are not served yet). */
export function scopesFromCrds(objects: readonly KubeObject[]): Map<string, boolean> {
  const scopes = new Map<string, boolean>();
  for (const obj of objects) {
    if (obj.kind !== 'CustomResourceDefinition' || !isRecord(obj.spec)) continue;
    const { group, names, scope } = obj.spec;
    if (typeof group === 'string' && isRecord(names) && typeof names.kind === 'string') {
      scopes.set(`${group}/${names.kind}`, scope === 'Namespaced');
    }
  }
  return scopes;
}

// The same rendered object (the render cache hands out the same ones on
// every resync) gets the same namespaced copy, so that what is computed
// from it can be remembered by identity (see KnownInSync).
const defaulted = new WeakMap<KubeObject, { namespace: string; obj: KubeObject }>();

/**
 * Puts every object where the API server would: namespaced objects without
 * a namespace get `defaultNamespace`, cluster-scoped objects lose any
 * namespace. The scope comes from discovery, or from a CRD in `objects` for
 * kinds the server does not serve yet; objects of unknown scope are left as
 * they are.
 */
export async function withDefaultNamespaces(
  connection: ClusterConnection,
  objects: readonly KubeObject[],
  defaultNamespace: string | undefined,
): Promise<KubeObject[]> {
  const crdScopes = scopesFromCrds(objects);
  return Promise.all(
    objects.map(async (obj) => {
      const gv = parseApiVersion(obj.apiVersion);
      const resource = await connection.discovery.find({ ...gv, kind: obj.kind });
      const namespaced = resource?.namespaced ?? crdScopes.get(`${gv.group}/${obj.kind}`);
      if (namespaced === undefined) return obj;
      if (namespaced && !obj.metadata.namespace && defaultNamespace) {
        const known = defaulted.get(obj);
        if (known?.namespace === defaultNamespace) return known.obj;
        const copy = { ...obj, metadata: { ...obj.metadata, namespace: defaultNamespace } };
        defaulted.set(obj, { namespace: defaultNamespace, obj: copy });
        return copy;
      }
      if (!namespaced && obj.metadata.namespace !== undefined) {
        return { ...obj, metadata: omitKeys(obj.metadata, 'namespace') };
      }
      return obj;
    }),
  );
}
