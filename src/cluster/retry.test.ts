import { describe, expect, it } from 'vitest';
import { KubeApiError } from './api-error.js';
import { withRetry } from './retry.js';

const failure = (status: number): KubeApiError =>
  new KubeApiError('ConfigMap/shop/a', 'apply', status, `HTTP${status}`, 'try later');

describe('withRetry', () => {
  it('retries transient API errors with backoff until the call succeeds', async () => {
    // GIVEN a call that is throttled, then meets a server error, then succeeds
    const errors = [failure(429), failure(503)];
    const attempts: number[] = [];
    const result = await withRetry(
      async (attempt) => {
        attempts.push(attempt);
        const err = errors.shift();
        if (err) throw err;
        return 'applied';
      },
      { initialDelayMs: 1 },
    );
    expect(result).toBe('applied');
    expect(attempts).toEqual([1, 2, 3]);
  });

  it('gives up on terminal errors at once, and on transient ones after the last attempt', async () => {
    let calls = 0;
    const invalid = withRetry(async () => {
      calls++;
      throw failure(422);
    });
    await expect(invalid).rejects.toThrow('ConfigMap/shop/a: apply failed: try later');
    expect(calls).toBe(1);

    calls = 0;
    const unavailable = withRetry(
      async () => {
        calls++;
        throw failure(503);
      },
      { attempts: 3, initialDelayMs: 1 },
    );
    await expect(unavailable).rejects.toMatchObject({ status: 503, transient: true });
    expect(calls).toBe(3);
  });

  it("does not retry server-side apply's schema rejections, which come as a bare 500", () => {
    const rejection = new KubeApiError(
      'ConfigMap/shop/a',
      'apply',
      500,
      'HTTP500',
      'failed to create typed patch object (shop/a; /v1, Kind=ConfigMap): .dataa: field not declared in schema',
    );
    expect(rejection.transient).toBe(false);
    expect(failure(500).transient).toBe(true);
  });
});
