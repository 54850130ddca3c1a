import { describe, expect, it } from 'vitest';
import { LoginRateLimitedError, LoginRateLimiter, type LoginAttempt } from './index.js';

function limiter(options: ConstructorParameters<typeof LoginRateLimiter>[0] = {}) {
  let now = 1_000_000;
  const rl = new LoginRateLimiter({ ...options, clock: () => now });
  return { rl, advance: (ms: number) => (now += ms) };
}

const alice: LoginAttempt = { username: 'alice', clientIp: '203.0.113.7' };
const fail = (rl: LoginRateLimiter, attempt: LoginAttempt, times: number) => {
  for (let i = 0; i < times; i++) rl.recordFailure(attempt);
};

describe('LoginRateLimiter', () => {
  it('locks a user out after 5 failures in a minute, for one minute', () => {
    const { rl, advance } = limiter();
    fail(rl, alice, 4);
    expect(rl.check(alice)).toEqual({ allowed: true });
    rl.recordFailure(alice);
    expect(rl.check(alice)).toEqual({ allowed: false, retryAfterMs: 60_000, limitedBy: 'user' });
    // The lock-out holds for other clients too: it protects the account.
    expect(rl.check({ username: 'alice', clientIp: '198.51.100.1' }).allowed).toBe(false);
    advance(60_000);
    expect(rl.check(alice)).toEqual({ allowed: true });
  });

  it('counts failures in a sliding window', () => {
    const { rl, advance } = limiter();
    fail(rl, alice, 4);
    advance(61_000);
    fail(rl, alice, 4);
    expect(rl.check(alice).allowed).toBe(true);
  });

  it('doubles each further lock-out up to 15 minutes', () => {
    const { rl, advance } = limiter();
    const lockouts: number[] = [];
    for (let i = 0; i < 6; i++) {
      fail(rl, alice, 5);
      const verdict = rl.check(alice);
      if (verdict.allowed) throw new Error('expected a lock-out');
      lockouts.push(verdict.retryAfterMs / 60_000);
      advance(verdict.retryAfterMs);
    }
    expect(lockouts).toEqual([1, 2, 4, 8, 15, 15]);
  });

  it('forgives the lock-out history after an hour without failures', () => {
    const { rl, advance } = limiter();
    fail(rl, alice, 5);
    advance(60_000);
    fail(rl, alice, 5);
    advance(2 * 60_000 + 60 * 60_000 + 1);
    fail(rl, alice, 5);
    expect(rl.check(alice)).toMatchObject({ allowed: false, retryAfterMs: 60_000 });
  });

  it('a success clears the user record but not the client record', () => {
    const { rl } = limiter({ maxFailuresPerClient: 6 });
    fail(rl, alice, 4);
    rl.recordSuccess(alice);
    fail(rl, alice, 2);
    // user: 2 failures since the success, client: 6 in total
    expect(rl.check(alice)).toMatchObject({ allowed: false, limitedBy: 'client' });
    expect(rl.check({ username: 'alice', clientIp: '198.51.100.1' }).allowed).toBe(true);
  });

  it('locks out a client guessing across many usernames', () => {
    const { rl } = limiter();
    for (let i = 0; i < 20; i++)
      rl.recordFailure({ username: `user${i}`, clientIp: '203.0.113.9' });
    expect(rl.check({ username: 'someone-new', clientIp: '203.0.113.9' })).toMatchObject({
      allowed: false,
      limitedBy: 'client',
    });
  });

  it('treats one IPv6 /64 as one client, and IPv4-mapped addresses as IPv4', () => {
    const { rl } = limiter({ maxFailuresPerClient: 3 });
    rl.recordFailure({ username: 'a', clientIp: '2001:db8:1:2::1' });
    rl.recordFailure({ username: 'b', clientIp: '2001:db8:1:2:ffff::9' });
    rl.recordFailure({ username: 'c', clientIp: '2001:0db8:0001:0002:aaaa:bbbb:cccc:dddd' });
    expect(rl.check({ username: 'd', clientIp: '2001:db8:1:2::42' }).allowed).toBe(false);
    expect(rl.check({ username: 'd', clientIp: '2001:db8:1:3::42' }).allowed).toBe(true);
    fail(rl, { username: 'e', clientIp: '::ffff:192.0.2.1' }, 3);
    expect(rl.check({ username: 'f', clientIp: '192.0.2.1' }).allowed).toBe(false);
  });

  it('throws a 429 error with the wait from assertAllowed', () => {
    const { rl } = limiter();
    fail(rl, alice, 5);
    const error = (() => {
      try {
        rl.assertAllowed(alice);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(LoginRateLimitedError);
    expect(error).toMatchObject({ status: 429, retryAfterMs: 60_000 });
    expect((error as Error).message).toBe('too many failed logins for this user; retry in 60 s');
  });

  it('keeps a bounded number of records but never forgets a lock-out first', () => {
    const { rl } = limiter({ maxEntries: 4 });
    fail(rl, alice, 5); // alice (locked) + her client
    for (let i = 0; i < 10; i++)
      rl.recordFailure({ username: `u${i}`, clientIp: `198.51.100.${i}` });
    expect(rl.check(alice).allowed).toBe(false);
  });
});
