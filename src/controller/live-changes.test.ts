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
  it('drops status churn that leaves health unchanged, tells drift from health changes', () => {
    const filter = new LiveChangeFilter();
    const upsert = { type: 'upsert' as const, key, app: 'shop' };
    expect(filter.effectOf(upsert, deployment('web:1', ready, '1'))).toBe('drift'); // first sight
    // A controller rewriting status (a new condition timestamp): same health.
    expect(
      filter.effectOf(upsert, deployment('web:1', { ...ready, conditions: [{ type: 'x' }] }, '2')),
    ).toBe('none');
    // Drift outside status.
    expect(filter.effectOf(upsert, deployment('web:2', ready, '3'))).toBe('drift');
    // Health changes (a replica becomes unavailable), then comes back.
    const degraded = { ...ready, readyReplicas: 1, availableReplicas: 1 };
    expect(filter.effectOf(upsert, deployment('web:2', degraded, '4'))).toBe('health');
    expect(filter.effectOf(upsert, deployment('web:2', ready, '5'))).toBe('health');
    // Drift and a health change at once count as drift.
    expect(filter.effectOf(upsert, deployment('web:3', degraded, '6'))).toBe('drift');
    expect(filter.effectOf({ type: 'delete', key, app: 'shop' }, undefined)).toBe('drift');
  });
});
