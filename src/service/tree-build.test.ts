import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../core/index.js';
import { buildResourceTree } from './tree-build.js';

const obj = (
  apiVersion: string,
  kind: string,
  name: string,
  uid: string,
  owner?: string,
  spec?: unknown,
): KubeObject => ({
  apiVersion,
  kind,
  metadata: {
    name,
    namespace: 'shop',
    uid,
    ...(owner ? { ownerReferences: [{ apiVersion: 'v1', kind: 'X', name: 'x', uid: owner }] } : {}),
  },
  ...(spec ? { spec } : {}),
});

describe('buildResourceTree', () => {
  it('GIVEN managed resources and candidates THEN owned objects hang below their owners, others are left out', () => {
    const template = { template: { spec: { containers: [{ name: 'm', image: 'nginx:1' }] } } };
    const dep = obj('apps/v1', 'Deployment', 'web', 'd1', undefined, template);
    const nodes = buildResourceTree(
      [
        {
          group: 'apps',
          version: 'v1',
          kind: 'Deployment',
          namespace: 'shop',
          name: 'web',
          status: 'Synced',
          health: { status: 'Healthy' },
        },
        {
          group: '',
          version: 'v1',
          kind: 'ConfigMap',
          namespace: 'shop',
          name: 'gone',
          status: 'OutOfSync',
          health: { status: 'Missing' },
        },
      ],
      [dep],
      [
        obj('v1', 'Pod', 'web-abc-1', 'p1', 'r1', {
          containers: [{ name: 'm', image: 'nginx:1' }],
        }),
        obj('apps/v1', 'ReplicaSet', 'web-abc', 'r1', 'd1', template),
        obj('v1', 'Pod', 'stranger', 'p9', 'zz'),
      ],
    );
    expect(nodes.map((n) => [n.kind, n.name, n.parentUids])).toEqual([
      ['ConfigMap', 'gone', []],
      ['Deployment', 'web', []],
      ['Pod', 'web-abc-1', ['r1']],
      ['ReplicaSet', 'web-abc', ['d1']],
    ]);
    expect(nodes[1]).toMatchObject({
      uid: 'd1',
      status: 'Synced',
      health: { status: 'Healthy' },
      images: ['nginx:1'],
    });
    expect(nodes[0]).toMatchObject({ status: 'OutOfSync', health: { status: 'Missing' } });
    expect(nodes[0]?.uid).toBeUndefined();
    expect(nodes[2]?.images).toEqual(['nginx:1']);
  });
});

describe('buildResourceTree for a large application', () => {
  it('GIVEN a capped status WHEN a live object is not listed THEN it gets the given sync status and its live health', () => {
    const listed = {
      version: 'v1',
      kind: 'ConfigMap',
      namespace: 'shop',
      name: 'drifted',
      status: 'OutOfSync' as const,
      health: { status: 'Healthy' as const },
    };
    const tracked = [
      obj('v1', 'ConfigMap', 'drifted', 'c1'),
      obj('v1', 'ConfigMap', 'quiet', 'c2'),
    ];
    const [first, second] = buildResourceTree([listed], tracked, [], { unlisted: 'Synced' });
    expect(first).toMatchObject({ name: 'drifted', status: 'OutOfSync' });
    expect(second).toMatchObject({
      name: 'quiet',
      status: 'Synced',
      health: { status: 'Healthy' },
    });
    const [, unreported] = buildResourceTree([listed], tracked, []);
    expect(unreported).toMatchObject({ name: 'quiet', status: 'Unknown' });
  });
});
