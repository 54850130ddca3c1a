import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../core/index.js';
import { LiveChangeFilter } from './live-changes.js';

const key = { group: 'apps', kind: 'Deployment', namespace: 'shop', name: 'web' };
const deployment = (image: string, status: Record<string, unknown>, rv: string): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'shop', generation: 1, resourceVersion: rv },
  spec: { replicas: 2, template: { spec: { containers: [{ name: 'web', image }] } } },
  status: { observedGeneration: 1, ...status },
});
const ready = { replicas: 2, updatedReplicas: 2, readyReplicas: 2, availableReplicas: 2 };

describe('LiveChangeFilter', () => {
  it('drops status churn that leaves health unchanged, keeps drift and health changes', () => {
    const filter = new LiveChangeFilter();
    const upsert = { type: 'upsert' as const, key, app: 'shop' };
    expect(filter.matters(upsert, deployment('web:1', ready, '1'))).toBe(true); // first sight
    // A controller rewriting status (a new condition timestamp): same health.
    expect(
      filter.matters(upsert, deployment('web:1', { ...ready, conditions: [{ type: 'x' }] }, '2')),
    ).toBe(false);
    // Drift outside status.
    expect(filter.matters(upsert, deployment('web:2', ready, '3'))).toBe(true);
    // Health changes (a replica becomes unavailable).
    expect(
      filter.matters(
        upsert,
        deployment('web:2', { ...ready, readyReplicas: 1, availableReplicas: 1 }, '4'),
      ),
    ).toBe(true);
    expect(filter.matters({ type: 'delete', key, app: 'shop' }, undefined)).toBe(true);
  });
});
