/**
 * The types the UI speaks: exactly those of the HTTP API (`src/service/types.ts`)
 * and Keelson's resources (`src/apis`). Type-only imports: nothing of the
 * server's code reaches the browser bundle (eslint enforces it for ui/).
 */
export type {
  ApplicationList,
  ApplicationDiff,
  ApplicationWatchEvent,
  ResourceDiffView,
  ResourceNode,
  ResourceTree,
  ResourceRef,
  EventView,
  RepositoryView,
  RepositoryRequest,
  ClusterView,
  UserInfo,
  SyncRequest,
  RollbackRequest,
  DeletionPropagation,
  RefreshKind,
} from '../../../src/service/types.js';
export type {
  Application,
  AppProject,
  ApplicationSource,
  ApplicationDestination,
  ApplicationCondition,
  OperationState,
  ResourceResult,
  ResourceStatus,
  RevisionHistory,
  SyncOperationResource,
} from '../../../src/apis/index.js';

/** `GET /api/v1/settings`: what the login page needs. */
export interface ServerSettings {
  readonly url?: string;
  readonly oidc?: { readonly name: string; readonly issuer?: string };
  readonly version?: string;
}

/** A Kubernetes object as the API returns it (masked). */
export interface KubeObjectLike {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly metadata?: { readonly name?: string; readonly namespace?: string };
  readonly [key: string]: unknown;
}
