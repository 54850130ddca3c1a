import { isRecord, type KubeObject } from '../core/index.js';

/**
 * The `group/kind` a CustomResourceDefinition makes the API server serve,
 * once it is Established and serves at least one version; `undefined`
 * before that (discovery is not expected to show the kind yet).
 */
export function establishedKindOf(crd: KubeObject): string | undefined {
  const spec = isRecord(crd.spec) ? crd.spec : {};
  const names = isRecord(spec.names) ? spec.names : {};
  const status = isRecord(crd.status) ? crd.status : {};
  const conditions = Array.isArray(status.conditions) ? status.conditions : [];
  const versions = Array.isArray(spec.versions) ? spec.versions : [];
  const established = conditions.some(
    (c) => isRecord(c) && c.type === 'Established' && c.status === 'True',
  );
  const served = versions.some((v) => isRecord(v) && v.served === true);
  if (!established || !served) return undefined;
  if (typeof spec.group !== 'string' || typeof names.kind !== 'string') return undefined;
  return `${spec.group}/${names.kind}`;
}
