import { allowManyListeners } from '../core/index.js';
import type { LeaseLock } from './lease.js';

export interface LeaderElectionOptions {
  /** How often the leader renews and candidates retry (default 2 s). */
  readonly retryPeriodMs: number;
  /** A leader that cannot renew for this long steps down (default 10 s; < lease duration). */
  readonly renewDeadlineMs: number;
}

export const defaultLeaderElectionOptions = (): LeaderElectionOptions => ({
  retryPeriodMs: 2_000,
  renewDeadlineMs: 10_000,
});

export interface LeaderCallbacks {
  /** Called once leadership is won; `signal` aborts when it is lost. */
  onStartedLeading(signal: AbortSignal): void;
  onStoppedLeading?(): void;
  onError?(err: unknown): void;
}

/**
 * Campaigns for `lock` until `signal` aborts: retries while another replica
 * leads, calls `onStartedLeading` on winning, keeps renewing, and steps down
 * (aborting the leader's signal) when renewal fails for `renewDeadlineMs`. On
 * abort it releases the lease so a successor takes over at once.
 */
export async function runLeaderElection(
  lock: LeaseLock,
  callbacks: LeaderCallbacks,
  signal: AbortSignal,
  options: LeaderElectionOptions = defaultLeaderElectionOptions(),
): Promise<void> {
  let leading: AbortController | undefined;
  let lastRenewal = 0;
  const stepDown = (): void => {
    if (!leading) return;
    leading.abort();
    leading = undefined;
    callbacks.onStoppedLeading?.();
  };
  while (!signal.aborted) {
    let held: boolean | 'error';
    try {
      held = await lock.tryAcquireOrRenew();
    } catch (err) {
      held = 'error';
      callbacks.onError?.(err);
    }
    if (held === true) {
      lastRenewal = Date.now();
      if (!leading) {
        leading = new AbortController();
        allowManyListeners(leading.signal);
        callbacks.onStartedLeading(leading.signal);
      }
    } else if (held === false) {
      stepDown(); // someone else holds the lease now
    } else if (Date.now() - lastRenewal > options.renewDeadlineMs) {
      stepDown(); // the API server has been unreachable for too long to trust our lease
    }
    await pause(options.retryPeriodMs, signal);
  }
  stepDown();
  await lock.release();
}

/** Resolves after `ms`, or at once when `signal` aborts. */
export function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
