import { describe, expect, it } from 'vitest';
import { canonicalJson, jsonEqual, sortKeysDeep } from './json.js';

describe('JSON helpers', () => {
  it('sorts keys at every level and keeps array order', () => {
    const sorted = sortKeysDeep({ b: 1, a: { d: [{ z: 1, y: 2 }], c: null } });
    expect(JSON.stringify(sorted)).toBe('{"a":{"c":null,"d":[{"y":2,"z":1}]},"b":1}');
  });

  it('writes canonical JSON exactly as stringifying a key-sorted copy of JSON data would', () => {
    const value = {
      z: [3, undefined, () => 1, { b: 'two', a: null }],
      a: { y: undefined, x: 1.5, 'quo"te': 'line\nbreak' },
      n: Number.NaN,
    };
    expect(canonicalJson(value)).toBe(JSON.stringify(sortKeysDeep(value)));
    expect(canonicalJson(undefined)).toBeUndefined();
    // dates as JSON.stringify writes them (a sorted copy would have lost them)
    expect(canonicalJson({ at: new Date(0) })).toBe('{"at":"1970-01-01T00:00:00.000Z"}');
  });

  it('compares structurally, ignoring key order but not array order', () => {
    expect(jsonEqual({ a: 1, b: [1, 2] }, { b: [1, 2], a: 1 })).toBe(true);
    expect(jsonEqual({ a: [1, 2] }, { a: [2, 1] })).toBe(false);
    expect(jsonEqual({ a: 1 }, { a: 1, b: undefined })).toBe(false);
  });
});
