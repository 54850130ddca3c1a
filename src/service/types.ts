/**
 * The contract every front end of Keelson speaks: the CLI (directly against
 * Kubernetes, or through the API server after `keelson login`), the HTTP API
 * server and the web UI. One interface, {@link KeelsonBackend}, with two
 * implementations:
 *
 * - the **direct backend** (this folder): reads and writes Keelson's
 *   resources in Kubernetes with a kubeconfig's rights;
 * - the **HTTP client** (`src/client`): calls `keelson server`, which serves
 *   the same operations over REST after authentication and RBAC.
 *
 * Everything here is plain JSON-serialisable data, so what the server sends
 * is exactly what the direct backend returns. Secrets are masked and
 * credentials are never part of any returned value.
 */
import type {
  AppProject,
  Application,
  ApplicationSource,
  SyncOperationResource,
} from '../apis/index.js';
import type { KubeObject } from '../core/index.js';

// ---------------------------------------------------------------- applications

/** Filters and paging for listing applications; every filter is optional and they combine with AND. */
export interface ApplicationListQuery {
  /** Only these projects. */
  readonly projects?: readonly string[];
  /** Kubernetes label selector on the Application (`team=shop,tier!=db`). */
  readonly selector?: string;
  /** Case-insensitive substring of the application name. */
  readonly search?: string;
  /** Sync status codes (`Synced`, `OutOfSync`, `Unknown`). */
  readonly sync?: readonly string[];
  /** Health status codes (`Healthy`, `Progressing`, `Degraded`, `Missing`, `Suspended`, `Unknown`). */
  readonly health?: readonly string[];
  /** Destination cluster, by name or server URL. */
  readonly cluster?: string;
  /** Destination namespace. */
  readonly namespace?: string;
  /** Page size (default: all). */
  readonly limit?: number;
  /** Opaque token from the previous page's {@link ApplicationList.continue}. */
  readonly continue?: string;
}

/** One page of applications, sorted by name. */
export interface ApplicationList {
  readonly items: readonly Application[];
  /** Pass as `continue` to get the next page; absent on the last page. */
  readonly continue?: string;
  /** How many applications match the filters, over all pages. */
  readonly total: number;
}

/** How deleting an application treats its resources (Argo CD's `--cascade` and `--propagation-policy`). */
export type DeletionPropagation = 'foreground' | 'background' | 'orphan';

/** A sync request (written as the Application's `operation`; the controller runs it). */
export interface SyncRequest {
  /** Branch, tag or commit to sync to instead of the target revision. */
  readonly revision?: string;
  readonly prune?: boolean;
  readonly dryRun?: boolean;
  /** Sync only these resources. */
  readonly resources?: readonly SyncOperationResource[];
  /** Extra sync options for this sync only (e.g. `Replace=true`, `Force=true`). */
  readonly syncOptions?: readonly string[];
}

export interface RollbackRequest {
  /** The history entry's id (see `status.history`). */
  readonly id: number;
  readonly prune?: boolean;
  readonly dryRun?: boolean;
}

/** `normal` re-compares with Git; `hard` also discards cached renders. */
export type RefreshKind = 'normal' | 'hard';

/**
 * Fields `keelson app set` may change. Absent fields stay as they are;
 * `null` removes an optional one.
 */
export interface ApplicationPatch {
  readonly project?: string;
  readonly source?: Partial<ApplicationSource>;
  readonly destination?: {
    readonly server?: string;
    readonly name?: string;
    readonly namespace?: string;
  };
  /** `true` enables automated sync (keeping prune/selfHeal as set), `false` disables it. */
  readonly automated?: boolean;
  readonly prune?: boolean;
  readonly selfHeal?: boolean;
  readonly syncOptions?: readonly string[] | null;
  readonly labels?: Readonly<Record<string, string | null>>;
  readonly revisionHistoryLimit?: number;
}

/** The comparison of one managed resource with Git (Secret values masked). */
export interface ResourceDiffView {
  readonly group: string;
  readonly version?: string;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  /** `Synced`, `OutOfSync`, `Missing` (desired, not live) or `Extra` (live, no longer desired: pruned by a sync with prune). */
  readonly status: 'Synced' | 'OutOfSync' | 'Missing' | 'Extra';
  /** Unified diff live → desired, YAML with sorted keys; `''` when Synced. */
  readonly diff: string;
  /** The live object (normalised, masked). */
  readonly live?: KubeObject;
  /** What the object would be after the sync (predicted by a server-side dry run; masked). */
  readonly desired?: KubeObject;
  /** The resource would be deleted by a sync with prune. */
  readonly requiresPruning?: boolean;
  /** Why the dry run could not predict it, or who else owns it. */
  readonly message?: string;
}

/** An application (or a working copy of one) compared with its live state. */
export interface ApplicationDiff {
  readonly application: string;
  /** The commit compared; `local` for `diff --local`. */
  readonly revision: string;
  readonly status: 'Synced' | 'OutOfSync';
  /** Every managed resource, sorted by group/kind/namespace/name. */
  readonly resources: readonly ResourceDiffView[];
}

/** Compare a working copy on disk instead of Git (`keelson diff --local`). */
export interface LocalDiffRequest {
  /** The application; when it does not exist, a new one of that name is assumed. */
  readonly application: string;
  /** Directory holding the working copy; the app's `source.path` is NOT applied (the directory is the path). */
  readonly directory: string;
  /** Destination namespace (default: the app's, else `default`). */
  readonly destinationNamespace?: string;
  /** Project for a new application (default `default`). */
  readonly project?: string;
}

/** A node of an application's resource tree. */
export interface ResourceNode {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  readonly uid?: string;
  /** Owners (by uid) inside the tree; a managed resource has none. */
  readonly parentUids: readonly string[];
  /** Only managed resources (those in Git) have a sync status. */
  readonly status?: 'Synced' | 'OutOfSync' | 'Missing' | 'Extra' | 'Unknown';
  readonly health?: { readonly status: string; readonly message?: string };
  readonly createdAt?: string;
  /** Images of Pods and workloads, for display. */
  readonly images?: readonly string[];
}

/** Managed resources and the live objects they own (ReplicaSets, Pods, Jobs, EndpointSlices…). */
export interface ResourceTree {
  readonly nodes: readonly ResourceNode[];
}

/** Identifies one resource of an application. */
export interface ResourceRef {
  readonly group: string;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
}

/** A Kubernetes Event about an application or one of its resources. */
export interface EventView {
  readonly type: string;
  readonly reason: string;
  readonly message: string;
  readonly count: number;
  readonly firstTimestamp?: string;
  readonly lastTimestamp?: string;
  readonly involvedObject: {
    readonly kind: string;
    readonly namespace?: string;
    readonly name: string;
  };
}

/** One change of an application, as streamed (server-sent events) and watched by `app wait`. */
export interface ApplicationWatchEvent {
  readonly type: 'ADDED' | 'MODIFIED' | 'DELETED';
  readonly application: Application;
}

/** Who asks: recorded as `initiatedBy.username` on operations and in the audit log. */
export interface Actor {
  readonly username: string;
}

export interface ApplicationOperations {
  list(query?: ApplicationListQuery): Promise<ApplicationList>;
  /** Throws {@link NotFoundError}. */
  get(name: string): Promise<Application>;
  /** Validates (schema, project rules) before writing; `upsert` replaces the spec of an existing one. Throws {@link AlreadyExistsError}, {@link InvalidRequestError}. */
  create(app: Application, options?: { readonly upsert?: boolean }): Promise<Application>;
  /** Replaces the spec (and labels/annotations given) of an existing application. */
  update(app: Application): Promise<Application>;
  patch(name: string, patch: ApplicationPatch): Promise<Application>;
  /** Adds the cascade finalizer for `foreground`/`background` and deletes; returns once the delete is accepted. */
  delete(name: string, propagation?: DeletionPropagation): Promise<void>;
  /** Requests a sync (sets `operation`); throws {@link ConflictError} when an operation is already running. */
  sync(name: string, request: SyncRequest, actor: Actor): Promise<Application>;
  /** Requests a rollback to a history entry; refused ({@link InvalidRequestError}) while automated sync is on. */
  rollback(name: string, request: RollbackRequest, actor: Actor): Promise<Application>;
  /** Asks the controller to terminate the running operation. */
  terminateOperation(name: string): Promise<Application>;
  /** Sets the refresh annotation and returns the application. */
  refresh(name: string, kind: RefreshKind): Promise<Application>;
  /** Renders the source at the target (or given) revision and compares with the live state. */
  diff(name: string, options?: { readonly revision?: string }): Promise<ApplicationDiff>;
  /** Renders a working copy and compares with the live state of the named (or a new) application. Only the direct backend reads local files; the HTTP client refuses. */
  diffLocal(request: LocalDiffRequest): Promise<ApplicationDiff>;
  resourceTree(name: string): Promise<ResourceTree>;
  /** One resource's live object (masked), desired object and diff. Throws {@link NotFoundError} if not part of the app. */
  resource(name: string, ref: ResourceRef): Promise<ResourceDiffView>;
  /** Runs a resource action; `restart` re-rolls a Deployment, StatefulSet or DaemonSet (as `kubectl rollout restart`). */
  runResourceAction(name: string, ref: ResourceRef, action: 'restart'): Promise<void>;
  /** The last lines of a Pod's log (a Pod of the application's resource tree). */
  podLogs(
    name: string,
    request: {
      readonly namespace: string;
      readonly pod: string;
      readonly container?: string;
      readonly tailLines?: number;
    },
  ): Promise<string>;
  /** Events about the application and its resources, newest last. */
  events(name: string, ref?: ResourceRef): Promise<readonly EventView[]>;
  /**
   * Calls `onEvent` for each change of the named (or every) application,
   * starting with an ADDED for each existing one. Resolves when `signal` aborts.
   */
  watch(
    options: { readonly name?: string; readonly signal: AbortSignal },
    onEvent: (event: ApplicationWatchEvent) => void,
  ): Promise<void>;
}

// ---------------------------------------------------------------- projects

export interface ProjectOperations {
  list(): Promise<readonly AppProject[]>;
  get(name: string): Promise<AppProject>;
  create(project: AppProject, options?: { readonly upsert?: boolean }): Promise<AppProject>;
  update(project: AppProject): Promise<AppProject>;
  /** Refused ({@link ConflictError}) while applications use it. */
  delete(name: string): Promise<void>;
  addDestination(
    name: string,
    destination: { readonly server?: string; readonly name?: string; readonly namespace: string },
  ): Promise<AppProject>;
  removeDestination(
    name: string,
    destination: { readonly server?: string; readonly name?: string; readonly namespace: string },
  ): Promise<AppProject>;
  addSource(name: string, repoURL: string): Promise<AppProject>;
  removeSource(name: string, repoURL: string): Promise<AppProject>;
}

// ---------------------------------------------------------------- repositories

/** A repository as shown: never its credentials. */
export interface RepositoryView {
  readonly url: string;
  readonly type: 'git' | 'helm';
  readonly name?: string;
  readonly project?: string;
  /** `repository` for one URL, `repo-creds` for every URL under a prefix. */
  readonly credentialType: 'repository' | 'repo-creds';
  readonly hasCredentials: boolean;
  /** `username` is not secret and is shown; passwords and keys never are. */
  readonly username?: string;
  /** The Secret that stores it. */
  readonly secretName: string;
}

export interface RepositoryRequest {
  readonly url: string;
  readonly type?: 'git' | 'helm';
  readonly name?: string;
  readonly project?: string;
  readonly username?: string;
  readonly password?: string;
  readonly sshPrivateKey?: string;
  /** A credential template for every repository under `url`. */
  readonly credentialTemplate?: boolean;
  readonly upsert?: boolean;
}

export interface RepositoryOperations {
  list(): Promise<readonly RepositoryView[]>;
  get(url: string): Promise<RepositoryView>;
  /** Stores the credentials in a labelled Secret (Argo CD's format). */
  add(request: RepositoryRequest): Promise<RepositoryView>;
  remove(url: string): Promise<void>;
}

// ---------------------------------------------------------------- clusters

/** A destination cluster as shown: never its credentials. */
export interface ClusterView {
  readonly name: string;
  readonly server: string;
  /** The Secret that stores it; absent for the in-cluster destination. */
  readonly secretName?: string;
  readonly namespaces?: readonly string[];
  readonly labels?: Readonly<Record<string, string>>;
}

export interface ClusterRequest {
  readonly name: string;
  readonly server: string;
  /** Credentials: a bearer token and/or client certificate, CA data (base64 PEM). */
  readonly bearerToken?: string;
  readonly tls?: {
    readonly insecure?: boolean;
    readonly serverName?: string;
    readonly caData?: string;
    readonly certData?: string;
    readonly keyData?: string;
  };
  readonly namespaces?: readonly string[];
  readonly labels?: Readonly<Record<string, string>>;
  readonly upsert?: boolean;
}

export interface ClusterOperations {
  list(): Promise<readonly ClusterView[]>;
  /** By name or server URL. */
  get(nameOrServer: string): Promise<ClusterView>;
  add(request: ClusterRequest): Promise<ClusterView>;
  remove(nameOrServer: string): Promise<void>;
}

// ---------------------------------------------------------------- the whole backend

/** Everything a front end can do. */
export interface KeelsonBackend {
  readonly applications: ApplicationOperations;
  readonly projects: ProjectOperations;
  readonly repositories: RepositoryOperations;
  readonly clusters: ClusterOperations;
}

// ---------------------------------------------------------------- accounts (API server only)

/** Who the caller is, as the API server sees them (`GET /api/v1/session/userinfo`). */
export interface UserInfo {
  readonly loggedIn: boolean;
  readonly username?: string;
  readonly groups?: readonly string[];
  /** `local` (an account of keelson-cm), `sso` (OIDC) or `token` (an API token). */
  readonly via?: 'local' | 'sso' | 'token';
}

/** An API token as listed: never the token itself. */
export interface ApiTokenView {
  readonly id: string;
  readonly issuedAt: string;
  readonly expiresAt?: string;
}

/** A local account (`admin`, or one declared in keelson-cm as `accounts.<name>: apiKey, login`). */
export interface AccountView {
  readonly name: string;
  readonly enabled: boolean;
  readonly capabilities: readonly ('login' | 'apiKey')[];
  readonly tokens: readonly ApiTokenView[];
}

/** Account management; served only by `keelson server` (no direct-mode equivalent). */
export interface AccountOperations {
  userInfo(): Promise<UserInfo>;
  list(): Promise<readonly AccountView[]>;
  get(name: string): Promise<AccountView>;
  /** `name` defaults to the caller; changing another account's password needs `accounts, update`. */
  updatePassword(request: {
    readonly name?: string;
    readonly currentPassword: string;
    readonly newPassword: string;
  }): Promise<void>;
  /** Creates an API token for CI; the only time the token is ever shown. */
  createToken(
    name: string,
    request: { readonly id?: string; readonly expiresInSeconds?: number },
  ): Promise<{ readonly id: string; readonly token: string }>;
  deleteToken(name: string, id: string): Promise<void>;
  /** RBAC check for the caller (`keelson account can-i sync applications 'shop/*'`). */
  canI(resource: string, action: string, object: string): Promise<boolean>;
}
