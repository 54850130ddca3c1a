import { KeelsonError } from '../core/index.js';

/**
 * An error a front end reports to its user. `status` is the HTTP status the
 * API server answers with; the HTTP client turns a response back into the
 * same class, so the CLI behaves alike in direct and server mode.
 */
export class BackendError extends KeelsonError {
  constructor(
    message: string,
    readonly status: number,
    options?: { readonly cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Malformed or contradictory input (schema, project rules, rollback while automated…): 400. */
export class InvalidRequestError extends BackendError {
  constructor(message: string, options?: { readonly cause?: unknown }) {
    super(message, 400, options);
  }
}

/** No credentials, or credentials that are invalid, expired or revoked: 401. */
export class UnauthenticatedError extends BackendError {
  constructor(message = 'not logged in or session expired; run keelson login') {
    super(message, 401);
  }
}

/** Authenticated but not allowed by RBAC (or by Kubernetes RBAC in direct mode): 403. */
export class ForbiddenError extends BackendError {
  constructor(message: string) {
    super(message, 403);
  }
}

/** The named object does not exist: 404. */
export class NotFoundError extends BackendError {
  constructor(
    readonly objectKind: string,
    readonly objectName: string,
  ) {
    super(`${objectKind} "${objectName}" not found`, 404);
  }
}

/** An object of that name already exists (and upsert was not asked for): 409. */
export class AlreadyExistsError extends BackendError {
  constructor(
    readonly objectKind: string,
    readonly objectName: string,
  ) {
    super(`${objectKind} "${objectName}" already exists (use upsert to replace its spec)`, 409);
  }
}

/** The request conflicts with the object's current state (operation running, project in use): 409. */
export class ConflictError extends BackendError {
  constructor(message: string) {
    super(message, 409);
  }
}

/** The request is fine but a dependency failed (Git unreachable, API server down): 502/503. */
export class UnavailableError extends BackendError {
  constructor(message: string, options?: { readonly cause?: unknown }) {
    super(message, 503, options);
  }
}

/** Maps an HTTP status and message back to the matching error class (used by the HTTP client). */
export function backendErrorFor(status: number, message: string): BackendError {
  switch (status) {
    case 400:
    case 413:
    case 415:
    case 422:
      return new BackendError(message, status);
    case 401:
      return new UnauthenticatedError(message);
    case 403:
      return new ForbiddenError(message);
    case 404:
    case 409:
    default:
      return new BackendError(message, status);
  }
}
