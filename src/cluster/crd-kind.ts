import { isRecord, type KubeObject } from '../core/index.js';

/**
 * The `group/kind` a CustomResourceDefinition makes the API server serve,
 * once it is Established and serves at least one version; `undefined`
 * before that (discovery is not expected to show the kind yet).
 */
export function establishedKindOf(crd: KubeObject): string | undefined {
  const spec = isRecord(crd.spec) ? crd.spec : {};
  const names = isRecord(spec.names) ? spec.names : {};
  const versions = Array.isArray(spec.versions) ? spec.versions : [];
  const served = versions.some((v) => isRecord(v) && v.served === true);
  if (!isEstablished(crd) || !served) return undefined;
  if (typeof spec.group !== 'string' || typeof names.kind !== 'string') return undefined;
  return `${spec.group}/${names.kind}`;
}

/** Whether a CustomResourceDefinition's `Established` condition is True. */
export function isEstablished(crd: KubeObject | undefined): boolean {
  const status = crd && isRecord(crd.status) ? crd.status : {};
  const conditions = Array.isArray(status.conditions) ? status.conditions : [];
  return conditions.some((c) => isRecord(c) && c.type === 'Established' && c.status === 'True');
}
