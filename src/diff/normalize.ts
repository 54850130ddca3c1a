import { isRecord, type KubeObject } from '../core/index.js';

/** Metadata the API server maintains; never part of a comparison. */
const SYSTEM_METADATA = [
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'managedFields',
  'selfLink',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
] as const;

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

type Mutable = Record<string, unknown>;

/**
 * The comparable form of an object (a copy): no `status`, no system
 * metadata, no kubectl last-applied annotation, no empty label/annotation
 * maps, and the known normalizations:
 * - a Secret's `stringData` is folded into `data` (base64), as the API server does;
 * - an aggregated ClusterRole's `rules` are dropped (the controller fills them in).
 */
export function normalizeForDiff(obj: KubeObject): KubeObject {
  const out = structuredClone(obj) as Mutable & KubeObject;
  delete out.status;
  const metadata = out.metadata as Mutable;
  for (const field of SYSTEM_METADATA) Reflect.deleteProperty(metadata, field);
  if (isRecord(metadata.annotations)) {
    Reflect.deleteProperty(metadata.annotations, LAST_APPLIED);
    if (Object.keys(metadata.annotations).length === 0) delete metadata.annotations;
  }
  if (isRecord(metadata.labels) && Object.keys(metadata.labels).length === 0)
    delete metadata.labels;
  if (out.kind === 'Secret' && isRecord(out.stringData)) {
    const data: Mutable = isRecord(out.data) ? out.data : {};
    for (const [k, v] of Object.entries(out.stringData)) {
      data[k] = Buffer.from(String(v), 'utf8').toString('base64');
    }
    out.data = data;
    delete out.stringData;
  }
  if (out.kind === 'ClusterRole' && out.aggregationRule !== undefined) delete out.rules;
  return out;
}
