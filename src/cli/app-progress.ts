/**
 * Following an operation (sync, rollback) and waiting for an application's
 * state, by polling the backend: the same code path in direct and server
 * mode. The decisions (is it finished? does the wait hold?) are pure
 * functions; the loops only fetch and print.
 */
import type { Application, OperationPhase, OperationState } from '../apis/index.js';
import { KeelsonError, TimeoutError, jsonEqual, waitFor } from '../core/index.js';
import type { ApplicationOperations } from '../service/index.js';
import { BackendError } from '../service/index.js';

const POLL_INTERVAL_MS = 500;

export function isFinishedPhase(phase: OperationPhase): boolean {
  return phase === 'Succeeded' || phase === 'Failed' || phase === 'Error';
}

/**
 * The outcome of the operation requested after `previous` was the last
 * recorded one, once it has finished: the controller has written a new,
 * finished `operationState` and cleared the request (`operation`).
 */
export function finishedOperation(
  app: Application,
  previous: OperationState | undefined,
): OperationState | undefined {
  const state = app.status?.operationState;
  if (app.operation || !state || !isFinishedPhase(state.phase)) return undefined;
  return previous && jsonEqual(state, previous) ? undefined : state;
}

/**
 * One line of progress: `Running: Sync phase, wave 1 (2/5 resources)`. The
 * total counts the managed resources; hooks only add to the done side.
 */
export function progressLine(app: Application, previous: OperationState | undefined): string {
  const state = app.status?.operationState;
  if (!state || (previous && jsonEqual(state, previous)))
    return app.operation ? 'Pending: waiting for the controller to start the operation' : 'Pending';
  // A large application's status lists only some entries and counts the rest.
  const done = state.syncResult?.resourcesTotal ?? state.syncResult?.resources?.length ?? 0;
  const total = Math.max(
    done,
    app.status?.resourcesSummary?.total ?? app.status?.resources?.length ?? 0,
  );
  const message = state.message ? `: ${state.message}` : '';
  return `${state.phase}${message} (${done}/${total} resources)`;
}

/** The operation did not finish (or the state did not hold) within `--timeout`: exit code 2. */
export class WaitTimeoutError extends KeelsonError {
  readonly exitCode = 2;
}

/** Where progress goes: a single updating line on a terminal, else one line per change. */
export interface ProgressOutput {
  readonly write: (text: string) => void;
  readonly isTTY: boolean;
}

function progressPrinter(out: ProgressOutput): { show(line: string): void; end(): void } {
  let last = '';
  return {
    show(line) {
      if (line === last) return;
      last = line;
      out.write(out.isTTY ? `\r\u001b[2K${line}` : `${line}\n`);
    },
    end() {
      if (out.isTTY && last) out.write('\n');
    },
  };
}

/**
 * Polls the application every half second until `check` returns a value.
 * Errors a retry cannot fix (not found, forbidden, unauthenticated: status
 * below 500) end the wait at once; others (API server briefly unreachable)
 * are retried until the deadline. Throws {@link WaitTimeoutError}.
 */
async function pollApplication<T>(
  applications: ApplicationOperations,
  name: string,
  timeoutSeconds: number,
  what: () => string,
  check: (app: Application) => T | undefined,
): Promise<T> {
  let result: { readonly value: T } | { readonly failure: BackendError };
  try {
    result = await waitFor(
      async () => {
        let app: Application;
        try {
          app = await applications.get(name);
        } catch (err) {
          if (err instanceof BackendError && err.status < 500) return { failure: err };
          throw err;
        }
        const value = check(app);
        return value === undefined ? undefined : { value };
      },
      { what: name, timeoutMs: timeoutSeconds * 1000, intervalMs: POLL_INTERVAL_MS },
    );
  } catch (err) {
    if (!(err instanceof TimeoutError)) throw err;
    throw new WaitTimeoutError(
      `${name}: timed out after ${timeoutSeconds}s waiting for ${what()}`,
      {
        cause: err,
      },
    );
  }
  if ('failure' in result) throw result.failure;
  return result.value;
}

/**
 * Polls until the operation requested after `previous` finishes, showing
 * progress; returns its final state. Throws {@link WaitTimeoutError} after
 * `timeoutSeconds` (the operation keeps running in the cluster).
 */
export async function followOperation(
  applications: ApplicationOperations,
  name: string,
  previous: OperationState | undefined,
  timeoutSeconds: number,
  out: ProgressOutput,
): Promise<OperationState> {
  const printer = progressPrinter(out);
  try {
    return await pollApplication(
      applications,
      name,
      timeoutSeconds,
      () => 'the operation to finish (it keeps running: see keelson app get)',
      (app) => {
        const finished = finishedOperation(app, previous);
        printer.show(finished ? finished.phase : progressLine(app, previous));
        return finished;
      },
    );
  } finally {
    printer.end();
  }
}

/** What `app wait` waits for; with none of sync, health and operation given, all three. */
export interface WaitConditions {
  readonly sync: boolean;
  readonly health: boolean;
  readonly operation: boolean;
  /** Stop with a failure when health is Degraded (while no operation runs). */
  readonly degradedFail: boolean;
}

export type WaitVerdict =
  | { readonly kind: 'pending'; readonly reason: string }
  | { readonly kind: 'holds' }
  | { readonly kind: 'failed'; readonly reason: string };

function isOperationRunning(app: Application): boolean {
  const phase = app.status?.operationState?.phase;
  return app.operation !== undefined || phase === 'Running' || phase === 'Terminating';
}

/** Whether the application is where `app wait` wants it (pure). */
export function waitVerdict(app: Application, want: WaitConditions): WaitVerdict {
  const running = isOperationRunning(app);
  const state = app.status?.operationState;
  const health = app.status?.health?.status ?? 'Unknown';
  const sync = app.status?.sync?.status ?? 'Unknown';
  if (want.operation && running) return { kind: 'pending', reason: 'operation running' };
  if (want.operation && state && (state.phase === 'Failed' || state.phase === 'Error'))
    return { kind: 'failed', reason: `operation ${state.phase}: ${state.message ?? ''}`.trim() };
  if (want.health && want.degradedFail && !running && health === 'Degraded')
    return {
      kind: 'failed',
      reason: `health Degraded${app.status?.health?.message ? `: ${app.status.health.message}` : ''}`,
    };
  if (want.sync && sync !== 'Synced') return { kind: 'pending', reason: `sync ${sync}` };
  if (want.health && health !== 'Healthy') return { kind: 'pending', reason: `health ${health}` };
  return { kind: 'holds' };
}

/**
 * Polls until the wait conditions hold or fail; returns the verdict and the
 * application. Throws {@link WaitTimeoutError} after `timeoutSeconds`.
 */
export async function waitForApplication(
  applications: ApplicationOperations,
  name: string,
  want: WaitConditions,
  timeoutSeconds: number,
  out: ProgressOutput,
): Promise<{ readonly verdict: WaitVerdict; readonly app: Application }> {
  const printer = progressPrinter(out);
  let reason = 'the first answer';
  try {
    return await pollApplication(
      applications,
      name,
      timeoutSeconds,
      () => `its conditions (still ${reason})`,
      (app) => {
        const verdict = waitVerdict(app, want);
        if (verdict.kind !== 'pending') return { verdict, app };
        reason = verdict.reason;
        printer.show(`waiting: ${verdict.reason}`);
        return undefined;
      },
    );
  } finally {
    printer.end();
  }
}

/** Polls until the controller has handled a refresh request (it removes the annotation), returning the fresh application. */
export function waitRefreshed(
  applications: ApplicationOperations,
  name: string,
  annotation: string,
  timeoutSeconds: number,
): Promise<Application> {
  return pollApplication(
    applications,
    name,
    timeoutSeconds,
    () => 'the controller to refresh it (is the controller running?)',
    (app) => (app.metadata.annotations?.[annotation] === undefined ? app : undefined),
  );
}

/** Polls until the application is gone (its finalizers have deleted its resources). */
export async function waitDeleted(
  applications: ApplicationOperations,
  name: string,
  timeoutSeconds: number,
): Promise<void> {
  try {
    await waitFor(
      async () => {
        try {
          await applications.get(name);
          return false;
        } catch (err) {
          if (err instanceof BackendError && err.status === 404) return true;
          throw err;
        }
      },
      { what: name, timeoutMs: timeoutSeconds * 1000, intervalMs: POLL_INTERVAL_MS },
    );
  } catch (err) {
    if (!(err instanceof TimeoutError)) throw err;
    throw new WaitTimeoutError(
      `${name}: timed out after ${timeoutSeconds}s waiting for the deletion to finish`,
      { cause: err },
    );
  }
}
