import { describe, expect, it } from 'vitest';
import { allowManyListeners, TimeoutError, waitFor } from './wait.js';

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

describe('allowManyListeners', () => {
  it('lets a signal have as many abort listeners as requests in flight, without a leak warning', async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error): void => void warnings.push(w.name);
    process.on('warning', onWarning);
    try {
      const plain = new AbortController().signal;
      const allowed = allowManyListeners(new AbortController().signal);
      for (let i = 0; i < 50; i++) allowed.addEventListener('abort', () => undefined);
      // warnings are emitted on the next tick
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings).toEqual([]);
      for (let i = 0; i < 50; i++) plain.addEventListener('abort', () => undefined);
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings).toContain('MaxListenersExceededWarning');
    } finally {
      process.off('warning', onWarning);
    }
  });
});
