/**
 * The resource tree as drawn: the application at the root, its managed
 * resources (those in Git) below it, and the live objects they own
 * (ReplicaSets, Pods, EndpointSlices…) below those, following `parentUids`.
 */
import type { ResourceNode } from '../api/types.js';

export interface TreeItem {
  /** Unique among siblings and stable across refreshes: `group/kind/namespace/name`. */
  readonly key: string;
  readonly node: ResourceNode;
  readonly children: readonly TreeItem[];
}

/** Display order of kinds: what a reader expects top to bottom (roughly the sync order). */
const KIND_ORDER = [
  'Namespace',
  'CustomResourceDefinition',
  'ServiceAccount',
  'Role',
  'ClusterRole',
  'RoleBinding',
  'ClusterRoleBinding',
  'Secret',
  'ConfigMap',
  'PersistentVolumeClaim',
  'Service',
  'Endpoints',
  'EndpointSlice',
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
  'Job',
  'CronJob',
  'Pod',
  'Ingress',
  'HorizontalPodAutoscaler',
];

/** Identity of a resource in a tree (uids change when an object is re-created; names do not). */
export function nodeKey(node: Pick<ResourceNode, 'group' | 'kind' | 'namespace' | 'name'>): string {
  return `${node.group}/${node.kind}/${node.namespace}/${node.name}`;
}

/** Orders nodes by kind (see KIND_ORDER, then alphabetically), namespace and name. */
export function compareNodes(a: ResourceNode, b: ResourceNode): number {
  const rank = (kind: string) => {
    const index = KIND_ORDER.indexOf(kind);
    return index === -1 ? KIND_ORDER.length : index;
  };
  return (
    rank(a.kind) - rank(b.kind) ||
    a.kind.localeCompare(b.kind) ||
    a.namespace.localeCompare(b.namespace) ||
    a.name.localeCompare(b.name)
  );
}

/**
 * Builds the forest under the application. Roots are nodes without a parent
 * in the tree (managed resources, or objects whose owner is not part of it).
 * A node owned by several parents appears under each; an ownership cycle
 * (which Kubernetes' garbage collector forbids, but data may be stale) is cut.
 */
export function buildTree(nodes: readonly ResourceNode[]): readonly TreeItem[] {
  const byUid = new Map<string, ResourceNode>();
  for (const node of nodes) if (node.uid) byUid.set(node.uid, node);
  const childrenOf = new Map<string, ResourceNode[]>();
  const roots: ResourceNode[] = [];
  for (const node of nodes) {
    const parents = node.parentUids.filter((uid) => byUid.has(uid) && uid !== node.uid);
    if (parents.length === 0) roots.push(node);
    for (const uid of parents) {
      const list = childrenOf.get(uid) ?? [];
      list.push(node);
      childrenOf.set(uid, list);
    }
  }
  const grow = (node: ResourceNode, ancestors: ReadonlySet<string>): TreeItem => {
    const seen = node.uid ? new Set([...ancestors, node.uid]) : ancestors;
    const children = (node.uid ? (childrenOf.get(node.uid) ?? []) : [])
      .filter((child) => !child.uid || !seen.has(child.uid))
      .sort(compareNodes)
      .map((child) => grow(child, seen));
    return { key: nodeKey(node), node, children };
  };
  return [...roots].sort(compareNodes).map((root) => grow(root, new Set()));
}

/** Every item of the forest, depth first (for counts and keyboard navigation). */
export function flattenTree(items: readonly TreeItem[]): readonly TreeItem[] {
  return items.flatMap((item) => [item, ...flattenTree(item.children)]);
}

/** How many nodes are in each health status (nodes without health are left out). */
export function countByHealth(nodes: readonly ResourceNode[]): ReadonlyMap<string, number> {
  const counts = new Map<string, number>();
  for (const node of nodes) {
    const status = node.health?.status;
    if (status) counts.set(status, (counts.get(status) ?? 0) + 1);
  }
  return counts;
}
