import { describe, expect, it } from 'vitest';
import { TimeoutError, waitFor } from './wait.js';

describe('waitFor', () => {
  it('returns the first truthy value of the condition', async () => {
    let calls = 0;
    const value = await waitFor(() => (++calls >= 3 ? `done after ${calls}` : undefined), {
      what: 'three calls',
      timeoutMs: 5_000,
      intervalMs: 1,
    });
    expect(value).toBe('done after 3');
  });

  it('times out naming what it waited for and the last error seen', async () => {
    const attempt = waitFor(
      () => {
        throw new Error('connection refused');
      },
      { what: 'the API server', timeoutMs: 50, intervalMs: 10 },
    );
    await expect(attempt).rejects.toBeInstanceOf(TimeoutError);
    await expect(attempt).rejects.toThrow(
      /waiting for the API server: last error: connection refused/,
    );
  });
});
