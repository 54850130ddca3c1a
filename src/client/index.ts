/**
 * The HTTP client: {@link HttpBackend} implements the same `KeelsonBackend`
 * contract as the direct backend, by calling `keelson server`'s REST API
 * (docs/http-api.md) with a session or API token. Error answers
 * (`{"error", "code"}`) come back as the backend's error classes
 * (`backendErrorFor`), an unreachable server as an `UnavailableError`
 * naming its URL. `applications.watch` follows the server-sent event stream;
 * `diffLocal` is refused (it reads local files: direct mode only).
 */
import type {
  AccountOperations,
  ApplicationOperations,
  ClusterOperations,
  KeelsonBackend,
  ProjectOperations,
  RepositoryOperations,
} from '../service/index.js';
import { HttpAccounts } from './accounts.js';
import { HttpApplications } from './applications.js';
import { HttpTransport } from './http.js';
import { HttpClusters, HttpProjects, HttpRepositories } from './resources.js';

export interface HttpBackendOptions {
  /** The server's URL, e.g. `https://keelson.example.com`. */
  readonly server: string;
  /** A session or API token; without one only public routes answer. */
  readonly token?: string;
  readonly fetch?: typeof fetch;
}

/** `KeelsonBackend` over HTTP, plus the server-only account operations. */
export class HttpBackend implements KeelsonBackend {
  readonly applications: ApplicationOperations;
  readonly projects: ProjectOperations;
  readonly repositories: RepositoryOperations;
  readonly clusters: ClusterOperations;
  readonly accounts: AccountOperations;

  constructor(options: HttpBackendOptions) {
    const http = new HttpTransport(options.server, options.token, options.fetch);
    this.applications = new HttpApplications(http);
    this.projects = new HttpProjects(http);
    this.repositories = new HttpRepositories(http);
    this.clusters = new HttpClusters(http);
    this.accounts = new HttpAccounts(http);
  }
}

export { login, logout, serverSettings, type ServerSettingsView } from './session.js';
export { SseParser, type SseEvent } from './sse.js';
