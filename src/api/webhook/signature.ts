import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * True when `given` is the hex HMAC-SHA256 of `body` under `secret`, with an
 * optional prefix such as `sha256=`. Compared in constant time.
 */
export function isValidHmacSha256(
  body: Buffer,
  secret: string,
  given: string,
  prefix = '',
): boolean {
  if (!given.startsWith(prefix)) return false;
  const hex = given.slice(prefix.length).trim().toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(hex)) return false;
  const expected = createHmac('sha256', secret).update(body).digest();
  return timingSafeEqual(expected, Buffer.from(hex, 'hex'));
}

/**
 * True when a shared token equals the secret. Both are hashed first so the
 * comparison takes the same time whatever their lengths (GitLab's
 * `X-Gitlab-Token` is the plain secret).
 */
export function isSameToken(given: string, secret: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(secret));
}
