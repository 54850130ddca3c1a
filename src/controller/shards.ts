/**
 * Which shard an application belongs to, and how many shards each replica
 * should hold. Pure; the coordination is in shard-coordinator.ts.
 */
import type { Application } from '../apis/index.js';

/** Split applications by their name, or keep each destination cluster on one replica. */
export type ShardBy = 'application' | 'cluster';

/** FNV-1a, 32 bit: stable across processes and versions, unlike a seeded hash. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** The shard of `key` among `shards` (0-based). */
export function shardOfKey(key: string, shards: number): number {
  return shards <= 1 ? 0 : fnv1a(key) % shards;
}

/** The shard key of an application: its name, or its destination cluster. */
export function shardKeyOf(app: Pick<Application, 'metadata' | 'spec'>, by: ShardBy): string {
  if (by === 'cluster') {
    const d = app.spec.destination;
    return d.server ?? `name:${d.name ?? ''}`;
  }
  return app.metadata.name ?? '';
}

/** How many shards one of `members` live replicas should hold: the rest is left to the others. */
export function fairShare(shards: number, members: number): number {
  return Math.ceil(shards / Math.max(1, members));
}

/**
 * Shards to try first: starting at a point derived from the replica's
 * identity, so replicas starting together mostly go for different shards.
 */
export function preferenceOrder(identity: string, shards: number): number[] {
  const start = shardOfKey(identity, shards);
  return Array.from({ length: shards }, (_, i) => (start + i) % shards);
}
