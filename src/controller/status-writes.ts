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
 * The status as it will be once `unwritten` (a status handed on, not yet
 * written: the outcome of the sync just before) is written over `stored`.
 * What a new sync builds on: the history to append to, the latest operation.
 */
export function statusAsWritten(
  stored: ApplicationStatus | undefined,
  unwritten: ComparisonStatus | undefined,
): Partial<ApplicationStatus> {
  return { ...stored, ...(unwritten as Partial<ApplicationStatus> | undefined) };
}

/** What {@link ComparisonStatusWrites.check} decided. */
export interface StatusWriteCheck {
  readonly write: boolean;
  /** The status's fingerprint, for {@link ComparisonStatusWrites.recordWrite}. */
  readonly print: string;
  /** Not written for now: only a rollout's progress changed; compare again after this long. */
  readonly deferMs?: number;
}

/**
 * Skips comparison status writes that would only move `reconciledAt`, the
 * way the kubelet reports node status: computed on every pass, written when
 * it changed, or when the last write is older than the heartbeat.
 *
 * It also spaces out the writes of a rollout in progress: while the
 * application stays Progressing and nothing but its resources' health
 * changed (one of two Deployments became available, a message moved from
 * "0 of 3 updated" to "1 of 3"), the status is written at most once per
 * `progressIntervalMs`; the caller compares again when that is up, so the
 * last step is never lost. Anything else — sync status, the application's
 * health, the set of resources, conditions — is written at once.
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

  /**
   * `heartbeatMs` 0 writes every comparison (Argo CD's behaviour);
   * `progressIntervalMs` 0 writes every step of a rollout.
   */
  constructor(
    private readonly heartbeatMs: number,
    private readonly progressIntervalMs: number,
  ) {}

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
  ): StatusWriteCheck {
    const print = fingerprintOf(next);
    const last = this.written.get(app);
    if (this.heartbeatMs <= 0 || last === undefined || now - last.at >= this.heartbeatMs)
      return { write: true, print };
    const storedPrint = fingerprintOf(sameFields(stored, next));
    // A stale copy, or a status someone else changed: written over at once.
    if (storedPrint !== last.print) return { write: true, print };
    if (last.print === print) return { write: false, print };
    const wait = last.at + this.progressIntervalMs - now;
    if (wait > 0 && isProgressing(next) && last.headline === headlineOf(next))
      return { write: false, print, deferMs: wait };
    return { write: true, print };
  }

  recordWrite(app: string, status: ComparisonStatus, print: string, now: number): void {
    this.written.set(app, {
      print,
      at: now,
      headline: isProgressing(status) ? headlineOf(status) : undefined,
    });
  }

  forget(app: string): void {
    this.written.delete(app);
  }
}

/** See {@link ComparisonStatusWrites}: a rollout's progress is written at most this often. */
export const DEFAULT_PROGRESS_INTERVAL_MS = 3_000;

interface Written {
  readonly print: string;
  readonly at: number;
  /** The status without its resources' health, when it was written Progressing. */
  readonly headline: string | undefined;
}

function isProgressing(status: ComparisonStatus): boolean {
  return (status.health as { status?: unknown } | undefined)?.status === 'Progressing';
}

/**
 * A status's fingerprint without what a rollout's progress changes: each
 * resource's health and the messages and counts derived from it.
 */
function headlineOf(status: ComparisonStatus): string {
  const { health, resources, ...rest } = status;
  return fingerprintOf({
    ...rest,
    resourcesSummary: undefined,
    health: (health as { status?: unknown } | undefined)?.status,
    resources: Array.isArray(resources)
      ? resources.map((r: Record<string, unknown>) => ({ ...r, health: undefined }))
      : resources,
  });
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
