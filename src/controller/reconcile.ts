/**
 * Reconciling one Application, top to bottom: read it, check its project,
 * find its destination, compare with Git, write the status, and sync when
 * asked or when the automated policy says so. Failures are sorted as Flux
 * does: a transient one (Git or a cluster unreachable) becomes a condition
 * and a retry with backoff; a terminal one (invalid spec, project violation)
 * a condition and the normal resync; an expected wait (deletion in progress,
 * self-heal backoff) a requeue. Nothing is applied or deleted on any failure,
 * and the last good status is kept.
 */
import {
  projectOf,
  type Application,
  type ApplicationCondition,
  type AppProject,
  type Operation,
  type OperationState,
} from '../apis/index.js';
import { describeObject, errorMessage, formatResourceKey } from '../core/index.js';
import {
  matchRepositoryCredentials,
  readCredentialSecrets,
  type SecretLike,
} from '../credentials/index.js';
import { decideAutoSync, type LastAutoSync } from './auto-sync.js';
import { compareApplication, sourceHash, type AppComparison } from './compare.js';
import { reconcileConditions, type ConditionType } from './conditions.js';
import type { FinishedOperation, ReconcileContext } from './context.js';
import { finalizeDeletion } from './deletion.js';
import type { Destination } from './destinations.js';
import { involvedObject, runOperation, terminatedState } from './operate.js';
import { summarizeResources, toStatusHealth } from './status-build.js';
import { limitResourceStatuses } from './status-limit.js';
import type { ComparisonStatus, PendingStatus } from './status-writes.js';
import { checkApplicationAgainstProject } from '../project/index.js';

export const REFRESH_ANNOTATION = 'keelson.dev/refresh';
/** Info entry naming the history id an operation rolls back to. */
export const ROLLBACK_INFO = 'Rollback';
const ARGOCD_REFRESH_ANNOTATION = 'argocd.argoproj.io/refresh';

const MANAGED_CONDITIONS: readonly ConditionType[] = [
  'InvalidSpecError',
  'ComparisonError',
  'SyncError',
  'SharedResourceWarning',
  'ProjectViolationError',
  'DestinationError',
];

export interface ReconcileOutcome {
  /** Reconcile again after this long (periodic refresh, backoff or a wait). */
  readonly requeueAfterMs?: number;
  /** A transient failure: the queue retries with per-app backoff. */
  readonly failed?: boolean;
  /**
   * A requested operation just finished: compare again ahead of waiting
   * work, so the person who asked for it sees its outcome in the sync status
   * at once, not after every queued application.
   */
  readonly compareNow?: boolean;
  /**
   * A second automated sync in one reconcile just finished (self-heal found
   * the comparison after the first OutOfSync): compare again ahead of
   * waiting work after this delay, not at once, so one reconcile never
   * loops. Queued behind everything instead, such comparisons after a burst
   * of syncs would all run at the end, together.
   */
  readonly compareSoonMs?: number;
}

/** See {@link ReconcileOutcome.compareSoonMs}. */
const COMPARE_AFTER_AUTOMATED_SYNC_MS = 2_000;

export async function reconcileApplication(
  ctx: ReconcileContext,
  name: string,
): Promise<ReconcileOutcome> {
  const raw = ctx.apps.get(name);
  if (!raw) {
    ctx.metrics.removeApp(ctx.options.namespace, name);
    ctx.selfHeal.delete(name);
    ctx.lastHealth.delete(name);
    ctx.claims.remove(name);
    ctx.comparisons.forget(name);
    ctx.inSync.forget(name);
    ctx.statusWrites.forget(name);
    ctx.parsedApplications.forget(name);
    return {};
  }
  let app: Application;
  try {
    app = ctx.parsedApplications.get(name, raw);
  } catch (err) {
    await writeConditions(
      ctx,
      raw as Application,
      new Map([['InvalidSpecError', errorMessage(err)]]),
    );
    return { requeueAfterMs: resyncDelay(ctx) };
  }
  const credentials = readCredentialSecrets(ctx.secrets.list() as SecretLike[]);
  const project = readProject(ctx, app);
  let destination: Destination;
  try {
    destination = await ctx.destinations.get(app.spec.destination, credentials.clusters);
  } catch (err) {
    await writeConditions(ctx, app, new Map([['DestinationError', errorMessage(err)]]), {
      unknownSync: true,
    });
    return { failed: true };
  }
  if (app.metadata.deletionTimestamp) {
    const { done } = await finalizeDeletion(ctx, app, destination);
    return done ? {} : { requeueAfterMs: 1_000 };
  }
  const violations = checkApplicationAgainstProject(app, project, {
    cluster: { name: destination.name, server: destination.server },
  });
  if (violations.length > 0 || !project) {
    const message = violations.map((v) => v.message).join('; ');
    await writeConditions(ctx, app, new Map([['ProjectViolationError', message]]), {
      unknownSync: true,
    });
    return { requeueAfterMs: resyncDelay(ctx) };
  }
  if (refreshRequested(app) === 'hard') {
    // A hard refresh renders again instead of trusting the render cache. The
    // cache is shared, so all of it goes: coarse, but never stale.
    ctx.renderer.cache.clear();
    ctx.comparisons.forget(name);
    ctx.inSync.forget(name);
  }
  const repoCredentials = matchRepositoryCredentials(
    app.spec.source.repoURL,
    credentials.repositories,
  );
  return compareAndOperate(ctx, app, { project, destination, repoCredentials });
}

/** What a comparison is made against, found once per reconcile. */
interface ComparisonTargets {
  readonly project: AppProject;
  readonly destination: Destination;
  readonly repoCredentials: ReturnType<typeof matchRepositoryCredentials>;
}

/**
 * Compares, records the comparison and syncs when asked or automated. After
 * an automated sync it compares once more at once (the sync waited for the
 * live-state cache to show what it applied), and writes the sync's outcome
 * with that comparison's status: one write instead of two, and the app shows
 * Synced as soon as it is. `carry` is that unwritten outcome.
 */
async function compareAndOperate(
  ctx: ReconcileContext,
  app: Application,
  targets: ComparisonTargets,
  carry?: ComparisonStatus,
): Promise<ReconcileOutcome> {
  const name = app.metadata.name ?? '';
  const { project, destination, repoCredentials } = targets;
  const started = Date.now();
  let comparison: AppComparison;
  try {
    // A periodic resync may reuse the repository's last ls-remote (the poller
    // keeps it fresh); a refresh or a requested sync asks Git itself.
    const freshness =
      (refreshRequested(app) || app.operation) && !carry
        ? {}
        : { maxAgeMs: ctx.options.repoPollIntervalMs };
    comparison = await compareApplication(
      ctx,
      app,
      project,
      destination,
      repoCredentials,
      freshness,
    );
  } catch (err) {
    // Keep the last good sync status and resources: only say what went wrong.
    await writeConditions(ctx, app, new Map([['ComparisonError', errorMessage(err)]]), {
      pending: carry && { status: carry, written: () => undefined },
    });
    ctx.logger.warn('comparison failed', { app: name, error: errorMessage(err) });
    return { failed: true };
  } finally {
    ctx.metrics.observeReconcile(destination.server, (Date.now() - started) / 1000);
  }
  const { pending, deferMs } = await recordComparison(ctx, app, comparison, destination, carry);
  if (!carry) await clearRefreshRequest(ctx, app);
  const next = await maybeOperate(ctx, app, comparison, targets, pending, carry !== undefined);
  if (next.carry) return compareAndOperate(ctx, currentCopy(ctx, app), targets, next.carry);
  if (next.compareNow || next.compareSoonMs !== undefined) return next;
  return {
    requeueAfterMs: Math.min(
      next.requeueAfterMs ?? Infinity,
      deferMs ?? Infinity,
      resyncDelay(ctx),
    ),
  };
}

/** The informer's copy of `app` if it parses (it has seen our writes since), else `app`. */
function currentCopy(ctx: ReconcileContext, app: Application): Application {
  const name = app.metadata.name ?? '';
  const raw = ctx.apps.get(name);
  if (!raw) return app;
  try {
    return ctx.parsedApplications.get(name, raw);
  } catch {
    return app;
  }
}

function readProject(ctx: ReconcileContext, app: Application): AppProject | undefined {
  const raw = ctx.projects.get(projectOf(app));
  if (!raw) return undefined;
  try {
    return ctx.parsedProjects.get(projectOf(app), raw);
  } catch {
    return undefined;
  }
}

/** A comparison's status to write with the next status write, or when to compare again to write it. */
interface RecordedComparison {
  readonly pending?: PendingStatus;
  /** A rollout step not written yet (see `ComparisonStatusWrites`). */
  readonly deferMs?: number;
}

/**
 * Turns a comparison into status, events and metrics. The status is written
 * now when a refresh was requested (whoever asked reads it once the request
 * is cleared); otherwise it is returned as pending, for the reconcile's next
 * status write to carry: an automated sync's Running write, which for a
 * new application follows at once (one write of a ~10 KB object instead of
 * two, a thousand fewer for a thousand new applications).
 */
async function recordComparison(
  ctx: ReconcileContext,
  app: Application,
  comparison: AppComparison,
  destination: Destination,
  carry: ComparisonStatus | undefined,
): Promise<RecordedComparison> {
  const name = app.metadata.name ?? '';
  const summary = summarizeResources(comparison.result.resources);
  const listed = limitResourceStatuses(summary.resources, ctx.options.statusResourcesLimit);
  const conditions = new Map<ConditionType, string>();
  const declared = comparison.result.resources.filter((r) => r.target && r.status !== 'Extra');
  const shared = ctx.claims.update(
    name,
    declared.map((r) => formatResourceKey(r.key)),
  );
  const warnings = [
    ...comparison.result.resources.flatMap((r) => (r.conflict ? [r.conflict.message] : [])),
    ...declared.flatMap((r) => {
      const others = shared.get(formatResourceKey(r.key));
      return others
        ? [`${describeObject(r.key)} is also declared by application ${others.join(', ')}`]
        : [];
    }),
  ];
  if (warnings.length > 0) conditions.set('SharedResourceWarning', warnings.join('; '));
  if (comparison.resourceViolations.length > 0) {
    conditions.set(
      'ProjectViolationError',
      comparison.resourceViolations.map((v) => v.message).join('; '),
    );
  }
  const syncStatus = comparison.result.status;
  const health = toStatusHealth(summary.health);
  const previousHealth = ctx.lastHealth.get(name) ?? app.status?.health?.status;
  const healthChanged = previousHealth !== health.status;
  const status = {
    sync: {
      status: syncStatus,
      revision: comparison.revision,
      comparedTo: {
        source: app.spec.source,
        destination: app.spec.destination,
        ignoreDifferences: app.spec.ignoreDifferences,
      },
    },
    health:
      healthChanged || !app.status?.health?.lastTransitionTime
        ? { ...health, lastTransitionTime: new Date().toISOString() }
        : { ...health, lastTransitionTime: app.status.health.lastTransitionTime },
    resources: listed.resources,
    resourcesSummary: listed.summary,
    conditions: reconcileConditions(
      app.status?.conditions,
      conditions,
      MANAGED_CONDITIONS,
      new Date(),
    ),
  };
  const now = Date.now();
  const { write, print, deferMs } = ctx.statusWrites.check(name, app.status, status, now);
  const pending: PendingStatus | undefined =
    write || refreshRequested(app) || carry
      ? {
          status: { ...status, reconciledAt: new Date(now).toISOString(), ...carry },
          written: () => ctx.statusWrites.recordWrite(name, status, print, now),
          statuslessAt: app.status === undefined ? app.metadata.resourceVersion : undefined,
        }
      : undefined;
  if (healthChanged && previousHealth !== undefined) {
    const type = health.status === 'Degraded' ? 'Warning' : 'Normal';
    void ctx.events.record(
      involvedObject(app, ctx),
      type,
      'HealthChanged',
      `health changed from ${previousHealth} to ${health.status}${health.message ? `: ${health.message}` : ''}`,
    );
  }
  ctx.lastHealth.set(name, health.status);
  if (syncStatus === 'Synced') ctx.selfHeal.delete(name);
  ctx.metrics.setAppInfo({
    name,
    namespace: ctx.options.namespace,
    project: projectOf(app),
    destServer: destination.server,
    destNamespace: app.spec.destination.namespace ?? '',
    syncStatus,
    healthStatus: health.status,
  });
  // A held-back step that goes out anyway (with a sync's outcome) needs no later comparison.
  if (!pending || !refreshRequested(app) || carry) return pending ? { pending } : { deferMs };
  await writePending(ctx, name, pending);
  return {};
}

/** Writes `pending` (if any) together with `extra` status fields, in one request. */
async function writePending(
  ctx: ReconcileContext,
  name: string,
  pending: PendingStatus | undefined,
  extra: ComparisonStatus = {},
): Promise<void> {
  if (!pending && Object.keys(extra).length === 0) return;
  await ctx.client.patchStatus(name, { ...pending?.status, ...extra }, pending?.statuslessAt);
  pending?.written();
}

/** A reconcile's outcome, or the unwritten outcome of an automated sync to compare and write. */
type OperateOutcome = ReconcileOutcome & { readonly carry?: ComparisonStatus };

async function maybeOperate(
  ctx: ReconcileContext,
  app: Application,
  comparison: AppComparison,
  { destination, repoCredentials }: ComparisonTargets,
  pending: PendingStatus | undefined,
  afterSync: boolean,
): Promise<OperateOutcome> {
  const name = app.metadata.name ?? '';
  const recent = ctx.finished.get(name);
  const generation = generationOf(app);
  if (
    app.operation &&
    recent?.requestGeneration !== undefined &&
    generation <= recent.requestGeneration
  ) {
    // Our copy still shows the request we finished (and cleared): do not run it twice.
    await writePending(ctx, name, pending);
    return {};
  }
  if (app.operation) {
    const refusal = refuseOperation(app) ?? terminatedBeforeRun(app);
    if (refusal) {
      await writePending(ctx, name, pending, { operationState: refusal });
      await ctx.client.clearOperation(name, generation);
      // A stale copy of this request must not be refused (and cleared) again:
      // by then it may be a new, identical request that is allowed.
      ctx.finished.set(name, {
        ...recent,
        requestGeneration: generation,
        finishedAt: refusal.finishedAt ?? new Date().toISOString(),
      });
      return {};
    }
    const { state } = await runOperation(ctx, {
      app,
      operation: app.operation,
      destination,
      credentials: repoCredentials,
      comparedRevision: comparison.revision,
      requested: true,
      pendingStatus: pending,
    });
    remember(ctx, name, app, state, generation);
    return { compareNow: true };
  }
  const diffs = comparison.result.resources;
  const decision = decideAutoSync(
    app,
    {
      status: comparison.result.status,
      revision: comparison.revision,
      sourceHash: sourceHash(app.spec.source),
      desiredCount: comparison.desired.length,
      onlyPruneNeeded: diffs.every((d) => d.status === 'Synced' || d.status === 'Extra'),
    },
    lastSync(app, recent),
    ctx.selfHeal.get(name) ?? { attempts: 0 },
    new Date(),
  );
  if (!decision.sync) {
    if (decision.warning)
      await writeConditions(ctx, app, new Map([['SyncError', decision.warning]]), { pending });
    else await writePending(ctx, name, pending);
    return decision.retryAfterMs !== undefined ? { requeueAfterMs: decision.retryAfterMs } : {};
  }
  if (decision.selfHeal) {
    const prev = ctx.selfHeal.get(name) ?? { attempts: 0 };
    ctx.selfHeal.set(name, { attempts: prev.attempts + 1, lastAttemptAt: new Date() });
  }
  ctx.logger.info('automated sync', { app: name, reason: decision.reason });
  const { state, unwritten } = await runOperation(ctx, {
    app,
    operation: {
      sync: { revision: comparison.revision, prune: decision.prune },
      initiatedBy: { automated: true },
      retry: app.spec.syncPolicy?.retry,
    },
    destination,
    credentials: repoCredentials,
    comparedRevision: comparison.revision,
    requested: false,
    pendingStatus: pending,
    // A sync right after another (self-heal found it OutOfSync at once) is
    // written as before, and compared after a delay: no loop in one reconcile.
    deferOutcomeWrite: !afterSync,
  });
  remember(ctx, name, app, state, undefined);
  return unwritten ? { carry: unwritten } : { compareSoonMs: COMPARE_AFTER_AUTOMATED_SYNC_MS };
}

/**
 * A rollback (an operation marked with the info entry `Rollback`) while
 * automated sync is on would be undone by the next automated sync; like Argo
 * CD we refuse it, so the user turns automation off first and the Git/cluster
 * disagreement is explicit.
 */
function refuseOperation(app: Application): OperationState | undefined {
  const operation = app.operation;
  if (!operation?.info?.some((i) => i.name === ROLLBACK_INFO) || !app.spec.syncPolicy?.automated)
    return undefined;
  const now = new Date().toISOString();
  return {
    operation,
    phase: 'Failed',
    message:
      'rollback refused: automated sync is enabled and would undo it; disable automated sync first',
    startedAt: now,
    finishedAt: now,
  };
}

/**
 * A termination requested while no sync of this controller was running (the
 * request arrived before the sync started, or the controller restarted
 * mid-sync): the operation ends as terminated instead of starting (again).
 */
function terminatedBeforeRun(app: Application): OperationState | undefined {
  const state = app.status?.operationState;
  if (state?.phase !== 'Terminating' || !app.operation) return undefined;
  return terminatedState({ ...state, operation: app.operation });
}

function remember(
  ctx: ReconcileContext,
  name: string,
  app: Application,
  state: OperationState,
  requestGeneration: number | undefined,
): void {
  const previous = ctx.finished.get(name);
  const revision = state.syncResult?.revision;
  const counts = revision !== undefined && !state.operation.sync?.dryRun;
  const source = state.syncResult?.source ?? app.spec.source;
  ctx.finished.set(name, {
    requestGeneration: requestGeneration ?? previous?.requestGeneration,
    last: counts
      ? { revision, sourceHash: sourceHash(source), phase: state.phase }
      : previous?.last,
    finishedAt: state.finishedAt ?? new Date().toISOString(),
  });
}

function generationOf(app: Application): number {
  const generation = (app.metadata as { generation?: unknown }).generation;
  return typeof generation === 'number' ? generation : 0;
}

/** What the last sync tried, for "do not repeat a failed sync of the same target". */
function lastSync(
  app: Application,
  recent: FinishedOperation | undefined,
): LastAutoSync | undefined {
  const fromStatus = lastSyncInStatus(app);
  const statusFinished = app.status?.operationState?.finishedAt ?? '';
  if (recent?.last && recent.finishedAt >= statusFinished) return recent.last;
  return fromStatus;
}

function lastSyncInStatus(app: Application): LastAutoSync | undefined {
  const state = app.status?.operationState;
  const result = state?.syncResult;
  if (!state || !result || state.operation.sync?.dryRun) return undefined;
  return {
    revision: result.revision,
    sourceHash: sourceHash(result.source ?? app.spec.source),
    phase: state.phase,
  };
}

async function writeConditions(
  ctx: ReconcileContext,
  app: Application,
  conditions: ReadonlyMap<ConditionType, string>,
  /** `unknownSync`: the sync status is Unknown too; `pending`: status to write along. */
  { unknownSync = false, pending }: { unknownSync?: boolean; pending?: PendingStatus } = {},
): Promise<void> {
  const name = app.metadata.name ?? '';
  // The comparison's own conditions, when it has not written them yet.
  const existing = (pending?.status.conditions ?? app.status?.conditions) as
    ApplicationCondition[] | undefined;
  const current = new Map(
    (existing ?? [])
      .filter((c) => MANAGED_CONDITIONS.includes(c.type as ConditionType))
      .map((c) => [c.type as ConditionType, c.message] as const),
  );
  for (const [type, message] of conditions) current.set(type, message);
  await writePending(ctx, name, pending, {
    conditions: reconcileConditions(existing, current, MANAGED_CONDITIONS, new Date()),
    ...(unknownSync ? { sync: { ...app.status?.sync, status: 'Unknown' } } : {}),
    reconciledAt: new Date().toISOString(),
  }).catch((err: unknown) =>
    ctx.logger.warn('writing conditions failed', { app: name, error: errorMessage(err) }),
  );
}

function refreshRequested(app: Application): string | undefined {
  const a = app.metadata.annotations ?? {};
  return a[REFRESH_ANNOTATION] ?? a[ARGOCD_REFRESH_ANNOTATION];
}

async function clearRefreshRequest(ctx: ReconcileContext, app: Application): Promise<void> {
  const annotations = app.metadata.annotations ?? {};
  const keys = [REFRESH_ANNOTATION, ARGOCD_REFRESH_ANNOTATION].filter((k) => k in annotations);
  if (keys.length === 0) return;
  await ctx.client.patch(app.metadata.name ?? '', {
    metadata: { annotations: Object.fromEntries(keys.map((k) => [k, null])) },
  });
}

/** The periodic refresh with jitter. */
export function resyncDelay(ctx: ReconcileContext): number {
  return Math.round(ctx.options.resyncPeriodMs * (1 + Math.random() * ctx.options.resyncJitter));
}

/**
 * The operation that rolls `app` back to history entry `id`: a sync of that
 * entry's revision and source, marked as a rollback. Used by the CLI and API.
 */
export function rollbackOperation(app: Application, id: number, username?: string): Operation {
  const entry = app.status?.history?.find((h) => h.id === id);
  if (!entry)
    throw new Error(`Application ${app.metadata.name ?? ''}: no history entry with id ${id}`);
  return {
    sync: { revision: entry.revision, source: entry.source },
    initiatedBy: username ? { username } : {},
    info: [{ name: ROLLBACK_INFO, value: String(id) }],
  };
}
