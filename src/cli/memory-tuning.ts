import { setFlagsFromString } from 'node:v8';

/** How far V8 may grow the heap past the live data before the next full GC (V8 picks up to 300 %). */
const HEAP_GROWING_PERCENT = 50;

/**
 * Keeps the controller's memory close to what it holds. V8 tunes for
 * throughput: it grows the young generation to 3 × 16 MiB under allocation
 * pressure and lets the heap reach up to four times the live data before a
 * full collection. For a long-running controller whose allocations are
 * mostly short-lived (watch events, requests, comparisons) that is well over
 * a hundred MiB of resident memory bought with less frequent collections,
 * and an unpredictable size for a container memory limit. Here the young
 * generation stays at its initial size and the heap grows by at most
 * {@link HEAP_GROWING_PERCENT} % past the live data, for somewhat more GC
 * time. Both are flags V8 honours at run time, but the young generation
 * must be fixed before it has grown: call this first, before loading
 * anything. Whoever passes heap or GC flags of their own to node keeps them.
 */
export function tuneMemoryForLongRun(): void {
  const given = [...process.execArgv, process.env.NODE_OPTIONS ?? ''].join(' ');
  if (/semi-space|old-space|heap-size|heap-growing/.test(given)) return;
  setFlagsFromString('--semi-space-growth-factor=1');
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
