import { describe, expect, it } from 'vitest';
import { hashPassword, needsRehash, PasswordHashFormatError, verifyPassword } from './index.js';

// Small parameters keep the tests fast; one test uses the defaults.
const FAST = { log2N: 10, r: 8, p: 1 };

describe('password hashing', () => {
  it('hashes with the default (OWASP) parameters', { timeout: 30_000 }, async () => {
    // GIVEN a password hashed with the defaults, 128 MiB and about a second of CPU
    const encoded = await hashPassword('correct horse battery staple');
    // THEN the hash names its parameters, does not contain the password, and verifies
    expect(encoded).toMatch(/^\$scrypt\$ln=17,r=8,p=1\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/);
    expect(encoded).not.toContain('horse');
    await expect(verifyPassword('correct horse battery staple', encoded)).resolves.toBe(true);
  });

  it('verifies the right password and refuses a wrong one', async () => {
    const encoded = await hashPassword('correct horse battery staple', FAST);
    await expect(verifyPassword('correct horse battery staple', encoded)).resolves.toBe(true);
    await expect(verifyPassword('correct horse battery stapler', encoded)).resolves.toBe(false);
    await expect(verifyPassword('', encoded)).resolves.toBe(false);
  });

  it('salts every hash, so equal passwords hash differently', async () => {
    const a = await hashPassword('same', FAST);
    const b = await hashPassword('same', FAST);
    expect(a).not.toBe(b);
    await expect(verifyPassword('same', a)).resolves.toBe(true);
    await expect(verifyPassword('same', b)).resolves.toBe(true);
  });

  it('treats Unicode compositions of the same text as the same password', async () => {
    const encoded = await hashPassword('caf\u00e9', FAST);
    await expect(verifyPassword('cafe\u0301', encoded)).resolves.toBe(true);
  });

  it('refuses empty and oversized passwords instead of hashing them', async () => {
    await expect(hashPassword('', FAST)).rejects.toThrow(/must not be empty/);
    await expect(hashPassword('x'.repeat(2000), FAST)).rejects.toThrow(/at most 1024 bytes/);
    const encoded = await hashPassword('short', FAST);
    await expect(verifyPassword('x'.repeat(2000), encoded)).resolves.toBe(false);
  });

  it.each([
    ['not a hash', /expected \$scrypt\$/],
    [
      '$scrypt$ln=30,r=8,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA',
      /log2N must be an integer from 10 to 20, not 30/,
    ],
    ['$scrypt$ln=20,r=32,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA', /need more than 512 MiB/],
    ['$scrypt$ln=10,r=8,p=1$c2E$aGFzaGhhc2hoYXNoaGFzaA', /too short/],
  ])(
    'rejects the unusable stored hash %s without touching the password',
    async (encoded, message) => {
      const error = await verifyPassword('secret-password', encoded).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PasswordHashFormatError);
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).not.toContain('secret-password');
    },
  );

  it('says when a hash was made with other parameters', async () => {
    const encoded = await hashPassword('pw', FAST);
    expect(needsRehash(encoded, FAST)).toBe(false);
    expect(needsRehash(encoded)).toBe(true);
  });
});
