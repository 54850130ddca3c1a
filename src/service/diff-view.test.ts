import { describe, expect, it } from 'vitest';
import type { ComparisonResult } from '../diff/index.js';
import { toApplicationDiff } from './diff-view.js';

describe('toApplicationDiff', () => {
  it('GIVEN a comparison THEN views are sorted, Extra requires pruning and failures are messages', () => {
    const result: ComparisonResult = {
      status: 'OutOfSync',
      resources: [
        {
          key: { group: 'apps', kind: 'Deployment', namespace: 'shop', name: 'web' },
          status: 'OutOfSync',
          diff: '-  replicas: 1\n+  replicas: 2\n',
          method: 'server-side',
          target: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' } },
          live: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' } },
        },
        {
          key: { group: '', kind: 'ConfigMap', namespace: 'shop', name: 'old' },
          status: 'Extra',
          diff: '',
          method: 'none',
          live: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'old' } },
        },
        {
          key: { group: '', kind: 'ConfigMap', namespace: 'shop', name: 'new' },
          status: 'Missing',
          diff: '',
          method: 'structural',
          target: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'new' } },
          dryRunError: {
            reason: 'NamespaceNotFound',
            message: 'namespace shop not found',
            transient: false,
          },
        },
      ],
    };
    const diff = toApplicationDiff('web', 'abc', result);
    expect(diff).toMatchObject({ application: 'web', revision: 'abc', status: 'OutOfSync' });
    expect(diff.resources.map((r) => `${r.kind}/${r.name}`)).toEqual([
      'ConfigMap/new',
      'ConfigMap/old',
      'Deployment/web',
    ]);
    expect(diff.resources[0]).toMatchObject({
      status: 'Missing',
      version: 'v1',
      message: 'namespace shop not found',
    });
    expect(diff.resources[1]).toMatchObject({ status: 'Extra', requiresPruning: true });
    expect(diff.resources[2]).toMatchObject({ group: 'apps', version: 'v1', status: 'OutOfSync' });
    expect(diff.resources[2]?.requiresPruning).toBeUndefined();
  });
});
