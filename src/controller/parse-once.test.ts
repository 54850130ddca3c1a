import { describe, expect, it } from 'vitest';
import { parseOnce } from './parse-once.js';

describe('parseOnce', () => {
  it('GIVEN the same object again THEN it is not parsed again; a new object is', () => {
    let parses = 0;
    const parse = parseOnce((value: unknown) => {
      parses++;
      return { ...(value as object), defaulted: true };
    });
    const first = { name: 'shop' };
    expect(parse(first)).toEqual({ name: 'shop', defaulted: true });
    expect(parse(first)).toBe(parse(first));
    expect(parses).toBe(1);
    parse({ name: 'shop' });
    expect(parses).toBe(2);
  });

  it('GIVEN an object that does not parse THEN every call throws', () => {
    let parses = 0;
    const parse = parseOnce((): never => {
      parses++;
      throw new Error('spec.destination: required');
    });
    const bad = {};
    expect(() => parse(bad)).toThrow('spec.destination');
    expect(() => parse(bad)).toThrow('spec.destination');
    expect(parses).toBe(2);
  });
});
