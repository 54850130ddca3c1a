import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../core/index.js';
import { onlyStatusChanged } from './app-events.js';

const app = (metadata: Record<string, unknown>, status: unknown = {}): KubeObject => ({
  apiVersion: 'keelson.dev/v1alpha1',
  kind: 'Application',
  metadata: { name: 'shop', generation: 3, resourceVersion: '10', ...metadata },
  status,
});

describe('onlyStatusChanged', () => {
  it('ignores the controller’s own status write', () => {
    const before = app({}, { reconciledAt: '2026-01-01T00:00:00Z' });
    const after = app({ resourceVersion: '11' }, { reconciledAt: '2026-01-01T00:00:05Z' });
    expect(onlyStatusChanged(before, after)).toBe(true);
  });

  it.each([
    ['a spec or operation change', { generation: 4 }],
    ['a refresh request', { annotations: { 'keelson.dev/refresh': 'hard' } }],
    ['a label change', { labels: { team: 'shop' } }],
    ['a finalizer', { finalizers: ['resources-finalizer.keelson.dev'] }],
    ['a deletion', { deletionTimestamp: '2026-01-01T00:00:00Z' }],
  ])('reacts to %s', (_what, change) => {
    expect(onlyStatusChanged(app({}), app({ resourceVersion: '11', ...change }))).toBe(false);
  });
});
