import { isRecord, type KubeObject } from '../core/index.js';

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

function isSecret(obj: KubeObject | undefined): obj is KubeObject {
  return obj?.kind === 'Secret' && (obj.apiVersion === 'v1' || obj.apiVersion.startsWith('v1'));
}

/**
 * Masks Secret values in a set of objects that will be shown together (the
 * two sides of a diff): every value of `data` and `stringData` becomes
 * `<masked value #n>`, where equal values get equal masks across the set, so
 * a changed value still shows as a change and an unchanged one does not.
 * kubectl's last-applied annotation, which repeats the values, is masked
 * whole. Other kinds pass through untouched.
 */
export function maskSecrets(
  objects: readonly (KubeObject | undefined)[],
): (KubeObject | undefined)[] {
  const masks = new Map<string, string>();
  const maskOf = (value: unknown): string => {
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    let mask = masks.get(text);
    if (mask === undefined) masks.set(text, (mask = `<masked value #${masks.size + 1}>`));
    return mask;
  };
  return objects.map((obj) => {
    if (!isSecret(obj)) return obj;
    const out: Record<string, unknown> = { ...obj };
    for (const field of ['data', 'stringData'] as const) {
      const values = obj[field];
      if (!isRecord(values)) continue;
      out[field] = Object.fromEntries(
        Object.keys(values)
          .sort()
          .map((k) => [k, maskOf(values[k])]),
      );
    }
    const annotations = obj.metadata.annotations;
    if (annotations?.[LAST_APPLIED] !== undefined) {
      out.metadata = {
        ...obj.metadata,
        annotations: { ...annotations, [LAST_APPLIED]: '<masked>' },
      };
    }
    return out as KubeObject;
  });
}
