/** One function per route of docs/http-api.md that the UI uses. */
import { request, type Query } from './client.js';
import type {
  AppProject,
  Application,
  ApplicationDiff,
  ApplicationList,
  ClusterView,
  DeletionPropagation,
  EventView,
  RefreshKind,
  RepositoryRequest,
  RepositoryView,
  ResourceDiffView,
  ResourceRef,
  ResourceTree,
  RollbackRequest,
  ServerSettings,
  SyncRequest,
  UserInfo,
} from './types.js';

const enc = encodeURIComponent;
const app = (name: string) => `/api/v1/applications/${enc(name)}`;
const refQuery = (ref: ResourceRef): Query => ({
  group: ref.group,
  kind: ref.kind,
  namespace: ref.namespace,
  resourceName: ref.name,
});

// ------------------------------------------------------------ session

export const session = {
  settings: () => request<ServerSettings>('GET', '/api/v1/settings'),
  userInfo: () => request<UserInfo>('GET', '/api/v1/session/userinfo'),
  login: (username: string, password: string) =>
    request<{ token: string }>('POST', '/api/v1/session', {
      body: { username, password },
      quiet401: true,
    }),
  logout: () => request<unknown>('DELETE', '/api/v1/session', { quiet401: true }),
  changePassword: (currentPassword: string, newPassword: string) =>
    request<unknown>('PUT', '/api/v1/account/password', {
      body: { currentPassword, newPassword },
    }),
  canI: async (resource: string, action: string, object: string) =>
    (
      await request<{ value: string }>(
        'GET',
        `/api/v1/account/can-i/${enc(resource)}/${enc(action)}/${enc(object)}`,
      )
    ).value === 'yes',
};

// ------------------------------------------------------------ applications

export const applications = {
  list: (query: URLSearchParams, signal?: AbortSignal) =>
    request<ApplicationList>('GET', '/api/v1/applications', { query, signal }),
  get: (name: string, refresh?: RefreshKind) =>
    request<Application>('GET', app(name), { query: { refresh } }),
  create: (application: Application, upsert = false) =>
    request<Application>('POST', '/api/v1/applications', {
      body: application,
      query: { upsert: upsert || undefined },
    }),
  update: (application: Application) =>
    request<Application>('PUT', app(application.metadata.name ?? ''), { body: application }),
  delete: (name: string, propagation: DeletionPropagation) =>
    request<unknown>('DELETE', app(name), {
      query: propagation === 'orphan' ? { cascade: false } : { propagationPolicy: propagation },
    }),
  sync: (name: string, body: SyncRequest) =>
    request<Application>('POST', `${app(name)}/sync`, { body }),
  rollback: (name: string, body: RollbackRequest) =>
    request<Application>('POST', `${app(name)}/rollback`, { body }),
  terminateOperation: (name: string) => request<Application>('DELETE', `${app(name)}/operation`),
  diff: (name: string, revision?: string) =>
    request<ApplicationDiff>('GET', `${app(name)}/diff`, { query: { revision } }),
  resourceTree: (name: string) => request<ResourceTree>('GET', `${app(name)}/resource-tree`),
  resource: (name: string, ref: ResourceRef) =>
    request<ResourceDiffView>('GET', `${app(name)}/resource`, { query: refQuery(ref) }),
  events: async (name: string, ref?: ResourceRef) =>
    (
      await request<{ items: EventView[] }>('GET', `${app(name)}/events`, {
        query: ref ? refQuery(ref) : undefined,
      })
    ).items,
  restart: (name: string, ref: ResourceRef) =>
    request<unknown>('POST', `${app(name)}/resource/actions`, {
      query: refQuery(ref),
      body: { action: 'restart' },
    }),
  logs: async (name: string, namespace: string, podName: string) =>
    (
      await request<{ text: string }>('GET', `${app(name)}/logs`, {
        query: { namespace, podName, tailLines: 500 },
      })
    ).text,
};

// ------------------------------------------------------------ projects, repositories, clusters

export const projects = {
  list: async () => (await request<{ items: AppProject[] }>('GET', '/api/v1/projects')).items,
  get: (name: string) => request<AppProject>('GET', `/api/v1/projects/${enc(name)}`),
};

export const repositories = {
  list: async () =>
    (await request<{ items: RepositoryView[] }>('GET', '/api/v1/repositories')).items,
  add: (body: RepositoryRequest) =>
    request<RepositoryView>('POST', '/api/v1/repositories', { body }),
  remove: (url: string) => request<unknown>('DELETE', `/api/v1/repositories/${enc(url)}`),
};

export const clusters = {
  list: async () => (await request<{ items: ClusterView[] }>('GET', '/api/v1/clusters')).items,
  get: (nameOrServer: string) =>
    request<ClusterView>('GET', `/api/v1/clusters/${enc(nameOrServer)}`),
};
