import type { SyncRun } from './context.js';
import {
  SYNC_PHASES,
  type PhaseResult,
  type ResourceResult,
  type SyncPlan,
  type SyncResult,
} from './types.js';

export interface Outcome {
  readonly phase: SyncResult['phase'];
  readonly message: string;
  /** Whether SyncFail hooks ran (their results are reported only then). */
  readonly syncFailRan: boolean;
  /** Why tasks that never ran did not (`not run: …`). */
  readonly notRunReason: string;
}

/**
 * Assembles the result of a sync: every task in plan order (those never
 * reached are `Skipped` with the reason), and one entry per phase that has
 * tasks.
 */
export function buildResult(
  run: SyncRun,
  plan: SyncPlan,
  outcome: Outcome,
  startedAt: Date,
): SyncResult {
  const resources: ResourceResult[] = [];
  for (const task of plan.tasks) {
    if (task.phase === 'SyncFail' && !outcome.syncFailRan) continue;
    resources.push(
      run.result(task) ??
        run.record(task, task.planned ?? { status: 'Skipped', message: outcome.notRunReason }),
    );
  }
  const phases: PhaseResult[] = [];
  for (const phase of SYNC_PHASES) {
    const inPhase = resources.filter((r) => r.phase === phase);
    if (inPhase.length === 0) continue;
    const failed = inPhase.filter((r) => r.status === 'SyncFailed');
    const ran = inPhase.some((r) => r.status !== 'Skipped');
    phases.push({
      phase,
      status: failed.length > 0 ? 'Failed' : ran ? 'Succeeded' : 'Skipped',
      message:
        failed.length > 0
          ? `${failed.length} of ${inPhase.length} failed`
          : ran
            ? `${inPhase.length} resource${inPhase.length === 1 ? '' : 's'}`
            : outcome.notRunReason,
    });
  }
  return {
    phase: outcome.phase,
    message: outcome.message,
    dryRun: run.options.dryRun,
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    phases,
    resources,
  };
}
