import { KeelsonError } from '../core/index.js';

/** HTTP statuses worth retrying: throttling, server trouble, timeouts (and 0: no answer at all). */
const TRANSIENT_STATUSES = new Set([0, 429, 500, 502, 503, 504]);

/**
 * The Kubernetes API refused or failed a request. The message names the
 * object and the verb (`Deployment/shop/web: apply failed: …`); `status`,
 * `reason` (the API's `Status.reason`, e.g. `Invalid`, `Conflict`,
 * `NotFound`) and `details` keep what the server said.
 */
export class KubeApiError extends KeelsonError {
  constructor(
    /** What the request was about: an object (`Deployment/shop/web`) or a path. */
    readonly target: string,
    /** The verb in words: `apply`, `dry-run apply`, `delete`, `get`, `list`, ... */
    readonly verb: string,
    /** HTTP status; 0 when the server could not be reached. */
    readonly status: number,
    /** `Status.reason` from the API, or `NetworkError`. */
    readonly reason: string,
    /** The API's own message. */
    readonly apiMessage: string,
    readonly details?: KubeStatusDetails,
    options?: { readonly cause?: unknown },
  ) {
    super(`${target}: ${verb} failed: ${apiMessage}`, options);
  }

  /** Worth retrying with backoff (throttled, server error, timeout, network). */
  get transient(): boolean {
    return TRANSIENT_STATUSES.has(this.status) && !this.schemaRejection;
  }

  /**
   * Server-side apply refused fields the schema does not declare. The API
   * answers this with a bare 500, but it is the object's fault: terminal.
   */
  get schemaRejection(): boolean {
    return this.status === 500 && /failed to create typed patch object/.test(this.apiMessage);
  }
}

/** `Status.details` of an API error: which object, and field-level causes. */
export interface KubeStatusDetails {
  readonly name?: string;
  readonly group?: string;
  readonly kind?: string;
  readonly causes?: readonly { reason?: string; message?: string; field?: string }[];
  readonly retryAfterSeconds?: number;
}

export function isNotFound(err: unknown): err is KubeApiError {
  return err instanceof KubeApiError && err.status === 404;
}

export function isConflict(err: unknown): err is KubeApiError {
  return err instanceof KubeApiError && err.status === 409 && err.reason === 'Conflict';
}

export function isAlreadyExists(err: unknown): err is KubeApiError {
  return err instanceof KubeApiError && err.status === 409 && err.reason === 'AlreadyExists';
}

/** The watch or list asked for a resourceVersion the server no longer has (410 Gone / Expired). */
export function isGone(err: unknown): err is KubeApiError {
  return err instanceof KubeApiError && err.status === 410;
}

/** True for errors a caller should retry with backoff. */
export function isTransient(err: unknown): boolean {
  return err instanceof KubeApiError && err.transient;
}
