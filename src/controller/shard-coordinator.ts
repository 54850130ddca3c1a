/**
 * Shard ownership for several controller replicas. Each shard is a
 * coordination.k8s.io Lease (`<prefix>-shard-<n>`) taken with {@link LeaseLock},
 * so two replicas can never hold one shard at once; each replica also keeps
 * a member Lease (`<prefix>-member-<identity>`) so all of them know how many
 * are alive and hold only their fair share.
 *
 * Every `retryPeriodMs` a replica renews its member lease and its shards,
 * counts the live members, gives up shards above its fair share — after
 * `drain` has let the shard's running work finish, so a new owner never
 * overlaps with the old one — and takes free or expired shards below it.
 * A shard whose lease cannot be renewed for `renewDeadlineMs` (shorter than
 * the lease duration) is dropped at once and its work aborted, before anyone
 * else may take it. A dead replica's shards expire after the lease duration
 * and are taken within one retry period after that.
 */
import type { ClusterConnection } from '../cluster/index.js';
import { allowManyListeners, errorMessage, type Logger } from '../core/index.js';
import { pause } from './leader-election.js';
import { LeaseLock, leasesPath, type Lease } from './lease.js';
import { fairShare, preferenceOrder } from './shards.js';

export interface ShardCoordinatorOptions {
  readonly namespace: string;
  /** Lease name prefix, e.g. `keelson-controller`. */
  readonly prefix: string;
  readonly identity: string;
  readonly shards: number;
  readonly leaseDurationSeconds: number;
  readonly retryPeriodMs: number;
  readonly renewDeadlineMs: number;
}

export interface ShardCallbacks {
  /** The shard is ours; `signal` aborts if we lose it involuntarily. */
  onAcquired(shard: number, signal: AbortSignal): void;
  /** We are giving the shard up: stop starting work for it and resolve when running work is done. */
  drain(shard: number): Promise<void>;
  /** The shard is no longer ours (released or lost). */
  onReleased?(shard: number): void;
}

interface HeldShard {
  readonly lock: LeaseLock;
  readonly abort: AbortController;
  lastRenewal: number;
  draining: boolean;
}

export const defaultShardTiming = {
  leaseDurationSeconds: 15,
  retryPeriodMs: 2_000,
  renewDeadlineMs: 10_000,
} as const;

export class ShardCoordinator {
  private readonly held = new Map<number, HeldShard>();
  private readonly locks = new Map<number, LeaseLock>();
  private readonly member: LeaseLock;
  private readonly seen = new Map<string, { version: string; at: number }>();

  constructor(
    private readonly connection: ClusterConnection,
    private readonly options: ShardCoordinatorOptions,
    private readonly callbacks: ShardCallbacks,
    private readonly logger: Logger,
  ) {
    this.member = this.lockFor(`${options.prefix}-member-${leaseSafe(options.identity)}`);
  }

  /** True when this replica holds `shard` and is not giving it up. */
  owns(shard: number): boolean {
    const h = this.held.get(shard);
    return h !== undefined && !h.draining;
  }

  /** Aborts when `shard` is lost; already aborted when it is not held. */
  signalFor(shard: number): AbortSignal {
    return this.held.get(shard)?.abort.signal ?? AbortSignal.abort();
  }

  ownedShards(): number[] {
    return [...this.held.entries()].filter(([, h]) => !h.draining).map(([s]) => s);
  }

  /** Coordinates until `signal` aborts, then releases every lease. */
  async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      await this.tick().catch((err: unknown) =>
        this.logger.warn('shard coordination failed; retrying', { error: errorMessage(err) }),
      );
      await pause(this.options.retryPeriodMs, signal);
    }
    await Promise.all([...this.held.keys()].map((s) => this.release(s)));
    await this.member.release();
  }

  /** One round: renew, count members, shed or take shards. */
  async tick(now = Date.now()): Promise<void> {
    await this.member.tryAcquireOrRenew(new Date(now));
    await this.renewHeld(now);
    const members = await this.liveMembers(now);
    const target = fairShare(this.options.shards, members);
    const active = this.ownedShards();
    if (active.length > target) {
      for (const shard of active.sort((a, b) => b - a).slice(0, active.length - target))
        void this.shed(shard);
      return;
    }
    for (const shard of preferenceOrder(this.options.identity, this.options.shards)) {
      if (this.held.size >= target) break;
      if (this.held.has(shard)) continue;
      const lock = this.shardLock(shard);
      if (await lock.tryAcquireOrRenew(new Date(now)).catch(() => false)) {
        const entry: HeldShard = {
          lock,
          abort: new AbortController(),
          lastRenewal: now,
          draining: false,
        };
        allowManyListeners(entry.abort.signal);
        this.held.set(shard, entry);
        this.logger.info('acquired shard', { shard, members, target });
        this.callbacks.onAcquired(shard, entry.abort.signal);
      }
    }
  }

  private async renewHeld(now: number): Promise<void> {
    await Promise.all(
      [...this.held.entries()].map(async ([shard, h]) => {
        const renewed = await h.lock.tryAcquireOrRenew(new Date(now)).catch(() => 'error' as const);
        if (renewed === true) h.lastRenewal = now;
        else if (renewed === false || now - h.lastRenewal > this.options.renewDeadlineMs) {
          this.logger.warn('lost shard; aborting its work', { shard });
          this.drop(shard);
        }
      }),
    );
  }

  /** Counts replicas whose member lease changed within its duration (by our own clock). */
  private async liveMembers(now: number): Promise<number> {
    const prefix = `${this.options.prefix}-member-`;
    const leases = (await this.connection.request({
      method: 'GET',
      path: leasesPath(this.options.namespace),
      verb: 'list',
    })) as { readonly items: readonly Lease[] };
    let alive = 0;
    const shardPrefix = `${this.options.prefix}-shard-`;
    for (const lease of leases.items) {
      const name = lease.metadata?.name ?? '';
      // Watch every shard's lease, held or not, so a dead holder's expiry is
      // already counted when our fair share grows.
      if (name.startsWith(shardPrefix)) {
        const shard = Number(name.slice(shardPrefix.length));
        if (
          Number.isInteger(shard) &&
          shard >= 0 &&
          shard < this.options.shards &&
          !this.held.has(shard)
        )
          this.shardLock(shard).observe(lease, new Date(now));
      }
      if (!name.startsWith(prefix) || !lease.spec?.holderIdentity) continue;
      const version = lease.metadata?.resourceVersion ?? '';
      const seen = this.seen.get(name);
      if (!seen || seen.version !== version) this.seen.set(name, { version, at: now });
      const at = this.seen.get(name)?.at ?? now;
      const durationMs =
        (lease.spec.leaseDurationSeconds ?? this.options.leaseDurationSeconds) * 1000;
      if (lease.spec.holderIdentity === this.options.identity || now - at < durationMs) alive++;
    }
    return Math.max(1, alive);
  }

  /** Gives a shard up gracefully: no new work, running work finishes, then the lease is released. */
  private async shed(shard: number): Promise<void> {
    const h = this.held.get(shard);
    if (!h || h.draining) return;
    h.draining = true;
    this.logger.info('handing shard over', { shard });
    await this.callbacks.drain(shard).catch(() => undefined);
    await this.release(shard);
  }

  private async release(shard: number): Promise<void> {
    const h = this.held.get(shard);
    if (!h) return;
    this.drop(shard);
    await h.lock.release();
  }

  private drop(shard: number): void {
    const h = this.held.get(shard);
    if (!h) return;
    this.held.delete(shard);
    h.abort.abort();
    this.callbacks.onReleased?.(shard);
  }

  /**
   * One lock per shard for the coordinator's lifetime: a lock measures a
   * holder's silence from when it first saw the lease unchanged, so a fresh
   * lock each round would never find a dead holder's lease expired.
   */
  private shardLock(shard: number): LeaseLock {
    let lock = this.locks.get(shard);
    if (!lock) {
      lock = this.lockFor(`${this.options.prefix}-shard-${shard}`);
      this.locks.set(shard, lock);
    }
    return lock;
  }

  private lockFor(name: string): LeaseLock {
    return new LeaseLock(this.connection, {
      namespace: this.options.namespace,
      name,
      identity: this.options.identity,
      leaseDurationSeconds: this.options.leaseDurationSeconds,
    });
  }
}

/** A Lease name from a replica identity (`host_abc123` → `host-abc123`). */
function leaseSafe(identity: string): string {
  return identity
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 200);
}
