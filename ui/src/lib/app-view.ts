/** What the UI shows of an Application, derived from its status. Pure. */
import type { Application, OperationState, ResourceResult } from '../api/types.js';

/** `metadata.name` (always set on an application read from the API). */
export function nameOf(app: { readonly metadata: { readonly name?: string } }): string {
  return app.metadata.name ?? '';
}

export function syncStatusOf(app: Application): string {
  return app.status?.sync?.status ?? 'Unknown';
}

export function healthStatusOf(app: Application): string {
  return app.status?.health?.status ?? 'Unknown';
}

export function isAutomated(app: Application): boolean {
  return app.spec.syncPolicy?.automated !== undefined && app.spec.syncPolicy.automated !== null;
}

/** "Auto-sync (prune, self-heal)" or "Manual". */
export function syncPolicyLabel(app: Application): string {
  const automated = app.spec.syncPolicy?.automated;
  if (!automated) return 'Manual';
  const flags = [automated.prune && 'prune', automated.selfHeal && 'self-heal'].filter(Boolean);
  return flags.length ? `Auto-sync (${flags.join(', ')})` : 'Auto-sync';
}

/** Whether an operation is in progress (requested, running or terminating). */
export function isOperationRunning(app: Application): boolean {
  const phase = app.status?.operationState?.phase;
  return app.operation !== undefined || phase === 'Running' || phase === 'Terminating';
}

export interface OperationProgress {
  readonly total: number;
  /** Resources with a final result (synced, pruned, failed, skipped). */
  readonly done: number;
  readonly failed: number;
}

/** Per-resource progress of a sync (`status.operationState.syncResult.resources`). */
export function operationProgress(state: OperationState | undefined): OperationProgress {
  const resources: readonly ResourceResult[] = state?.syncResult?.resources ?? [];
  const isDone = (r: ResourceResult) =>
    r.status !== undefined && (r.hookPhase === undefined || r.hookPhase !== 'Running');
  // A large sync lists hooks and failures first and only counts the rest, which are done.
  const total = state?.syncResult?.resourcesTotal ?? resources.length;
  return {
    total,
    done: total - resources.filter((r) => !isDone(r)).length,
    failed: resources.filter((r) => r.status === 'SyncFailed').length,
  };
}

/** Error conditions first (their types end in `Error`), then warnings. */
export function sortedConditions(app: Application) {
  const conditions = [...(app.status?.conditions ?? [])];
  return conditions.sort(
    (a, b) => Number(b.type.endsWith('Error')) - Number(a.type.endsWith('Error')),
  );
}

/** History newest first (the API keeps it oldest first). */
export function historyNewestFirst(app: Application) {
  return [...(app.status?.history ?? [])].sort((a, b) => b.id - a.id);
}
