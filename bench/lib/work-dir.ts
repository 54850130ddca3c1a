/** A scratch directory per scenario run (Git repository, caches, process logs). */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Runs `fn` with a new temporary directory and removes the directory
 * afterwards, unless `fn` failed: then it stays, because the process logs in
 * it (named by the scenarios' errors) are what explains the failure.
 */
export async function withWorkDir<T>(prefix: string, fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  let result: T;
  try {
    result = await fn(dir);
  } catch (err) {
    process.stderr.write(`[bench] kept ${dir} for inspection\n`);
    throw err;
  }
  await rm(dir, { recursive: true, force: true });
  return result;
}
