import { describe, expect, it } from 'vitest';
import { KeyedMutex, SharedTasks } from './concurrency.js';

describe('sharing and serializing work', () => {
  it('runs one task per key and hands every concurrent caller its result', async () => {
    const shared = new SharedTasks<number>();
    let runs = 0;
    let release: (v: number) => void = () => undefined;
    const task = () => {
      runs++;
      return new Promise<number>((resolve) => (release = resolve));
    };
    const a = shared.run('repo@sha', task);
    const b = shared.run('repo@sha', task);
    release(42);
    expect(await Promise.all([a, b])).toEqual([42, 42]);
    expect(runs).toBe(1);
    // once settled, the key runs again
    await shared.run('repo@sha', async () => ++runs);
    expect(runs).toBe(2);
  });

  it('serializes tasks of one key in call order, even after a failure', async () => {
    const mutex = new KeyedMutex();
    const order: string[] = [];
    const step =
      (name: string, fail = false) =>
      async () => {
        order.push(`${name}:start`);
        await Promise.resolve();
        order.push(`${name}:end`);
        if (fail) throw new Error(name);
      };
    await Promise.allSettled([
      mutex.with('k', step('a', true)),
      mutex.with('k', step('b')),
      mutex.with('other', step('c')),
    ]);
    expect(order.indexOf('b:start')).toBeGreaterThan(order.indexOf('a:end'));
    expect(order.indexOf('c:start')).toBeLessThan(order.indexOf('a:end'));
  });
});
