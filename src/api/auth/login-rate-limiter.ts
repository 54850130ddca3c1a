import { systemClock, type Clock } from './clock.js';
import { clientKey } from './client-key.js';
import { LoginRateLimitedError } from './errors.js';

export interface LoginRateLimitOptions {
  /** Failed logins for one username within `windowMs` that trigger a lock-out. Default 5. */
  readonly maxFailuresPerUser?: number;
  /** Failed logins from one client address (IPv6: one /64) within `windowMs`. Default 20. */
  readonly maxFailuresPerClient?: number;
  /** The sliding window failures are counted in. Default 60 s. */
  readonly windowMs?: number;
  /** The first lock-out; each further one doubles. Default 60 s. */
  readonly lockoutMs?: number;
  /** The longest lock-out. Default 15 min. */
  readonly maxLockoutMs?: number;
  /** A key with no failure for this long after its lock-out starts over at the first lock-out. Default 1 h. */
  readonly forgiveAfterMs?: number;
  /** Keys kept in memory; the least recently used unlocked ones go first. Default 10 000. */
  readonly maxEntries?: number;
  readonly clock?: Clock;
}

/** Who is trying to log in. */
export interface LoginAttempt {
  readonly username: string;
  readonly clientIp: string;
}

export type LoginVerdict =
  | { readonly allowed: true }
  | {
      readonly allowed: false;
      readonly retryAfterMs: number;
      readonly limitedBy: 'user' | 'client';
    };

interface KeyState {
  failures: number[];
  lockedUntil: number;
  lockouts: number;
}

/**
 * Limits password guessing, in memory: failures are counted per username and
 * per client address in a sliding window; reaching the limit locks that key
 * out, for longer each time (1 min, 2 min, 4 min, … up to 15 min). Ask
 * {@link check} (or {@link assertAllowed}) *before* verifying a password, so a
 * locked-out attacker learns nothing, then report the outcome. Unknown
 * usernames count like known ones, so lock-outs do not reveal which exist.
 * Usernames are taken exactly as typed. A success clears the user's record,
 * not the client's, so one valid account cannot reset a client's guesses.
 */
export class LoginRateLimiter {
  private readonly entries = new Map<string, KeyState>();
  private readonly o: Required<Omit<LoginRateLimitOptions, 'clock'>>;
  private readonly clock: Clock;

  constructor(options: LoginRateLimitOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.o = {
      maxFailuresPerUser: options.maxFailuresPerUser ?? 5,
      maxFailuresPerClient: options.maxFailuresPerClient ?? 20,
      windowMs: options.windowMs ?? 60_000,
      lockoutMs: options.lockoutMs ?? 60_000,
      maxLockoutMs: options.maxLockoutMs ?? 15 * 60_000,
      forgiveAfterMs: options.forgiveAfterMs ?? 60 * 60_000,
      maxEntries: options.maxEntries ?? 10_000,
    };
  }

  /** Whether a login attempt may proceed now. */
  check(attempt: LoginAttempt): LoginVerdict {
    const now = this.clock();
    for (const [key, limitedBy] of this.keys(attempt)) {
      const lockedUntil = this.entries.get(key)?.lockedUntil ?? 0;
      if (lockedUntil > now) return { allowed: false, retryAfterMs: lockedUntil - now, limitedBy };
    }
    return { allowed: true };
  }

  /** Throws {@link LoginRateLimitedError} (→ 429 with Retry-After) when {@link check} refuses. */
  assertAllowed(attempt: LoginAttempt): void {
    const verdict = this.check(attempt);
    if (!verdict.allowed) throw new LoginRateLimitedError(verdict.retryAfterMs, verdict.limitedBy);
  }

  /** Records a failed login (wrong password or unknown user). */
  recordFailure(attempt: LoginAttempt): void {
    const now = this.clock();
    for (const [key, limitedBy] of this.keys(attempt)) {
      const max = limitedBy === 'user' ? this.o.maxFailuresPerUser : this.o.maxFailuresPerClient;
      const state = this.touch(key, now);
      state.failures = state.failures.filter((t) => t > now - this.o.windowMs);
      state.failures.push(now);
      if (state.failures.length >= max) {
        state.lockouts += 1;
        const lockout = Math.min(this.o.lockoutMs * 2 ** (state.lockouts - 1), this.o.maxLockoutMs);
        state.lockedUntil = now + lockout;
        state.failures = [];
      }
    }
    this.evict(now);
  }

  /** Records a successful login: the user's failures and lock-out history are forgotten. */
  recordSuccess(attempt: LoginAttempt): void {
    this.entries.delete(userKey(attempt.username));
  }

  private keys(attempt: LoginAttempt): [string, 'user' | 'client'][] {
    return [
      [userKey(attempt.username), 'user'],
      [`client:${clientKey(attempt.clientIp)}`, 'client'],
    ];
  }

  // Returns the key's state, moved to the most recently used end of the map.
  private touch(key: string, now: number): KeyState {
    let state = this.entries.get(key);
    if (state && state.lockedUntil > 0 && now - state.lockedUntil > this.o.forgiveAfterMs)
      state = undefined;
    this.entries.delete(key);
    state ??= { failures: [], lockedUntil: 0, lockouts: 0 };
    this.entries.set(key, state);
    return state;
  }

  private evict(now: number): void {
    for (const [key, state] of this.entries) {
      if (this.entries.size <= this.o.maxEntries) return;
      if (state.lockedUntil <= now) this.entries.delete(key);
    }
    // Still too many: every entry is locked out; drop the oldest ones anyway.
    for (const key of this.entries.keys()) {
      if (this.entries.size <= this.o.maxEntries) return;
      this.entries.delete(key);
    }
  }
}

function userKey(username: string): string {
  return `user:${username}`;
}
