import type { OperationState } from '../apis/index.js';
import { formatResourceKey } from '../core/index.js';
import type { SyncProgress } from '../sync/index.js';
import type { ReconcileContext } from './context.js';
import { toStatusResults, type StatusResult } from './status-build.js';
import { limitResourceResults } from './status-limit.js';
import type { PendingStatus } from './status-writes.js';

/** Progress is written at most this often while a sync runs. */
const PROGRESS_INTERVAL_MS = 1_000;

/**
 * The status writes of a sync in progress: its Running state, then its
 * per-resource progress at most once a second, the first a second after
 * Running, so a sync done sooner writes only its outcome. The first write
 * carries the comparison's status not written yet (`pending`).
 *
 * Running is written at once ({@link writeRunning}) when someone waits for
 * it (a requested sync), or held back ({@link holdRunning}) for an automated
 * sync: most finish within the hold, and their outcome, written with the
 * comparison after them, is then the only write (one ~10 KB write fewer per
 * sync, a thousand for a thousand new applications). One that takes longer
 * shows Running with its progress so far when the hold is up.
 *
 * Writes go out one after the other; {@link stop} waits for the one in
 * flight, so no progress write can land after the outcome.
 */
export class OperationProgress {
  private results = new Map<string, StatusResult>();
  private revision = '';
  private message: string;
  private pending: PendingStatus | undefined;
  private runningWritten = false;
  private lastWriteAt = 0;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly ctx: ReconcileContext,
    private readonly app: string,
    private readonly running: OperationState,
    pending: PendingStatus | undefined,
  ) {
    this.message = running.message ?? '';
    this.pending = pending;
  }

  /** Writes the Running state now; a failure is the caller's (like any status write). */
  async writeRunning(): Promise<void> {
    await this.enqueue(this.running);
  }

  /** Writes the Running state after `delayMs`, unless the sync has ended by then. */
  holdRunning(delayMs: number): void {
    this.schedule(delayMs);
  }

  /** A new attempt of the sync, at `revision`: its progress starts empty. */
  beginAttempt(revision: string): void {
    this.revision = revision;
    this.results = new Map();
  }

  /** Records what the sync reports; written with the next progress write. */
  readonly onProgress = (progress: SyncProgress): void => {
    if (progress.type === 'wave-started')
      this.message = `${progress.phase} phase, wave ${progress.wave}`;
    if (progress.type === 'resource') {
      const [result] = toStatusResults({ resources: [progress.result] });
      if (result) this.results.set(formatResourceKey(progress.result.key), result);
    }
    if (this.runningWritten)
      this.schedule(Math.max(0, PROGRESS_INTERVAL_MS - (Date.now() - this.lastWriteAt)));
  };

  /** Between attempts: nothing is written until the next attempt reports progress. */
  pause(): void {
    if (this.runningWritten) this.cancel();
  }

  /** Writes `state` (a retry's Running state) now, after any write in flight. */
  async writeNow(state: OperationState): Promise<void> {
    this.cancel();
    await this.enqueue(state);
  }

  /**
   * Stops writing and waits for a write in flight. Returns the comparison's
   * status if no write carried it, for the outcome's write to carry.
   */
  async stop(): Promise<PendingStatus | undefined> {
    this.stopped = true;
    this.cancel();
    await this.writing.catch(() => undefined);
    return this.pending;
  }

  private schedule(delayMs: number): void {
    if (this.timer || this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.stopped) return;
      const syncResult =
        this.results.size > 0
          ? {
              revision: this.revision,
              ...limitResourceResults(
                [...this.results.values()],
                this.ctx.options.statusResourcesLimit,
              ),
            }
          : undefined;
      // Progress is best effort: the outcome's write reports any lasting failure.
      this.enqueue({ ...this.running, message: this.message, syncResult }).catch(() => undefined);
    }, delayMs);
  }

  private cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Writes `state` once the write in flight (if any) is done. */
  private enqueue(state: OperationState): Promise<void> {
    const next = this.writing.catch(() => undefined).then(() => this.write(state));
    this.writing = next;
    return next;
  }

  private async write(state: OperationState): Promise<void> {
    const pending = this.pending;
    this.runningWritten = true;
    this.lastWriteAt = Date.now();
    await this.ctx.client.patchStatus(
      this.app,
      { ...pending?.status, operationState: state },
      pending?.statuslessAt,
    );
    if (pending && this.pending === pending) {
      this.pending = undefined;
      pending.written();
    }
  }
}
