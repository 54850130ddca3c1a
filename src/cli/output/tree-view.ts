import type { ResourceNode, ResourceTree } from '../../service/index.js';
import { formatTable } from './table.js';

function sortKey(n: ResourceNode): string {
  return `${n.kind}\u0000${n.group}\u0000${n.namespace}\u0000${n.name}`;
}

function byKey(a: ResourceNode, b: ResourceNode): number {
  return sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : 0;
}

/**
 * `app resources`: managed resources and, indented under each, the live
 * objects it owns (ReplicaSets, Pods…), like `kubectl tree`. A node whose
 * owner is not in the tree is shown at the top level, so nothing is lost.
 */
export function formatResourceTree(tree: ResourceTree): string {
  const uids = new Set(tree.nodes.flatMap((n) => (n.uid ? [n.uid] : [])));
  const children = new Map<string, ResourceNode[]>();
  const roots: ResourceNode[] = [];
  for (const node of tree.nodes) {
    const parent = node.parentUids.find((uid) => uids.has(uid));
    if (parent === undefined) roots.push(node);
    else children.set(parent, [...(children.get(parent) ?? []), node]);
  }
  const rows: string[][] = [['KIND/NAME', 'NAMESPACE', 'STATUS', 'HEALTH', 'MESSAGE']];
  const seen = new Set<string>();
  const visit = (node: ResourceNode, prefix: string, branch: string): void => {
    const kind = node.group ? `${node.kind}.${node.group}` : node.kind;
    rows.push([
      `${prefix}${branch}${kind}/${node.name}`,
      node.namespace,
      node.status ?? '',
      node.health?.status ?? '',
      node.health?.message ?? '',
    ]);
    // Owner references cannot form cycles in Kubernetes, but a tree built
    // from several snapshots could repeat a uid: never loop.
    if (!node.uid || seen.has(node.uid)) return;
    seen.add(node.uid);
    const kids = [...(children.get(node.uid) ?? [])].sort(byKey);
    const childPrefix = prefix + (branch === '' ? '' : branch === '├─ ' ? '│  ' : '   ');
    kids.forEach((kid, i) => visit(kid, childPrefix, i === kids.length - 1 ? '└─ ' : '├─ '));
  };
  for (const root of [...roots].sort(byKey)) visit(root, '', '');
  return formatTable(rows);
}
