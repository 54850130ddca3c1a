import { setMaxListeners } from 'node:events';
import { setTimeout as delay } from 'node:timers/promises';
import { KeelsonError } from './errors.js';

/** A condition did not become true before its deadline. */
export class TimeoutError extends KeelsonError {
  constructor(
    readonly what: string,
    readonly timeoutMs: number,
    readonly lastError?: unknown,
  ) {
    const last = lastError instanceof Error ? `: last error: ${lastError.message}` : '';
    super(`timed out after ${timeoutMs} ms waiting for ${what}${last}`, { cause: lastError });
  }
}

export interface WaitOptions {
  /** What is being waited for, in words (used in the timeout message). */
  readonly what: string;
  readonly timeoutMs: number;
  /** Pause between checks; defaults to 100 ms. */
  readonly intervalMs?: number;
  readonly signal?: AbortSignal;
}

/**
 * Polls `check` until it returns a value other than `undefined`/`false`, and
 * returns that value. Errors thrown by `check` count as "not yet" and are
 * reported with the timeout, so a condition that never holds says why.
 */
export async function waitFor<T>(
  check: () => Promise<T | undefined | false> | T | undefined | false,
  options: WaitOptions,
): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  const interval = options.intervalMs ?? 100;
  let lastError: unknown;
  for (;;) {
    options.signal?.throwIfAborted();
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() >= deadline) throw new TimeoutError(options.what, options.timeoutMs, lastError);
    await delay(Math.min(interval, Math.max(0, deadline - Date.now())), undefined, {
      signal: options.signal,
    });
  }
}

/**
 * Lets `signal` have many abort listeners without Node's "possible
 * EventTarget memory leak" warning. Every request in flight listens on the
 * signal of the work it belongs to (a sync has 16 by default, a controller
 * hundreds across its workers): many listeners are normal, not a leak.
 * Returns the signal.
 */
export function allowManyListeners(signal: AbortSignal): AbortSignal {
  setMaxListeners(10_000, signal);
  return signal;
}
