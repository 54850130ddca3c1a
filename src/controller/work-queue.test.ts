import { describe, expect, it } from 'vitest';
import { waitFor } from '../core/index.js';
import { backoffDelay, WorkQueue } from './work-queue.js';

describe('WorkQueue', () => {
  it('keeps a key waiting only once however often it is added', async () => {
    const q = new WorkQueue();
    q.add('shop');
    q.add('shop');
    q.add('blog');
    expect(q.length).toBe(2);
    expect(await q.get()).toBe('shop');
    expect(await q.get()).toBe('blog');
  });

  it('never hands the same key to two workers; a key added while processed comes back after done', async () => {
    const q = new WorkQueue();
    q.add('shop');
    const key = await q.get();
    q.add('shop'); // e.g. a watch event during the reconcile
    expect(q.length).toBe(0);
    const next = q.get();
    q.done(key ?? '');
    expect(await next).toBe('shop');
  });

  it('puts an urgent key first, also one that was waiting or is being processed', async () => {
    const q = new WorkQueue();
    for (const app of ['a', 'b', 'c']) q.add(app);
    q.addUrgent('refreshed'); // new
    q.addUrgent('c'); // already waiting at the back
    expect(await q.get()).toBe('c');
    expect(await q.get()).toBe('refreshed');
    expect(await q.get()).toBe('a');
    // 'a' is being processed when a webhook asks for it: after done, it comes before 'b'
    q.add('d');
    q.addUrgent('a');
    expect(q.length).toBe(2);
    q.done('a');
    expect(await q.get()).toBe('a');
    expect(await q.get()).toBe('b');
    expect(await q.get()).toBe('d');
  });

  it('hands a key straight to a waiting worker', async () => {
    const q = new WorkQueue();
    const waiting = q.get();
    q.add('shop');
    expect(await waiting).toBe('shop');
  });

  it('backs off per key exponentially up to a cap, and forget resets it', () => {
    const q = new WorkQueue({ baseMs: 100, maxMs: 1_000 });
    expect(q.addRateLimited('shop')).toBe(100);
    expect(q.addRateLimited('shop')).toBe(200);
    expect(q.addRateLimited('shop')).toBe(400);
    expect(q.addRateLimited('blog')).toBe(100);
    expect(backoffDelay(10, { baseMs: 100, maxMs: 1_000 })).toBe(1_000);
    q.forget('shop');
    expect(q.failureCount('shop')).toBe(0);
    expect(q.addRateLimited('shop')).toBe(100);
    q.shutDown();
  });

  it('delivers a delayed key after its delay, the earliest schedule winning', async () => {
    const q = new WorkQueue();
    const started = Date.now();
    q.addAfter('shop', 5_000);
    q.addAfter('shop', 30);
    expect(await q.get()).toBe('shop');
    expect(Date.now() - started).toBeLessThan(4_000);
    q.shutDown();
  });

  it('puts a delayed urgent key first when its delay is over, ahead of keys already waiting', async () => {
    const q = new WorkQueue();
    q.addAfter('synced-app', 30, true);
    q.add('new-app-1');
    q.add('new-app-2');
    // The worker takes new-app-1 at once; the delayed key then jumps new-app-2.
    expect(await q.get()).toBe('new-app-1');
    await waitFor(() => q.length === 2, {
      what: 'the delayed key to be queued',
      timeoutMs: 2_000,
      intervalMs: 5,
    });
    expect(await q.get()).toBe('synced-app');
    expect(await q.get()).toBe('new-app-2');
    q.shutDown();
  });

  it('releases waiting workers on shut down', async () => {
    const q = new WorkQueue();
    const waiting = q.get();
    q.shutDown();
    expect(await waiting).toBeUndefined();
    q.add('late');
    expect(await q.get()).toBeUndefined();
  });
});
