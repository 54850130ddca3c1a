import { describe, expect, it } from 'vitest';
import { parseRbacConfig, PolicyError } from './index.js';

describe('parseRbacConfig', () => {
  it('reads policy.csv, policy.default and scopes from the ConfigMap data', () => {
    const config = parseRbacConfig({
      'policy.csv': 'g, ops, role:admin\n',
      'policy.default': ' role:readonly ',
      scopes: '[groups, email]',
    });
    expect(config).toEqual({
      policyCsv: 'g, ops, role:admin\n',
      defaultRole: 'role:readonly',
      scopes: ['groups', 'email'],
    });
  });

  it('defaults to no policy, no default role and the groups claim', () => {
    expect(parseRbacConfig({})).toEqual({ policyCsv: '', scopes: ['groups'] });
  });

  it('refuses scopes that are not claim names', () => {
    expect(() => parseRbacConfig({ scopes: '[groups, "bad claim"]' })).toThrow(PolicyError);
  });
});
