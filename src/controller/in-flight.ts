/**
 * Counts reconciles running per shard, so a shard being handed over can wait
 * until its last one has finished.
 */
export class InFlight {
  private readonly counts = new Map<number, number>();
  private readonly waiters = new Map<number, (() => void)[]>();

  begin(shard: number): void {
    this.counts.set(shard, (this.counts.get(shard) ?? 0) + 1);
  }

  end(shard: number): void {
    const left = (this.counts.get(shard) ?? 1) - 1;
    if (left > 0) {
      this.counts.set(shard, left);
      return;
    }
    this.counts.delete(shard);
    for (const wake of this.waiters.get(shard) ?? []) wake();
    this.waiters.delete(shard);
  }

  /** Resolves once nothing of `shard` is running. */
  idle(shard: number): Promise<void> {
    if (!this.counts.has(shard)) return Promise.resolve();
    return new Promise((resolve) => {
      const list = this.waiters.get(shard) ?? [];
      list.push(resolve);
      this.waiters.set(shard, list);
    });
  }
}
