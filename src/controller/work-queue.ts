/**
 * A work queue of application keys with the guarantees client-go's workqueue
 * gives controllers (hand-written: no maintained Node equivalent exists):
 *
 * - a key waits in the queue at most once, however often it is added (dedup);
 * - a key is processed by at most one worker at a time; a key added while it
 *   is being processed is queued again once that worker is done;
 * - `addRateLimited` delays a key by a per-key exponential backoff that
 *   `forget` resets, so a failing app retries slower and slower without
 *   slowing any other app;
 * - `addAfter` schedules a key later (periodic refresh, requeue after a wait);
 * - `addUrgent` puts a key first: a person or a Git push is waiting for it,
 *   and a thousand periodic resyncs queued before it must not make them wait.
 */
export interface BackoffOptions {
  /** First retry delay (default 1 s). */
  readonly baseMs: number;
  /** Longest delay (default 5 min). */
  readonly maxMs: number;
}

export const defaultBackoffOptions = (): BackoffOptions => ({ baseMs: 1_000, maxMs: 5 * 60_000 });

/** Delay before retry number `failures` (1-based): base × 2^(failures-1), capped. */
export function backoffDelay(failures: number, options: BackoffOptions): number {
  if (failures <= 0) return 0;
  return Math.min(options.maxMs, options.baseMs * 2 ** Math.min(failures - 1, 30));
}

export class WorkQueue {
  private readonly queue: string[] = [];
  private readonly dirty = new Set<string>();
  private readonly processing = new Set<string>();
  /** Keys added urgently while being processed: re-queued first by `done`. */
  private readonly urgent = new Set<string>();
  private readonly failures = new Map<string, number>();
  private readonly timers = new Map<string, { at: number; timer: NodeJS.Timeout }>();
  private readonly waiters: ((key: string | undefined) => void)[] = [];
  private shuttingDown = false;

  constructor(private readonly backoff: BackoffOptions = defaultBackoffOptions()) {}

  /** Queues `key` now, unless it is already waiting. */
  add(key: string): void {
    if (this.shuttingDown || this.dirty.has(key)) return;
    this.dirty.add(key);
    if (this.processing.has(key)) return; // re-queued by done()
    const waiter = this.waiters.shift();
    if (waiter) {
      this.dirty.delete(key);
      this.processing.add(key);
      waiter(key);
      return;
    }
    this.queue.push(key);
  }

  /** Queues `key` ahead of every other waiting key (moving it there if it waits already). */
  addUrgent(key: string): void {
    if (this.shuttingDown) return;
    if (this.processing.has(key)) {
      this.dirty.add(key);
      this.urgent.add(key);
      return;
    }
    if (this.dirty.has(key)) {
      const index = this.queue.indexOf(key);
      if (index > 0) this.queue.splice(index, 1);
      if (index !== 0) this.queue.unshift(key);
      return;
    }
    // add() appends it, or hands it straight to a waiting worker.
    this.add(key);
    const index = this.queue.lastIndexOf(key);
    if (index > 0) {
      this.queue.splice(index, 1);
      this.queue.unshift(key);
    }
  }

  /**
   * Queues `key` after `delayMs` (first in line when `urgent`); an earlier
   * pending schedule for the key wins.
   */
  addAfter(key: string, delayMs: number, urgent = false): void {
    if (this.shuttingDown) return;
    if (delayMs <= 0) {
      if (urgent) this.addUrgent(key);
      else this.add(key);
      return;
    }
    const at = Date.now() + delayMs;
    const pending = this.timers.get(key);
    if (pending && pending.at <= at) return;
    if (pending) clearTimeout(pending.timer);
    const timer = setTimeout(() => {
      this.timers.delete(key);
      if (urgent) this.addUrgent(key);
      else this.add(key);
    }, delayMs);
    timer.unref();
    this.timers.set(key, { at, timer });
  }

  /** Queues `key` after its next backoff delay; returns that delay. */
  addRateLimited(key: string): number {
    const failures = (this.failures.get(key) ?? 0) + 1;
    this.failures.set(key, failures);
    const delay = backoffDelay(failures, this.backoff);
    this.addAfter(key, delay);
    return delay;
  }

  /** Clears the backoff of `key` (after a success). */
  forget(key: string): void {
    this.failures.delete(key);
  }

  /** How many times `key` failed in a row. */
  failureCount(key: string): number {
    return this.failures.get(key) ?? 0;
  }

  /** Waits for the next key; `undefined` once the queue is shut down. */
  get(): Promise<string | undefined> {
    if (this.shuttingDown) return Promise.resolve(undefined);
    const key = this.queue.shift();
    if (key !== undefined) {
      this.dirty.delete(key);
      this.processing.add(key);
      return Promise.resolve(key);
    }
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Marks `key` processed; re-queues it if it was added meanwhile. */
  done(key: string): void {
    this.processing.delete(key);
    const urgent = this.urgent.delete(key);
    if (this.dirty.has(key)) {
      this.dirty.delete(key);
      if (urgent) this.addUrgent(key);
      else this.add(key);
    }
  }

  /** Keys waiting now (not those scheduled for later or being processed). */
  get length(): number {
    return this.queue.length;
  }

  /** Stops handing out keys; pending `get` calls resolve with `undefined`. */
  shutDown(): void {
    this.shuttingDown = true;
    for (const { timer } of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    for (const waiter of this.waiters.splice(0)) waiter(undefined);
  }
}
