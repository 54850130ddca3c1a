import { describe, expect, it } from 'vitest';
import type { OperationState, ResourceResult } from '../api/types.js';
import { operationProgress } from './app-view.js';

const result = (name: string, extra: Partial<ResourceResult> = {}): ResourceResult => ({
  group: '',
  version: '',
  kind: 'ConfigMap',
  namespace: 'shop',
  name,
  status: 'Synced',
  ...extra,
});

const state = (resources: ResourceResult[], resourcesTotal?: number): OperationState => ({
  operation: { sync: {} },
  phase: 'Running',
  startedAt: '2026-12-03T08:00:00Z',
  syncResult: { revision: 'abc', resources, ...(resourcesTotal ? { resourcesTotal } : {}) },
});

describe('operationProgress', () => {
  it('GIVEN every resource listed THEN done counts finished ones and failures are counted', () => {
    const progress = operationProgress(
      state([
        result('a'),
        result('b', { status: 'SyncFailed' }),
        result('hook', { hookType: 'PreSync', hookPhase: 'Running' }),
      ]),
    );
    expect(progress).toEqual({ total: 3, done: 2, failed: 1 });
  });

  it('GIVEN a large sync that lists only hooks and failures THEN the unlisted ones count as done', () => {
    const progress = operationProgress(
      state([result('hook', { hookType: 'PostSync', hookPhase: 'Running' })], 5000),
    );
    expect(progress).toEqual({ total: 5000, done: 4999, failed: 0 });
  });
});
