import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import {
  labelChanges,
  parseBoolean,
  parseDuration,
  parseKeyValue,
  parseResourceSpec,
} from './args.js';

describe('--resource GROUP:KIND:[NAMESPACE/]NAME', () => {
  it('parses a namespaced resource, a core-group one and one without namespace', () => {
    expect(parseResourceSpec('apps:Deployment:shop/web')).toEqual({
      group: 'apps',
      kind: 'Deployment',
      namespace: 'shop',
      name: 'web',
    });
    expect(parseResourceSpec(':Service:web')).toEqual({ group: '', kind: 'Service', name: 'web' });
    expect(parseResourceSpec('rbac.authorization.k8s.io:ClusterRole:reader')).toEqual({
      group: 'rbac.authorization.k8s.io',
      kind: 'ClusterRole',
      name: 'reader',
    });
  });

  it('refuses malformed specs', () => {
    for (const bad of [
      'Deployment/web',
      'apps:Deployment',
      'apps::web',
      'apps:Deployment:',
      'a:B:c/d/e',
      'a:B:ns/',
    ])
      expect(() => parseResourceSpec(bad), bad).toThrow(InvalidArgumentError);
  });
});

describe('key=value options', () => {
  it('split at the first = and keep = in values', () => {
    expect(parseKeyValue('a=b=c')).toEqual(['a', 'b=c']);
    expect(() => parseKeyValue('=x')).toThrow(InvalidArgumentError);
    expect(() => parseKeyValue('novalue')).toThrow(InvalidArgumentError);
  });

  it('set labels with key=value and remove them with key-', () => {
    expect(labelChanges(['team=shop', 'tier-', 'x=y-'])).toEqual({
      team: 'shop',
      tier: null,
      x: 'y-',
    });
  });
});

describe('durations and booleans', () => {
  it('read 30d, 12h, 90m, 45s and plain seconds', () => {
    expect(parseDuration('30d')).toBe(30 * 86_400);
    expect(parseDuration('12h')).toBe(43_200);
    expect(parseDuration('90m')).toBe(5_400);
    expect(parseDuration('45s')).toBe(45);
    expect(parseDuration('600')).toBe(600);
    for (const bad of ['0', '-1d', '1w', 'soon', ''])
      expect(() => parseDuration(bad), bad).toThrow(InvalidArgumentError);
  });

  it('accept only true and false', () => {
    expect(parseBoolean('true')).toBe(true);
    expect(parseBoolean('false')).toBe(false);
    expect(() => parseBoolean('yes')).toThrow(InvalidArgumentError);
  });
});
