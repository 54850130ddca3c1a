/**
 * Performing a sync operation: record it as Running, run the sync engine
 * (retrying under the retry policy), then record the outcome, the history
 * entry and the events, and clear the request. A requested sync is written
 * Running before it starts, so a controller restarted mid-sync finds the
 * operation and runs it again (applying is idempotent); an automated one
 * only once it has run for `statusProgressIntervalMs` (a restarted
 * controller finds it OutOfSync and syncs it again anyway; see
 * `OperationProgress`). An automated sync's outcome may be handed back
 * unwritten, for the comparison right after it to write in the same
 * request (see `deferOutcomeWrite`).
 */
import { setTimeout as delay } from 'node:timers/promises';
import { isDeepStrictEqual } from 'node:util';
import {
  revisionHistoryLimitOf,
  type Application,
  type Operation,
  type OperationState,
} from '../apis/index.js';
import type { ObservedWrite } from '../cluster/index.js';
import { KeelsonError, allowManyListeners, errorMessage, type ResourceKey } from '../core/index.js';
import type { RepositoryCredentials } from '../credentials/index.js';
import { runSync, syncOptionsFromList, type ResumedHook, type SyncResult } from '../sync/index.js';
import { renderDesired } from './compare.js';
import type { ReconcileContext } from './context.js';
import type { Destination } from './destinations.js';
import { retryDelay } from './durations.js';
import { appendHistory } from './history.js';
import { ignoreRulesFingerprint } from './known-in-sync.js';
import { OperationProgress } from './operation-progress.js';
import { toStatusResults } from './status-build.js';
import { limitResourceResults } from './status-limit.js';
import { statusAsWritten, type ComparisonStatus, type PendingStatus } from './status-writes.js';
import { TERMINATED_MESSAGE } from './terminations.js';

/** The controller stopped while this application's sync ran. */
export class OperationInterruptedError extends KeelsonError {
  constructor(app: string) {
    super(`Application ${app}: sync interrupted by controller shutdown; it will run again`);
  }
}

export interface OperationInputs {
  readonly app: Application;
  readonly operation: Operation;
  readonly destination: Destination;
  readonly credentials: RepositoryCredentials | undefined;
  /** The revision the last comparison resolved (used when the operation names none). */
  readonly comparedRevision: string;
  /** Whether the request lives in `app.operation` (cleared when done). */
  readonly requested: boolean;
  /** The comparison's status, written with the first status write. */
  readonly pendingStatus?: PendingStatus;
  /**
   * Do not write the outcome: return it for the comparison that follows to
   * write with its own status, once the live-state cache shows what the sync
   * applied (or {@link SHOW_SYNC_TIMEOUT_MS} passed).
   */
  readonly deferOutcomeWrite?: boolean;
}

/** What a sync ended with, and the status fields that record it if not written yet. */
export interface OperationOutcome {
  readonly state: OperationState;
  readonly unwritten?: ComparisonStatus;
}

/**
 * How long the comparison after a sync waits for the watches to deliver
 * what the sync applied; usually a fraction of this.
 */
const SHOW_SYNC_TIMEOUT_MS = 2_000;

export async function runOperation(
  ctx: ReconcileContext,
  input: OperationInputs,
): Promise<OperationOutcome> {
  const { app, operation } = input;
  const name = app.metadata.name ?? '';
  const sync = operation.sync ?? {};
  // An outcome handed on unwritten (the sync just before) is newer than the
  // stored status: that sync finished, and its history entry counts.
  const latest = statusAsWritten(app.status, input.pendingStatus?.status);
  // Read before Running is written over it: what an interrupted attempt of
  // this same request already did.
  const resumedHooks = resumedHooksOf(latest.operationState, operation);
  const startedAt = new Date().toISOString();
  const running: OperationState = {
    operation,
    phase: 'Running',
    message: 'sync started',
    startedAt,
  };
  const progress = new OperationProgress(ctx, name, running, input.pendingStatus);
  const holdRunningMs = input.requested ? 0 : ctx.options.statusProgressIntervalMs;
  if (holdRunningMs > 0) progress.holdRunning(holdRunningMs);
  else await progress.writeRunning();
  const involved = involvedObject(app, ctx);
  const target = sync.revision ?? input.comparedRevision;
  void ctx.events.record(involved, 'Normal', 'SyncStarted', `sync to ${short(target)} started`);
  ctx.logger.info('sync started', {
    app: name,
    revision: short(target),
    replica: ctx.options.identity,
  });

  let state: OperationState;
  let writes: readonly ObservedWrite[] = [];
  let unwrittenComparison: PendingStatus | undefined;
  const termination = ctx.terminations.begin(name);
  try {
    ({ state, writes } = await ctx.syncSlot(() =>
      syncWithRetries(ctx, input, { running, termination, resumedHooks, progress }),
    ));
  } catch (err) {
    // Stopping mid-sync: leave the operation Running and requested, so the
    // next controller (or leader) runs it again instead of recording a failure.
    if (ctx.signal.aborted) throw err;
    state = termination.aborted
      ? terminatedState(running)
      : {
          ...running,
          phase: 'Error',
          message: errorMessage(err),
          finishedAt: new Date().toISOString(),
        };
  } finally {
    ctx.terminations.end(name, termination);
    unwrittenComparison = await progress.stop();
  }
  const history =
    state.phase === 'Succeeded' && !sync.dryRun && state.syncResult
      ? appendHistory(
          latest.history ?? [],
          {
            revision: state.syncResult.revision,
            source: state.syncResult.source ?? app.spec.source,
            deployStartedAt: startedAt,
            deployedAt: state.finishedAt ?? new Date().toISOString(),
            initiatedBy: operation.initiatedBy,
          },
          revisionHistoryLimitOf(app),
        )
      : undefined;
  const outcome = history ? { operationState: state, history } : { operationState: state };
  if (input.deferOutcomeWrite) {
    await input.destination.cache.waitToShow(writes, SHOW_SYNC_TIMEOUT_MS, ctx.signal);
  }
  // Stopping: no comparison follows, so the outcome is written now.
  const deferred = input.deferOutcomeWrite === true && !ctx.signal.aborted;
  if (!deferred) {
    // No Running write carried the comparison's status: the outcome's does.
    await ctx.client.patchStatus(
      name,
      { ...unwrittenComparison?.status, ...outcome },
      unwrittenComparison?.statuslessAt,
    );
    unwrittenComparison?.written();
  }
  if (input.requested) await ctx.client.clearOperation(name, app.metadata.generation ?? 0);
  const ok = state.phase === 'Succeeded';
  void ctx.events.record(
    involved,
    ok ? 'Normal' : 'Warning',
    ok ? 'SyncSucceeded' : 'SyncFailed',
    state.message ?? '',
  );
  ctx.metrics.countSync(
    { name, namespace: ctx.options.namespace, project: app.spec.project ?? 'default' },
    state.phase,
  );
  ctx.logger.info('sync finished', {
    app: name,
    replica: ctx.options.identity,
    phase: state.phase,
    revision: short(target),
    message: state.message,
  });
  return { state, unwritten: deferred ? outcome : undefined };
}

/**
 * The hooks an interrupted attempt of the same request recorded (its
 * operationState is still Running with the same operation), so the resumed
 * sync adopts them instead of running them twice.
 */
function resumedHooksOf(previous: OperationState | undefined, operation: Operation): ResumedHook[] {
  if (previous?.phase !== 'Running' || !isDeepStrictEqual(previous.operation.sync, operation.sync))
    return [];
  return (previous.syncResult?.resources ?? [])
    .filter((r) => r.hookType !== undefined)
    .map((r) => ({
      group: r.group,
      kind: r.kind,
      namespace: r.namespace,
      name: r.name,
      phase: r.hookType ?? '',
      hookPhase: r.hookPhase,
    }));
}

/** The outcome of an operation a user terminated (Argo CD records it as Failed). */
export function terminatedState(running: OperationState): OperationState {
  return {
    ...running,
    phase: 'Failed',
    message: TERMINATED_MESSAGE,
    finishedAt: new Date().toISOString(),
  };
}

/** What one run of an operation shares across its attempts. */
interface OperationRun {
  readonly running: OperationState;
  readonly termination: AbortSignal;
  readonly resumedHooks: readonly ResumedHook[];
  readonly progress: OperationProgress;
}

async function syncWithRetries(
  ctx: ReconcileContext,
  input: OperationInputs,
  { running, termination, resumedHooks, progress }: OperationRun,
): Promise<{ state: OperationState; writes: ObservedWrite[] }> {
  const signal = allowManyListeners(AbortSignal.any([ctx.signal, termination]));
  const { app, operation, destination } = input;
  const name = app.metadata.name ?? '';
  const sync = operation.sync ?? {};
  const retry = operation.retry ?? app.spec.syncPolicy?.retry;
  const limit = retry?.limit ?? 0;
  const source = sync.source ?? app.spec.source;
  const revision = sync.revision ?? input.comparedRevision;
  const rules = ignoreRulesFingerprint(app.spec.ignoreDifferences);
  let attempt = 0;
  for (;;) {
    const { revision: resolved, desired } = await renderDesired(
      ctx,
      app,
      destination,
      input.credentials,
      {
        source,
        revision,
      },
    );
    progress.beginAttempt(revision);
    const result = await runSync(
      destination.connection,
      { desired, live: destination.cache.objectsOf(name) },
      {
        // Like Argo CD, the controller's apply takes over fields someone else
        // changed on objects it owns: that is what syncing and self-heal mean.
        // Objects of other owners stay protected by the tracking marker.
        force: true,
        ...syncOptionsFromList([
          ...(app.spec.syncPolicy?.syncOptions ?? []),
          ...(sync.syncOptions ?? []),
        ]),
        app: name,
        namespace: app.spec.destination.namespace,
        prune: sync.prune ?? false,
        dryRun: sync.dryRun ?? false,
        allowEmpty: app.spec.syncPolicy?.automated?.allowEmpty ?? false,
        resources: sync.resources?.map(toKey),
        ignoreDifferences: app.spec.ignoreDifferences,
        waveTimeoutMs: ctx.options.waveTimeoutMs,
        signal,
        // Only the first attempt resumes; a retry is a new attempt with new hooks.
        resumedHooks: attempt === 0 ? resumedHooks : [],
        validations: destination.validations,
        inSync: ctx.inSync.memoFor(name, rules),
        // A requested operation (its generation) names its hooks the same on
        // any replica, so a resumed attempt adopts them; automated syncs,
        // which share a generation, keep random names.
        hookNameSeed: input.requested
          ? `${app.metadata.uid ?? name}/${app.metadata.generation ?? 0}/${attempt}`
          : undefined,
      },
      progress.onProgress,
    ).finally(() => progress.pause());
    if (ctx.signal.aborted) throw new OperationInterruptedError(name);
    ctx.inSync.recordSync(name, rules, result);
    const state = toOperationState(running, result, resolved, source, attempt, ctx.options);
    const writes = observedWrites(result);
    if (termination.aborted)
      return { state: { ...terminatedState(running), syncResult: state.syncResult }, writes };
    if (result.phase === 'Succeeded' || (limit >= 0 && attempt >= limit)) return { state, writes };
    attempt++;
    const wait = retryDelay(retry?.backoff, attempt);
    await progress.writeNow({
      ...state,
      phase: 'Running',
      finishedAt: undefined,
      message: `${state.message} (retry ${attempt} in ${Math.round(wait / 1000)} s)`,
    });
    await delay(wait, undefined, { signal });
  }
}

/** The objects a sync applied, as versions the live-state cache should come to show. */
function observedWrites(result: SyncResult): ObservedWrite[] {
  return result.resources.flatMap((r) =>
    r.applied?.resourceVersion
      ? [
          {
            key: r.key,
            resourceVersion: r.applied.resourceVersion,
            replacedVersion: r.applied.replacedVersion,
          },
        ]
      : [],
  );
}

function toOperationState(
  running: OperationState,
  result: SyncResult,
  revision: string,
  source: Application['spec']['source'],
  retryCount: number,
  { statusResourcesLimit }: Pick<ReconcileContext['options'], 'statusResourcesLimit'>,
): OperationState {
  return {
    ...running,
    phase: result.phase,
    message: result.message,
    finishedAt: result.finishedAt,
    retryCount: retryCount || undefined,
    syncResult: {
      revision,
      source,
      ...limitResourceResults(toStatusResults(result), statusResourcesLimit),
    },
  };
}

function toKey(r: { group?: string; kind: string; namespace?: string; name: string }): ResourceKey {
  return { group: r.group ?? '', kind: r.kind, namespace: r.namespace ?? '', name: r.name };
}

export function involvedObject(app: Application, ctx: ReconcileContext) {
  return {
    apiVersion: app.apiVersion,
    kind: 'Application',
    namespace: ctx.options.namespace,
    name: app.metadata.name ?? '',
    uid: app.metadata.uid,
  };
}

export function short(revision: string): string {
  return /^[0-9a-f]{40}$/.test(revision) ? revision.slice(0, 7) : revision;
}
