import { describe, expect, it } from 'vitest';
import type { Application } from '../apis/index.js';
import type { KubeObject } from '../core/index.js';
import type { ComparisonResult } from '../diff/index.js';
import { ComparisonCache, comparisonFingerprint } from './comparison-cache.js';

const app = { spec: { destination: { namespace: 'shop' } } } as Application;
const cm = (rv: string, value = 'a'): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'c', namespace: 'shop', resourceVersion: rv },
  data: { value },
});

describe('ComparisonCache', () => {
  it('changes the fingerprint with the desired objects or any live resourceVersion', () => {
    const base = comparisonFingerprint(app, [cm('')], [cm('1')]);
    expect(comparisonFingerprint(app, [cm('')], [cm('1')])).toBe(base);
    expect(comparisonFingerprint(app, [cm('', 'b')], [cm('1')])).not.toBe(base);
    expect(comparisonFingerprint(app, [cm('')], [cm('2')])).not.toBe(base);
    expect(comparisonFingerprint(app, [cm('')], [])).not.toBe(base);
  });

  it('reuses a result while the fingerprint holds, and recomputes after maxReuse or forget', async () => {
    const cache = new ComparisonCache(2);
    let computed = 0;
    const compare = async (): Promise<ComparisonResult> => {
      computed++;
      return { status: 'Synced', resources: [] };
    };
    for (let i = 0; i < 3; i++) await cache.getOrCompare('shop', 'f1', compare);
    expect(computed).toBe(1);
    await cache.getOrCompare('shop', 'f1', compare); // third reuse: over maxReuse
    expect(computed).toBe(2);
    await cache.getOrCompare('shop', 'f2', compare);
    expect(computed).toBe(3);
    cache.forget('shop');
    await cache.getOrCompare('shop', 'f2', compare);
    expect(computed).toBe(4);
  });
});
