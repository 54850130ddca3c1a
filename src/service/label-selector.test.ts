import { describe, expect, it } from 'vitest';
import { InvalidRequestError } from './errors.js';
import { matchesLabels, parseLabelSelector } from './label-selector.js';

const matches = (selector: string, labels: Record<string, string>): boolean =>
  matchesLabels(parseLabelSelector(selector), labels);

describe('label selectors', () => {
  it('GIVEN equality terms WHEN matched THEN all must hold', () => {
    expect(matches('team=shop,tier!=db', { team: 'shop', tier: 'web' })).toBe(true);
    expect(matches('team==shop', { team: 'shop' })).toBe(true);
    expect(matches('team=shop,tier!=db', { team: 'shop', tier: 'db' })).toBe(false);
    expect(matches('tier!=db', {})).toBe(true);
  });

  it('GIVEN set terms WHEN matched THEN in/notin/exists/!exists behave as Kubernetes', () => {
    expect(matches('env in (prod, staging)', { env: 'staging' })).toBe(true);
    expect(matches('env in (prod,staging)', {})).toBe(false);
    expect(matches('env notin (prod)', {})).toBe(true);
    expect(matches('env notin (prod)', { env: 'prod' })).toBe(false);
    expect(matches('owner', { owner: 'x' })).toBe(true);
    expect(matches('!owner', { owner: 'x' })).toBe(false);
    expect(matches('a=b,c!=d,e in (x,y),!f,g', { a: 'b', e: 'y', g: '1' })).toBe(true);
  });

  it('GIVEN keys with prefixes WHEN parsed THEN accepted', () => {
    expect(matches('app.kubernetes.io/name=web', { 'app.kubernetes.io/name': 'web' })).toBe(true);
  });

  it('GIVEN an empty selector THEN everything matches', () => {
    expect(matches('', {})).toBe(true);
  });

  it.each(['a=b=c', 'a in (x', '=b', 'a,,b', 'bad key=x', 'a=-x-'])(
    'GIVEN the malformed selector %s THEN a 400 names it',
    (selector) => {
      expect(() => parseLabelSelector(selector)).toThrow(InvalidRequestError);
    },
  );
});
