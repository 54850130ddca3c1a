/**
 * The operations every Keelson front end offers (CLI, API server, web UI):
 * applications, projects, repositories and clusters. {@link KeelsonBackend}
 * is the contract (types.ts); the direct backend here implements it against
 * Kubernetes, `src/client` implements it over HTTP.
 */
export type * from './types.js';
export {
  BackendError,
  InvalidRequestError,
  UnauthenticatedError,
  ForbiddenError,
  NotFoundError,
  AlreadyExistsError,
  ConflictError,
  UnavailableError,
  backendErrorFor,
} from './errors.js';
