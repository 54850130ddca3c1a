import {
  randomBytes,
  scrypt as scryptCallback,
  timingSafeEqual,
  type ScryptOptions,
} from 'node:crypto';
import { PasswordHashFormatError } from './errors.js';

/** scrypt cost parameters. `N` = 2^`log2N`. */
export interface ScryptParams {
  readonly log2N: number;
  readonly r: number;
  readonly p: number;
}

/** OWASP's recommendation for scrypt (N = 2^17, r = 8, p = 1: 128 MiB, a few hundred ms). */
export const DEFAULT_SCRYPT_PARAMS: ScryptParams = { log2N: 17, r: 8, p: 1 };

const SALT_BYTES = 16;
const KEY_BYTES = 32;
// Longer inputs are refused rather than hashed, so a login request cannot be used to burn CPU.
const MAX_PASSWORD_BYTES = 1024;
// Parameters read back from a stored hash are bounded, so a tampered hash cannot exhaust memory.
const LIMITS = { log2N: [10, 20], r: [1, 32], p: [1, 16] } as const;
const MAX_MEMORY_BYTES = 512 * 1024 * 1024;

/**
 * Hashes a password with scrypt and a fresh random salt. The result is a
 * self-describing PHC string, `$scrypt$ln=17,r=8,p=1$<salt>$<hash>` (base64,
 * no padding), so parameters can be raised later without breaking old hashes.
 */
export async function hashPassword(
  password: string,
  params: ScryptParams = DEFAULT_SCRYPT_PARAMS,
): Promise<string> {
  if (password === '') throw new RangeError('password must not be empty');
  if (Buffer.byteLength(password) > MAX_PASSWORD_BYTES)
    throw new RangeError(`password must be at most ${MAX_PASSWORD_BYTES} bytes`);
  checkParams(params);
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, params, KEY_BYTES);
  return `$scrypt$ln=${params.log2N},r=${params.r},p=${params.p}$${b64(salt)}$${b64(key)}`;
}

/**
 * True when `password` matches `encoded` (from {@link hashPassword}). The
 * comparison takes the same time wherever the first differing byte is.
 * Throws {@link PasswordHashFormatError} when `encoded` is not a usable hash.
 */
export async function verifyPassword(password: string, encoded: string): Promise<boolean> {
  const { params, salt, key } = decode(encoded);
  if (Buffer.byteLength(password) > MAX_PASSWORD_BYTES) return false;
  const candidate = await derive(password, salt, params, key.length);
  return timingSafeEqual(candidate, key);
}

/** True when `encoded` was made with other parameters than `params` and should be rehashed at the next login. */
export function needsRehash(
  encoded: string,
  params: ScryptParams = DEFAULT_SCRYPT_PARAMS,
): boolean {
  const current = decode(encoded).params;
  return current.log2N !== params.log2N || current.r !== params.r || current.p !== params.p;
}

const PHC = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,3}),p=(\d{1,3})\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/;

function decode(encoded: string): { params: ScryptParams; salt: Buffer; key: Buffer } {
  const m = PHC.exec(encoded);
  if (!m) throw new PasswordHashFormatError('expected $scrypt$ln=<n>,r=<r>,p=<p>$<salt>$<hash>');
  const params = { log2N: Number(m[1]), r: Number(m[2]), p: Number(m[3]) };
  checkParams(params, (reason) => new PasswordHashFormatError(reason));
  const salt = Buffer.from(m[4] ?? '', 'base64');
  const key = Buffer.from(m[5] ?? '', 'base64');
  if (salt.length < 8 || key.length < 16)
    throw new PasswordHashFormatError('salt or hash too short');
  return { params, salt, key };
}

function checkParams(
  params: ScryptParams,
  fail: (reason: string) => Error = (reason) => new RangeError(reason),
): void {
  for (const name of ['log2N', 'r', 'p'] as const) {
    const [min, max] = LIMITS[name];
    const value = params[name];
    if (!Number.isInteger(value) || value < min || value > max)
      throw fail(`scrypt parameter ${name} must be an integer from ${min} to ${max}, not ${value}`);
  }
  if (128 * 2 ** params.log2N * params.r > MAX_MEMORY_BYTES)
    throw fail(`scrypt parameters need more than ${MAX_MEMORY_BYTES / 2 ** 20} MiB`);
}

function derive(
  password: string,
  salt: Buffer,
  params: ScryptParams,
  length: number,
): Promise<Buffer> {
  const N = 2 ** params.log2N;
  const options: ScryptOptions = { N, r: params.r, p: params.p, maxmem: 256 * N * params.r };
  return new Promise((resolve, reject) =>
    scryptCallback(password.normalize('NFC'), salt, length, options, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
}

function b64(bytes: Buffer): string {
  return bytes.toString('base64').replace(/=+$/, '');
}
