import { ClusterConnection } from '../cluster/index.js';
import { errorMessage, silentLogger } from '../core/index.js';
import { ApplicationCache } from './application-cache.js';
import { DirectApplications } from './applications.js';
import { DirectClusters } from './clusters.js';
import { BackendContext, type DirectBackendOptions } from './context.js';
import { mapKubeErrors } from './kube-errors.js';
import { DirectProjects } from './projects.js';
import { DirectRepositories } from './repositories.js';
import type { KeelsonBackend } from './types.js';

/**
 * {@link KeelsonBackend} straight against Kubernetes: Applications,
 * AppProjects and credential Secrets in one namespace, read and written with
 * the kubeconfig's rights (Kubernetes RBAC decides; its refusals are
 * `ForbiddenError`s). Used by the CLI in direct mode and, with
 * `cacheApplications`, by the API server.
 */
export class DirectBackend implements KeelsonBackend {
  readonly applications: DirectApplications;
  readonly projects: DirectProjects;
  readonly repositories: DirectRepositories;
  readonly clusters: DirectClusters;
  private readonly started: Promise<void>;
  private synced = false;

  constructor(private readonly ctx: BackendContext) {
    this.applications = new DirectApplications(ctx);
    this.projects = new DirectProjects(ctx);
    this.repositories = new DirectRepositories(ctx);
    this.clusters = new DirectClusters(ctx);
    this.started = ctx.cache ? ctx.cache.start() : Promise.resolve();
    this.started.then(
      () => (this.synced = true),
      () => undefined, // reported through ready()
    );
  }

  /**
   * Resolves (`true`) when the Application cache has its first list — at
   * once without a cache: server readiness. Rejects if it cannot start.
   */
  async ready(): Promise<boolean> {
    await mapKubeErrors(() => this.started, undefined, this.ctx.connection.server);
    return true;
  }

  /** Whether `ready()` has resolved, without waiting (for `/readyz`). */
  isReady(): boolean {
    return this.synced;
  }

  /** Stops the cache's watch and closes connections. */
  async close(): Promise<void> {
    await this.ctx.cache?.stop();
    this.ctx.close();
  }
}

/** Creates the direct backend; with `cacheApplications` its cache starts at once (see `ready()`). */
export async function createDirectBackend(options: DirectBackendOptions): Promise<DirectBackend> {
  const connection = ClusterConnection.fromKubeconfig(options.kubeConfig);
  const logger = options.logger ?? silentLogger;
  const cache = options.cacheApplications
    ? new ApplicationCache(connection, options.namespace, {
        onError: (err) =>
          logger.warn('Application watch failed; retrying', { error: errorMessage(err) }),
      })
    : undefined;
  return Promise.resolve(new DirectBackend(new BackendContext(options, cache, connection)));
}
