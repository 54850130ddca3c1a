/**
 * The operations every Keelson front end offers (CLI, API server, web UI):
 * applications, projects, repositories and clusters. {@link KeelsonBackend}
 * is the contract (types.ts); the direct backend here implements it against
 * Kubernetes, `src/client` implements it over HTTP.
 *
 * **Direct backend** ({@link createDirectBackend}): Applications, AppProjects
 * and credential Secrets in one namespace, with the kubeconfig's rights.
 *
 * - *Reads.* `list` filters (projects, label selector, sync, health,
 *   cluster, namespace, name search), sorts by name and pages with an opaque
 *   `continue` token; the server's RBAC predicate runs before paging. With
 *   `cacheApplications` lists, gets and watches are served from one
 *   watch-backed in-memory copy (many watchers, one Kubernetes watch).
 * - *Writes* validate first: schema (400 naming the field), project exists,
 *   destination cluster registered, source and destination permitted by the
 *   project. `status` is never written (the controller's).
 * - *Operations* are requests the controller performs: `sync` and
 *   `rollback` set `operation` (409 while one runs), `terminateOperation`
 *   sets `status.operationState.phase = Terminating` (the controller aborts
 *   the sync), `refresh` sets `keelson.dev/refresh`, `delete` chooses the
 *   cascade by finalizer.
 * - *Diffs* render exactly as the controller does and compare with the live
 *   objects carrying the tracking marker (forced server-side dry run;
 *   Secret values masked); `diffLocal` renders a working copy instead.
 * - *Credentials* are stored in Argo CD's Secret format and never returned.
 * - *Errors* are the {@link BackendError} family (Kubernetes' 404/409/403/422
 *   and outages mapped), so the CLI behaves alike in direct and server mode.
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
export { DirectBackend, createDirectBackend } from './direct-backend.js';
export type { DirectBackendOptions } from './context.js';
export type { DirectApplications } from './applications.js';
export type { DirectProjects } from './projects.js';
export type { DirectRepositories } from './repositories.js';
export type { DirectClusters } from './clusters.js';
export type { ApplicationVisibility } from './app-query.js';
export {
  parseLabelSelector,
  matchesLabels,
  type LabelSelector,
  type LabelRequirement,
} from './label-selector.js';
export { toBackendError } from './kube-errors.js';
