import { isRecord, type KubeObject } from '../core/index.js';

/** The message of an operation a user terminated (as Argo CD's). */
export const TERMINATED_MESSAGE = 'operation terminated';

/**
 * True when someone asked to terminate the application's operation: like
 * Argo CD, the API sets `status.operationState.phase` to `Terminating`.
 */
export function isTerminationRequested(app: KubeObject): boolean {
  const status = app.status;
  if (!isRecord(status) || !isRecord(status.operationState)) return false;
  return status.operationState.phase === 'Terminating';
}

/**
 * The operations running in this controller, one abort switch each, so a
 * termination request seen by the Application informer stops the sync
 * (between waves, hooks and applies: runSync honours its signal) instead of
 * waiting for it to finish.
 */
export class Terminations {
  private readonly running = new Map<string, AbortController>();

  /** Registers a starting operation; its signal aborts when termination is requested. */
  begin(app: string): AbortSignal {
    const controller = new AbortController();
    this.running.set(app, controller);
    return controller.signal;
  }

  /** Forgets an operation that finished (only if `signal` is still the registered one). */
  end(app: string, signal: AbortSignal): void {
    if (this.running.get(app)?.signal === signal) this.running.delete(app);
  }

  /** Aborts the application's running operation; false when none runs here. */
  request(app: string): boolean {
    const controller = this.running.get(app);
    if (!controller) return false;
    controller.abort();
    return true;
  }
}
