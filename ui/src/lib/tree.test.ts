import { describe, expect, it } from 'vitest';
import type { ResourceNode } from '../api/types.js';
import { buildTree, countByHealth, flattenTree, nodeKey } from './tree.js';

const node = (
  kind: string,
  name: string,
  uid: string,
  parentUids: string[] = [],
  extra: Partial<ResourceNode> = {},
): ResourceNode => ({
  group: kind === 'Deployment' || kind === 'ReplicaSet' ? 'apps' : '',
  version: 'v1',
  kind,
  namespace: 'shop',
  name,
  uid,
  parentUids,
  ...extra,
});

describe('resource tree', () => {
  it('nests owned objects under their managed resource, in reading order', () => {
    // GIVEN a Deployment → ReplicaSet → two Pods, and a Service, listed out of order
    const nodes = [
      node('Pod', 'web-abc-2', 'p2', ['rs']),
      node('Service', 'web', 'svc', [], { status: 'Synced' }),
      node('ReplicaSet', 'web-abc', 'rs', ['dep']),
      node('Pod', 'web-abc-1', 'p1', ['rs']),
      node('Deployment', 'web', 'dep', [], { status: 'OutOfSync' }),
    ];
    // WHEN the tree is built
    const tree = buildTree(nodes);
    // THEN the Service comes before the Deployment, and Pods sit under the ReplicaSet by name
    expect(tree.map((i) => i.node.kind)).toEqual(['Service', 'Deployment']);
    const replicaSet = tree[1]?.children[0];
    expect(replicaSet?.node.name).toBe('web-abc');
    expect(replicaSet?.children.map((i) => i.node.name)).toEqual(['web-abc-1', 'web-abc-2']);
    expect(flattenTree(tree)).toHaveLength(5);
  });

  it('treats objects whose owner is not in the tree as roots', () => {
    const tree = buildTree([node('Pod', 'orphan', 'p', ['gone'])]);
    expect(tree.map((i) => i.node.name)).toEqual(['orphan']);
  });

  it('cuts ownership cycles instead of recursing forever', () => {
    const tree = buildTree([
      node('ConfigMap', 'root', 'r'),
      node('ConfigMap', 'a', 'a', ['r', 'b']),
      node('ConfigMap', 'b', 'b', ['a']),
    ]);
    const names = flattenTree(tree).map((i) => i.node.name);
    expect(names).toEqual(['root', 'a', 'b']);
  });

  it('keys nodes by identity and counts health', () => {
    const nodes = [
      node('Pod', 'a', '1', [], { health: { status: 'Healthy' } }),
      node('Pod', 'b', '2', [], { health: { status: 'Healthy' } }),
      node('Pod', 'c', '3', [], { health: { status: 'Degraded' } }),
      node('ConfigMap', 'd', '4'),
    ];
    expect(nodeKey(nodes[0] as ResourceNode)).toBe('/Pod/shop/a');
    expect([...countByHealth(nodes)]).toEqual([
      ['Healthy', 2],
      ['Degraded', 1],
    ]);
  });
});
