import { randomInt } from 'node:crypto';

/** The Secret that holds a generated initial admin password, printed by `keelson admin initial-password`. */
export const INITIAL_ADMIN_SECRET = 'keelson-initial-admin-secret';
/** The key of {@link INITIAL_ADMIN_SECRET} whose value is the password. */
export const INITIAL_ADMIN_SECRET_KEY = 'password';
/** The environment variable that sets the initial admin password instead. */
export const ADMIN_PASSWORD_ENV = 'KEELSON_ADMIN_PASSWORD';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const MIN_LENGTH = 24;

/**
 * A random password of letters and digits from the system's CSPRNG (32
 * characters ≈ 190 bits). Each character is drawn uniformly with `randomInt`,
 * so there is no modulo bias.
 */
export function generatePassword(length = 32): string {
  if (!Number.isInteger(length) || length < MIN_LENGTH)
    throw new RangeError(`a generated password has at least ${MIN_LENGTH} characters`);
  let password = '';
  for (let i = 0; i < length; i++) password += ALPHABET[randomInt(ALPHABET.length)];
  return password;
}

/** The initial admin password and where it came from. */
export interface InitialAdminPassword {
  readonly password: string;
  /**
   * `environment`: taken from `KEELSON_ADMIN_PASSWORD`; nothing is stored but its hash.
   * `generated`: random; the server also writes it to {@link INITIAL_ADMIN_SECRET}
   * so that `keelson admin initial-password` can print it (as Argo CD does).
   */
  readonly source: 'environment' | 'generated';
}

/**
 * Chooses the initial admin password: the value of `KEELSON_ADMIN_PASSWORD`
 * when it is set and not blank (the caller passes it in; this module reads no
 * environment), otherwise a fresh {@link generatePassword}.
 */
export function initialAdminPassword(fromEnvironment: string | undefined): InitialAdminPassword {
  if (fromEnvironment !== undefined && fromEnvironment.trim() !== '')
    return { password: fromEnvironment, source: 'environment' };
  return { password: generatePassword(), source: 'generated' };
}
