import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../core/index.js';
import { RecentValidations } from './recent-validations.js';

const configMap = (namespace: string, value = '1'): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'settings', namespace },
  data: { value },
});

describe('RecentValidations', () => {
  it('GIVEN an object found valid THEN the same object for another namespace is valid until the verdict expires', () => {
    let now = 0;
    const validations = new RecentValidations(60_000, () => now);
    expect(validations.wasValid(configMap('tenant-a'), true)).toBe(false);
    validations.rememberValid(configMap('tenant-a'), true);
    expect(validations.wasValid(configMap('tenant-b'), true)).toBe(true);
    // other content, or validated less strictly (Validate=false), is not the same verdict
    expect(validations.wasValid(configMap('tenant-b', '2'), true)).toBe(false);
    expect(validations.wasValid(configMap('tenant-b'), false)).toBe(false);
    // a schema or admission change is seen once the verdict expires
    now = 60_001;
    expect(validations.wasValid(configMap('tenant-b'), true)).toBe(false);
  });
});
