import { parseApiVersion } from '../core/index.js';
import type { ComparisonResult, ResourceDiff } from '../diff/index.js';
import type { ApplicationDiff, ResourceDiffView } from './types.js';

/** One compared resource as front ends show it (Secret values already masked by the diff). */
export function toResourceDiffView(r: ResourceDiff): ResourceDiffView {
  const apiVersion = r.target?.apiVersion ?? r.live?.apiVersion;
  const message = [r.conflict?.message, r.dryRunError?.message].filter(Boolean).join('; ');
  return {
    group: r.key.group,
    ...(apiVersion ? { version: parseApiVersion(apiVersion).version } : {}),
    kind: r.key.kind,
    namespace: r.key.namespace,
    name: r.key.name,
    status: r.status,
    diff: r.diff,
    ...(r.live ? { live: r.live } : {}),
    ...(r.target ? { desired: r.target } : {}),
    ...(r.status === 'Extra' ? { requiresPruning: true } : {}),
    ...(message ? { message } : {}),
  };
}

const sortKey = (v: ResourceDiffView): string =>
  [v.group, v.kind, v.namespace, v.name].join('\u0000');

/** A whole comparison as front ends show it, resources sorted by group/kind/namespace/name. */
export function toApplicationDiff(
  application: string,
  revision: string,
  result: ComparisonResult,
): ApplicationDiff {
  const resources = result.resources
    .map(toResourceDiffView)
    .sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : 0));
  return { application, revision, status: result.status, resources };
}
