import type { AppProject } from '../apis/index.js';
import type {
  ClusterOperations,
  ClusterRequest,
  ClusterView,
  ProjectOperations,
  RepositoryOperations,
  RepositoryRequest,
  RepositoryView,
} from '../service/index.js';
import { segment, type HttpTransport } from './http.js';

type Destination = {
  readonly server?: string;
  readonly name?: string;
  readonly namespace: string;
};

/** AppProject operations over HTTP. */
export class HttpProjects implements ProjectOperations {
  constructor(private readonly http: HttpTransport) {}

  async list(): Promise<readonly AppProject[]> {
    return (await this.http.json<{ items: AppProject[] }>('GET', '/api/v1/projects')).items;
  }

  get(name: string): Promise<AppProject> {
    return this.http.json('GET', `/api/v1/projects/${segment(name)}`);
  }

  create(project: AppProject, options: { readonly upsert?: boolean } = {}): Promise<AppProject> {
    return this.http.json('POST', '/api/v1/projects', {
      body: project,
      query: { upsert: options.upsert ? true : undefined },
    });
  }

  update(project: AppProject): Promise<AppProject> {
    return this.http.json('PUT', `/api/v1/projects/${segment(project.metadata.name ?? '')}`, {
      body: project,
    });
  }

  async delete(name: string): Promise<void> {
    await this.http.json('DELETE', `/api/v1/projects/${segment(name)}`);
  }

  addDestination(name: string, destination: Destination): Promise<AppProject> {
    return this.http.json('POST', `/api/v1/projects/${segment(name)}/destinations`, {
      body: destination,
    });
  }

  removeDestination(name: string, destination: Destination): Promise<AppProject> {
    return this.http.json('DELETE', `/api/v1/projects/${segment(name)}/destinations`, {
      query: { ...destination },
    });
  }

  addSource(name: string, repoURL: string): Promise<AppProject> {
    return this.http.json('POST', `/api/v1/projects/${segment(name)}/sources`, {
      body: { repoURL },
    });
  }

  removeSource(name: string, repoURL: string): Promise<AppProject> {
    return this.http.json('DELETE', `/api/v1/projects/${segment(name)}/sources`, {
      query: { repoURL },
    });
  }
}

/** Repository operations over HTTP. */
export class HttpRepositories implements RepositoryOperations {
  constructor(private readonly http: HttpTransport) {}

  async list(): Promise<readonly RepositoryView[]> {
    return (await this.http.json<{ items: RepositoryView[] }>('GET', '/api/v1/repositories')).items;
  }

  get(url: string): Promise<RepositoryView> {
    return this.http.json('GET', `/api/v1/repositories/${segment(url)}`);
  }

  add(request: RepositoryRequest): Promise<RepositoryView> {
    return this.http.json('POST', '/api/v1/repositories', { body: request });
  }

  async remove(url: string): Promise<void> {
    await this.http.json('DELETE', `/api/v1/repositories/${segment(url)}`);
  }
}

/** Cluster operations over HTTP. */
export class HttpClusters implements ClusterOperations {
  constructor(private readonly http: HttpTransport) {}

  async list(): Promise<readonly ClusterView[]> {
    return (await this.http.json<{ items: ClusterView[] }>('GET', '/api/v1/clusters')).items;
  }

  get(nameOrServer: string): Promise<ClusterView> {
    return this.http.json('GET', `/api/v1/clusters/${segment(nameOrServer)}`);
  }

  add(request: ClusterRequest): Promise<ClusterView> {
    return this.http.json('POST', '/api/v1/clusters', { body: request });
  }

  async remove(nameOrServer: string): Promise<void> {
    await this.http.json('DELETE', `/api/v1/clusters/${segment(nameOrServer)}`);
  }
}
