import { realpath, stat } from 'node:fs/promises';
import { isAbsolute, join, posix, relative, sep } from 'node:path';
import { PathEscapeError, PathNotFoundError } from './errors.js';

/**
 * Checks a user-supplied path that must stay inside a checkout, without
 * touching the disk: it must be relative, and `..` may not climb above the
 * root. Returns it normalized to POSIX form; the root itself is `.`.
 */
export function checkRelativePath(path: string): string {
  if (path.includes('\0')) throw new PathEscapeError(path, 'contains a NUL character');
  const slashed = path.replace(/\\/g, '/');
  if (isAbsolute(path) || slashed.startsWith('/') || /^[A-Za-z]:\//.test(slashed))
    throw new PathEscapeError(path, 'absolute paths are not allowed');
  const normalized = posix.normalize(slashed === '' ? '.' : slashed).replace(/\/+$/, '') || '.';
  if (normalized === '..' || normalized.startsWith('../'))
    throw new PathEscapeError(path, 'climbs out of the repository with ".."');
  return normalized;
}

/** True when `target` (a real path) is `root` or lies below it. */
export function isWithin(root: string, target: string): boolean {
  const rel = relative(root, target);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

/**
 * Resolves `path` (relative to `root`, which must already be a real path)
 * following every symlink, and refuses it unless the result is still inside
 * `root`. This is the one gate through which rendering reads user-chosen paths.
 */
export async function resolveInside(root: string, path: string, what = 'path'): Promise<string> {
  const rel = checkRelativePath(path);
  let real: string;
  try {
    real = await realpath(join(root, rel));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new PathNotFoundError(rel, what);
    throw err;
  }
  if (!isWithin(root, real))
    throw new PathEscapeError(
      rel,
      'is a symlink (or goes through one) that points outside the repository',
    );
  return real;
}

/** Like {@link resolveInside}, and the result must be a directory. */
export async function resolveDirectoryInside(
  root: string,
  path: string,
  what = 'path',
): Promise<string> {
  const real = await resolveInside(root, path, what);
  if (!(await stat(real)).isDirectory())
    throw new PathNotFoundError(checkRelativePath(path), `${what} (a directory)`);
  return real;
}

/**
 * Joins a user-supplied path onto a base path inside the checkout (e.g. a
 * value file onto the chart path). An absolute path is refused rather than
 * silently re-rooted under the base.
 */
export function joinUserPath(base: string, userPath: string): string {
  const slashed = userPath.replace(/\\/g, '/');
  if (isAbsolute(userPath) || slashed.startsWith('/') || /^[A-Za-z]:\//.test(slashed))
    throw new PathEscapeError(userPath, 'absolute paths are not allowed');
  return posix.join(base, slashed);
}
