import type { ApplicationStatus } from '../apis/index.js';
import { fingerprintOf } from '../core/index.js';

/** What a comparison writes to `status`, except `reconciledAt`. */
export type ComparisonStatus = Partial<Record<keyof ApplicationStatus, unknown>>;

/**
 * A comparison's status (with `reconciledAt`) not written yet: the
 * reconcile's next status write carries it, then calls `written`.
 */
export interface PendingStatus {
  readonly status: ComparisonStatus;
  readonly written: () => void;
  /** The compared copy had no status at this resourceVersion (see `ApplicationClient.patchStatus`). */
  readonly statuslessAt?: string;
}

/**
 * Skips comparison status writes that would only move `reconciledAt`, the
 * way the kubelet reports node status: computed on every pass, written when
 * it changed, or when the last write is older than the heartbeat.
 *
 * Without this, every periodic resync of an unchanged application costs a
 * status write: a ~10 KB object decoded, validated, stored in etcd and sent
 * to every watcher, 1,000 times per resync period for a 1,000-app fleet
 * (most of the controller's idle CPU). A write is skipped only when this
 * process wrote the same status itself, less than a heartbeat ago, and the
 * informer's copy still shows it: a stale copy, or a status someone else
 * changed, is always written over.
 */
export class ComparisonStatusWrites {
  private readonly written = new Map<string, Written>();

  /** `heartbeatMs` 0 writes every comparison (Argo CD's behaviour). */
  constructor(private readonly heartbeatMs: number) {}

  /**
   * Whether `next` must be written for `app`; `stored` is the informer's
   * copy of its status. Call {@link recordWrite} with the returned print
   * once written.
   */
  check(
    app: string,
    stored: ApplicationStatus | undefined,
    next: ComparisonStatus,
    now: number,
  ): { readonly write: boolean; readonly print: string } {
    const print = fingerprintOf(next);
    const last = this.written.get(app);
    const write =
      this.heartbeatMs <= 0 ||
      last === undefined ||
      now - last.at >= this.heartbeatMs ||
      last.print !== print ||
      fingerprintOf(sameFields(stored, next)) !== print;
    return { write, print };
  }

  recordWrite(app: string, print: string, now: number): void {
    this.written.set(app, { print, at: now });
  }

  forget(app: string): void {
    this.written.delete(app);
  }
}

interface Written {
  readonly print: string;
  readonly at: number;
}

/** The fields of `stored` that `next` sets, for comparing like with like. */
function sameFields(
  stored: ApplicationStatus | undefined,
  next: ComparisonStatus,
): ComparisonStatus {
  const picked: ComparisonStatus = {};
  for (const key of Object.keys(next) as (keyof ApplicationStatus)[]) {
    picked[key] = stored?.[key];
  }
  return picked;
}
