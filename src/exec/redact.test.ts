import { describe, expect, it } from 'vitest';
import { redact } from './redact.js';

describe('redact', () => {
  it('masks every occurrence of each secret, plain and URL-encoded', () => {
    const out = redact('fatal: https://bot:p@ss/w0rd@git.example/ p@ss/w0rd and p%40ss%2Fw0rd', [
      'p@ss/w0rd',
    ]);
    expect(out).toBe('fatal: https://bot:***@git.example/ *** and ***');
  });

  it('leaves text alone when there are no secrets, and ignores secrets too short to mask safely', () => {
    expect(redact('nothing here', undefined)).toBe('nothing here');
    expect(redact('a b c', ['a'])).toBe('a b c');
  });
});
