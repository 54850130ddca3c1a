import { describe, expect, it } from 'vitest';
import {
  describeObject,
  formatResourceKey,
  isKubeObject,
  parseApiVersion,
  resourceKeyOf,
} from './kube-object.js';

describe('kube objects', () => {
  const deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'shop' },
  };
  const namespace = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } };

  it('recognises objects and rejects things that are not', () => {
    expect(isKubeObject(deployment)).toBe(true);
    expect(isKubeObject({ kind: 'Deployment', metadata: {} })).toBe(false);
    expect(isKubeObject({ apiVersion: 'v1', kind: 'List', metadata: [] })).toBe(false);
    expect(isKubeObject('Deployment')).toBe(false);
  });

  it('splits API versions into group and version, the core group being empty', () => {
    expect(parseApiVersion('apps/v1')).toEqual({ group: 'apps', version: 'v1' });
    expect(parseApiVersion('v1')).toEqual({ group: '', version: 'v1' });
    expect(parseApiVersion('keelson.dev/v1alpha1')).toEqual({
      group: 'keelson.dev',
      version: 'v1alpha1',
    });
  });

  it('keys and names objects the same way errors and maps use them', () => {
    expect(formatResourceKey(resourceKeyOf(deployment))).toBe('apps/Deployment/shop/web');
    expect(formatResourceKey(resourceKeyOf(namespace))).toBe('/Namespace//shop');
    expect(describeObject(deployment)).toBe('Deployment/shop/web');
    expect(describeObject(namespace)).toBe('Namespace/shop');
  });
});
