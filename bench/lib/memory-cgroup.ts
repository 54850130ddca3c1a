/**
 * Runs a benchmarked process under a memory limit, like the container
 * memory limit it has when installed (`keelson install`: 1 GiB for the
 * controller). Node sizes its heap from that limit — a 524 MB heap and a
 * young generation of 2 × 4 MiB under 1 GiB, against 4,144 MB and 2 × 16 MiB
 * on a 24-GiB machine — so the same controller's memory behaves differently
 * inside and outside its container.
 *
 * Uses a cgroup v1 memory hierarchy where this process may create one (as
 * root on most Linux machines and CI runners); cgroup v2 would need the
 * memory controller delegated to a leaf, so there the process runs without
 * a limit and the benchmark says so.
 */
import { mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface MemoryCgroup {
  /** The file a process writes its pid to, to join. */
  readonly procsPath: string;
  readonly limitBytes: number;
  /** Removes the cgroup (once its processes are gone). */
  remove(): void;
}

const V1_MEMORY_ROOT = '/sys/fs/cgroup/memory';

/** A new memory cgroup limited to `limitBytes`, or why there is none. */
export function createMemoryCgroup(
  name: string,
  limitBytes: number,
): MemoryCgroup | { readonly unavailable: string } {
  try {
    const own = readFileSync('/proc/self/cgroup', 'utf8')
      .split('\n')
      .map((line) => line.split(':'))
      .find(([, controllers]) => controllers?.split(',').includes('memory'))?.[2];
    if (own === undefined) return { unavailable: 'no cgroup v1 memory hierarchy' };
    const dir = join(V1_MEMORY_ROOT, own, `${name}-${process.pid}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'memory.limit_in_bytes'), String(limitBytes));
    return {
      procsPath: join(dir, 'cgroup.procs'),
      limitBytes,
      remove: () => {
        try {
          rmdirSync(dir);
        } catch {
          // still busy or already gone: the kernel keeps an empty cgroup harmlessly
        }
      },
    };
  } catch (err) {
    return { unavailable: (err as Error).message };
  }
}
