import { describe, expect, it } from 'vitest';
import type { ResourceResult, ResourceStatus } from '../apis/index.js';
import { limitResourceResults, limitResourceStatuses } from './status-limit.js';

const status = (name: string, extra: Partial<ResourceStatus> = {}): ResourceStatus => ({
  version: 'v1',
  kind: 'ConfigMap',
  namespace: 'shop',
  name,
  status: 'Synced',
  health: { status: 'Healthy' },
  ...extra,
});

const result = (name: string, extra: Partial<ResourceResult> = {}): ResourceResult => ({
  group: '',
  version: '',
  kind: 'ConfigMap',
  namespace: 'shop',
  name,
  status: 'Synced',
  ...extra,
});

describe('limitResourceStatuses', () => {
  it('GIVEN fewer resources than the limit THEN all are listed and counted', () => {
    const { resources, summary } = limitResourceStatuses(
      [status('a'), status('b', { status: 'OutOfSync', health: { status: 'Missing' } })],
      10,
    );
    expect(resources.map((r) => r.name)).toEqual(['a', 'b']);
    expect(summary).toEqual({
      total: 2,
      listed: 2,
      outOfSync: 1,
      healthy: 1,
      progressing: 0,
      degraded: 0,
      suspended: 0,
      missing: 1,
      unknown: 0,
    });
  });

  it('GIVEN more resources than the limit THEN out-of-sync, then unhealthy ones are kept, in their original order', () => {
    const all = [
      ...Array.from({ length: 50 }, (_, i) => status(`ok-${String(i).padStart(2, '0')}`)),
      status('zz-prune', { requiresPruning: true }),
      status('mm-degraded', { health: { status: 'Degraded', message: 'crash' } }),
      status('aa-drift', { status: 'OutOfSync' }),
    ];
    const { resources, summary } = limitResourceStatuses(all, 3);
    expect(resources.map((r) => r.name)).toEqual(['zz-prune', 'mm-degraded', 'aa-drift']);
    expect(summary).toMatchObject({ total: 53, listed: 3, outOfSync: 2, healthy: 52, degraded: 1 });
    const two = limitResourceStatuses(all, 2).resources.map((r) => r.name);
    expect(two).toEqual(['zz-prune', 'aa-drift']);
  });
});

describe('limitResourceResults', () => {
  it('GIVEN a sync of more resources than the limit THEN hooks and failures are kept and the total is said', () => {
    const all = [
      ...Array.from({ length: 20 }, (_, i) => result(`cm-${i}`)),
      result('failed', { status: 'SyncFailed', message: 'admission webhook denied' }),
      result('migrate', {
        kind: 'Job',
        group: 'batch',
        hookType: 'PreSync',
        hookPhase: 'Succeeded',
      }),
    ];
    const limited = limitResourceResults(all, 2);
    expect(limited.resources.map((r) => r.name)).toEqual(['failed', 'migrate']);
    expect(limited.resourcesTotal).toBe(22);
    expect(limitResourceResults(all, 100)).toEqual({ resources: all });
  });
});
