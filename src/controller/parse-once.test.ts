import { describe, expect, it } from 'vitest';
import { ParsedObjects } from './parse-once.js';

describe('ParsedObjects', () => {
  it('GIVEN the same version of an object again THEN it is not parsed again; a new version is', () => {
    let parses = 0;
    const parsed = new ParsedObjects((value: unknown) => {
      parses++;
      return { ...(value as object), defaulted: true };
    });
    const first = { name: 'shop', generation: 1 };
    expect(parsed.get('shop', first)).toEqual({ name: 'shop', generation: 1, defaulted: true });
    expect(parsed.get('shop', first)).toBe(parsed.get('shop', first));
    expect(parses).toBe(1);
    const second = { name: 'shop', generation: 2 };
    expect(parsed.get('shop', second)).toMatchObject({ generation: 2 });
    expect(parses).toBe(2);
    // another object's versions are its own
    parsed.get('blog', first);
    expect(parses).toBe(3);
    parsed.forget('shop');
    parsed.get('shop', second);
    expect(parses).toBe(4);
  });

  it('GIVEN an object that does not parse THEN every call throws', () => {
    let parses = 0;
    const parsed = new ParsedObjects((): never => {
      parses++;
      throw new Error('spec.destination: required');
    });
    const bad = {};
    expect(() => parsed.get('shop', bad)).toThrow('spec.destination');
    expect(() => parsed.get('shop', bad)).toThrow('spec.destination');
    expect(parses).toBe(2);
  });
});
