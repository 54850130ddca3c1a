import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { waitFor } from '../core/index.js';

/**
 * Runs `fn` while holding an exclusive lock made of a directory (mkdir is
 * atomic). A lock left behind by a process that no longer exists is taken over,
 * so an interrupted build never blocks the next one.
 */
export async function withDirectoryLock<T>(lockDir: string, fn: () => Promise<T>): Promise<T> {
  await waitFor(() => tryAcquire(lockDir), {
    what: `lock ${lockDir}`,
    timeoutMs: 2 * 60 * 60 * 1000,
    intervalMs: 500,
  });
  try {
    return await fn();
  } finally {
    await rm(lockDir, { recursive: true, force: true });
  }
}

async function tryAcquire(lockDir: string): Promise<boolean> {
  try {
    await mkdir(lockDir);
    await writeFile(join(lockDir, 'pid'), String(process.pid));
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    const owner = Number(await readFile(join(lockDir, 'pid'), 'utf8').catch(() => ''));
    if (owner > 0 && !isAlive(owner)) await rm(lockDir, { recursive: true, force: true });
    return false;
  }
}

/** True when a process with this pid exists (signal 0 only checks). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
