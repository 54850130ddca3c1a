import { describe, expect, it } from 'vitest';
import { generatePassword, initialAdminPassword } from './index.js';

describe('initial admin password', () => {
  it('takes KEELSON_ADMIN_PASSWORD when it is set', () => {
    expect(initialAdminPassword('from-the-operator')).toEqual({
      password: 'from-the-operator',
      source: 'environment',
    });
  });

  it.each([undefined, '', '   '])(
    'generates a random password when the variable is %j',
    (value) => {
      const first = initialAdminPassword(value);
      const second = initialAdminPassword(value);
      expect(first.source).toBe('generated');
      expect(first.password).toMatch(/^[A-Za-z0-9]{32}$/);
      expect(first.password).not.toBe(second.password);
    },
  );

  it('refuses to generate passwords shorter than 24 characters', () => {
    expect(generatePassword(24)).toHaveLength(24);
    expect(() => generatePassword(12)).toThrow(/at least 24 characters/);
  });

  it('draws every character of the alphabet', () => {
    const seen = new Set(Array.from({ length: 64 }, () => generatePassword(64)).join(''));
    expect(seen.size).toBe(62);
  });
});
