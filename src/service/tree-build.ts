import type { ResourceStatus } from '../apis/index.js';
import {
  formatResourceKey,
  isRecord,
  parseApiVersion,
  resourceKeyOf,
  type KubeObject,
  type ResourceKey,
} from '../core/index.js';
import { assessHealth } from '../health/index.js';
import type { ResourceNode } from './types.js';

function containerImages(podSpec: unknown): string[] {
  if (!isRecord(podSpec)) return [];
  const containers = [
    ...(Array.isArray(podSpec.initContainers) ? podSpec.initContainers : []),
    ...(Array.isArray(podSpec.containers) ? podSpec.containers : []),
  ];
  return containers.flatMap((c) => (isRecord(c) && typeof c.image === 'string' ? [c.image] : []));
}

function field(obj: unknown, ...path: string[]): unknown {
  let current = obj;
  for (const key of path) current = isRecord(current) ? current[key] : undefined;
  return current;
}

/** Images of a Pod, a workload's Pod template, or a CronJob's Job template, for display. */
export function imagesOf(obj: KubeObject): string[] {
  const spec =
    obj.kind === 'Pod'
      ? obj.spec
      : obj.kind === 'CronJob'
        ? field(obj, 'spec', 'jobTemplate', 'spec', 'template', 'spec')
        : field(obj, 'spec', 'template', 'spec');
  return [...new Set(containerImages(spec))];
}

const keyOfStatus = (r: ResourceStatus): ResourceKey => ({
  group: r.group ?? '',
  kind: r.kind,
  namespace: r.namespace ?? '',
  name: r.name,
});

function liveNode(obj: KubeObject, parentUids: readonly string[]): ResourceNode {
  const key = resourceKeyOf(obj);
  const images = imagesOf(obj);
  return {
    ...key,
    version: parseApiVersion(obj.apiVersion).version,
    ...(obj.metadata.uid ? { uid: obj.metadata.uid } : {}),
    parentUids,
    health: assessHealth(obj),
    ...(obj.metadata.creationTimestamp ? { createdAt: obj.metadata.creationTimestamp } : {}),
    ...(images.length ? { images } : {}),
  };
}

/**
 * The resource tree (pure): one node per managed resource (from
 * `status.resources`, completed by the live object when there is one), then
 * every candidate whose owner (by uid, through ownerReferences) is already in
 * the tree, transitively: Deployment → ReplicaSet → Pod, CronJob → Job → Pod…
 * Managed resources have no parents; a child's parents are its owners in the
 * tree. Sorted: managed first by key, then children by key. A tracked object
 * the status does not list gets `unlisted` as its sync status (default
 * Unknown: the controller has not reported it yet).
 */
export function buildResourceTree(
  managed: readonly ResourceStatus[],
  tracked: readonly KubeObject[],
  candidates: readonly KubeObject[],
  { unlisted = 'Unknown' }: { readonly unlisted?: 'Synced' | 'Unknown' } = {},
): ResourceNode[] {
  const trackedByKey = new Map(tracked.map((o) => [formatResourceKey(resourceKeyOf(o)), o]));
  const nodes: ResourceNode[] = [];
  const inTree = new Set<string>();
  const seenKeys = new Set<string>();
  for (const r of managed) {
    const key = formatResourceKey(keyOfStatus(r));
    seenKeys.add(key);
    const live = trackedByKey.get(key);
    const base = live
      ? liveNode(live, [])
      : { ...keyOfStatus(r), version: r.version ?? '', parentUids: [] };
    nodes.push({
      ...base,
      ...(r.version ? { version: r.version } : {}),
      status: r.status ?? 'Unknown',
      health: r.health
        ? { status: r.health.status, ...(r.health.message ? { message: r.health.message } : {}) }
        : base.health,
    });
    if (live?.metadata.uid) inTree.add(live.metadata.uid);
  }
  // Objects of the app the controller has not reported yet (a fresh sync), or
  // left out of a large application's status.
  for (const obj of tracked) {
    if (seenKeys.has(formatResourceKey(resourceKeyOf(obj)))) continue;
    nodes.push({ ...liveNode(obj, []), status: unlisted });
    if (obj.metadata.uid) inTree.add(obj.metadata.uid);
  }
  const children: ResourceNode[] = [];
  let pending = candidates.filter((c) => c.metadata.uid && !inTree.has(c.metadata.uid));
  for (let grew = true; grew;) {
    grew = false;
    const rest: KubeObject[] = [];
    for (const obj of pending) {
      const parents = (obj.metadata.ownerReferences ?? [])
        .map((o) => o.uid)
        .filter((uid) => inTree.has(uid));
      if (parents.length === 0) {
        rest.push(obj);
        continue;
      }
      children.push(liveNode(obj, parents));
      inTree.add(obj.metadata.uid ?? '');
      grew = true;
    }
    pending = rest;
  }
  const byKey = (a: ResourceNode, b: ResourceNode): number =>
    formatResourceKey(a).localeCompare(formatResourceKey(b));
  return [...nodes.sort(byKey), ...children.sort(byKey)];
}
