import { isDeepStrictEqual } from 'node:util';
import type { Application, Operation } from '../apis/index.js';
import { REFRESH_ANNOTATION, rollbackOperation } from '../controller/index.js';
import type { BackendContext } from './context.js';
import { ConflictError, InvalidRequestError } from './errors.js';
import type { Actor, RefreshKind, RollbackRequest, SyncRequest } from './types.js';

function operationInProgress(app: Application): string | undefined {
  const name = app.metadata.name ?? '';
  const state = app.status?.operationState;
  if (state?.phase === 'Running' || state?.phase === 'Terminating')
    return `Application ${name}: another operation is already in progress (${state.phase}); wait for it or terminate it`;
  if (app.operation && !isFinishedRequest(app))
    return `Application ${name}: an operation is already requested and not yet started`;
  return undefined;
}

/**
 * The request in `operation` has finished and the controller is about to
 * clear it (it writes the final state first). A new request may replace it:
 * the controller's clear only removes the generation it finished.
 */
function isFinishedRequest(app: Application): boolean {
  const state = app.status?.operationState;
  return (
    state !== undefined &&
    state.finishedAt !== undefined &&
    isDeepStrictEqual(state.operation, app.operation)
  );
}

/** Drops undefined fields, so the stored operation says exactly what was asked. */
function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/**
 * Writes `operation` unless one is running or requested ({@link ConflictError}).
 * The write carries the resourceVersion read, so of two concurrent requests
 * only one succeeds and the other gets a 409 too.
 */
async function requestOperation(
  ctx: BackendContext,
  name: string,
  build: (app: Application) => Operation,
): Promise<Application> {
  for (let attempt = 1; ; attempt++) {
    const app = (await ctx.apps.get(name)) as Application;
    const busy = operationInProgress(app);
    if (busy) throw new ConflictError(busy);
    const operation = build(app);
    try {
      return (await ctx.apps.mergePatch(name, {
        metadata: { resourceVersion: app.metadata.resourceVersion },
        operation,
      })) as Application;
    } catch (err) {
      // The controller's status writes also move the resourceVersion: read
      // again and decide again (a concurrent request is then seen as busy).
      if (!(err instanceof ConflictError) || attempt >= STALE_READ_ATTEMPTS) throw err;
    }
  }
}

const STALE_READ_ATTEMPTS = 5;

/** Requests a sync (Argo CD's `operation.sync`); the controller performs it. */
export function requestSync(
  ctx: BackendContext,
  name: string,
  request: SyncRequest,
  actor: Actor,
): Promise<Application> {
  return requestOperation(ctx, name, () => ({
    sync: defined({
      revision: request.revision || undefined,
      prune: request.prune,
      dryRun: request.dryRun,
      resources: request.resources?.length ? [...request.resources] : undefined,
      syncOptions: request.syncOptions?.length ? [...request.syncOptions] : undefined,
    }),
    initiatedBy: { username: actor.username },
  }));
}

/**
 * Requests a rollback to a history entry. Refused while automated sync is
 * on (it would undo the rollback at once), as Argo CD does.
 */
export function requestRollback(
  ctx: BackendContext,
  name: string,
  request: RollbackRequest,
  actor: Actor,
): Promise<Application> {
  return requestOperation(ctx, name, (app) => {
    if (app.spec.syncPolicy?.automated)
      throw new InvalidRequestError(
        `Application ${name}: rollback refused while automated sync is enabled (it would undo it); disable automated sync first`,
      );
    if (!app.status?.history?.some((h) => h.id === request.id))
      throw new InvalidRequestError(
        `Application ${name}: no history entry with id ${request.id} (see keelson app history ${name})`,
      );
    const operation = rollbackOperation(app, request.id, actor.username);
    return {
      ...operation,
      sync: defined({ ...operation.sync, prune: request.prune, dryRun: request.dryRun }),
    };
  });
}

/**
 * Asks the controller to terminate the running operation, as Argo CD does:
 * `status.operationState.phase = Terminating`; the controller aborts the sync
 * and records it as Failed (`operation terminated`). A requested operation
 * that has not started yet is simply withdrawn.
 */
export async function terminateOperation(ctx: BackendContext, name: string): Promise<Application> {
  const app = (await ctx.apps.get(name)) as Application;
  const state = app.status?.operationState;
  if (state?.phase === 'Running' || state?.phase === 'Terminating') {
    return (await ctx.apps.mergePatch(
      name,
      { status: { operationState: { phase: 'Terminating', message: 'terminating' } } },
      '/status',
    )) as Application;
  }
  if (app.operation) {
    return (await ctx.apps.mergePatch(name, {
      metadata: { resourceVersion: app.metadata.resourceVersion },
      operation: null,
    })) as Application;
  }
  throw new ConflictError(`Application ${name}: no operation is in progress`);
}

/** Sets the refresh annotation; the controller compares again (hard: without the render cache). */
export async function requestRefresh(
  ctx: BackendContext,
  name: string,
  kind: RefreshKind,
): Promise<Application> {
  if (kind !== 'normal' && kind !== 'hard')
    throw new InvalidRequestError(`refresh must be normal or hard, got ${String(kind)}`);
  return (await ctx.apps.mergePatch(name, {
    metadata: { annotations: { [REFRESH_ANNOTATION]: kind } },
  })) as Application;
}
