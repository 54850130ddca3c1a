import { describe, expect, it } from 'vitest';
import { fairShare, preferenceOrder, shardKeyOf, shardOfKey } from './shards.js';

describe('shards', () => {
  it('puts a key in the same shard every time, and spreads many keys over all shards', () => {
    expect(shardOfKey('guestbook', 4)).toBe(shardOfKey('guestbook', 4));
    const counts = new Map<number, number>();
    for (let i = 0; i < 4000; i++) {
      const shard = shardOfKey(`app-${i}`, 4);
      counts.set(shard, (counts.get(shard) ?? 0) + 1);
    }
    expect([...counts.keys()].sort()).toEqual([0, 1, 2, 3]);
    for (const c of counts.values()) expect(c).toBeGreaterThan(800); // 1000 ± 20 %
    expect(shardOfKey('anything', 1)).toBe(0);
  });

  it('keys by application name or by destination cluster', () => {
    const app = (name: string, server: string) => ({
      metadata: { name },
      spec: { source: { repoURL: 'r' }, destination: { server, namespace: 'x' } },
    });
    expect(shardKeyOf(app('a', 'https://c1'), 'application')).toBe('a');
    expect(shardKeyOf(app('a', 'https://c1'), 'cluster')).toBe(
      shardKeyOf(app('b', 'https://c1'), 'cluster'),
    );
  });

  it('gives each live replica its fair share, rounding up so no shard is left over', () => {
    expect(fairShare(3, 1)).toBe(3);
    expect(fairShare(3, 2)).toBe(2);
    expect(fairShare(3, 3)).toBe(1);
    expect(fairShare(3, 5)).toBe(1);
    expect(fairShare(3, 0)).toBe(3);
  });

  it('orders every shard once, starting at a replica-specific point', () => {
    const order = preferenceOrder('replica-a', 5);
    expect([...order].sort()).toEqual([0, 1, 2, 3, 4]);
  });
});
