import { setTimeout as delay } from 'node:timers/promises';
import { KubeApiError, isTransient } from './api-error.js';

export interface RetryOptions {
  /** Attempts in all, the first included (default 5). */
  readonly attempts?: number;
  /** Delay before the second attempt (default 200 ms), doubled each time up to `maxDelayMs` (default 5 s). */
  readonly initialDelayMs?: number;
  readonly maxDelayMs?: number;
  /** Which errors to retry (default: transient API errors, {@link isTransient}). */
  readonly isRetryable?: (err: unknown) => boolean;
  readonly signal?: AbortSignal;
}

/**
 * Runs `fn` until it succeeds, retrying retryable failures with exponential
 * backoff and jitter (honouring the server's `retryAfterSeconds`). The last
 * error is rethrown as is; terminal errors are not retried.
 */
export async function withRetry<T>(
  fn: (attempt: number) => Promise<T>,
  options: RetryOptions = {},
): Promise<T> {
  const attempts = options.attempts ?? 5;
  const retryable = options.isRetryable ?? isTransient;
  let wait = options.initialDelayMs ?? 200;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (err) {
      if (attempt >= attempts || !retryable(err) || options.signal?.aborted) throw err;
      const retryAfter =
        err instanceof KubeApiError ? (err.details?.retryAfterSeconds ?? 0) * 1000 : 0;
      const jitter = 0.8 + Math.random() * 0.4;
      await delay(Math.max(wait * jitter, retryAfter), undefined, { signal: options.signal });
      wait = Math.min(wait * 2, options.maxDelayMs ?? 5_000);
    }
  }
}
