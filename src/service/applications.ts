import type { Application } from '../apis/index.js';
import { errorMessage } from '../core/index.js';
import { applicationEvents } from './app-events.js';
import { diffApplication, diffLocal, resourceDiff } from './app-diff.js';
import {
  requestRefresh,
  requestRollback,
  requestSync,
  terminateOperation,
} from './app-operations.js';
import { queryApplications, sortByName, type ApplicationVisibility } from './app-query.js';
import { readApplication } from './app-validate.js';
import {
  createApplication,
  deleteApplication,
  patchApplication,
  retryOnConflict,
  updateApplication,
} from './app-write.js';
import { ApplicationCache } from './application-cache.js';
import type { BackendContext } from './context.js';
import { InvalidRequestError } from './errors.js';
import { mapKubeErrors } from './kube-errors.js';
import { podLogs, runResourceAction } from './resource-actions.js';
import { resourceTree } from './resource-tree.js';
import type {
  Actor,
  ApplicationDiff,
  ApplicationList,
  ApplicationListQuery,
  ApplicationOperations,
  ApplicationPatch,
  ApplicationWatchEvent,
  DeletionPropagation,
  EventView,
  LocalDiffRequest,
  RefreshKind,
  ResourceDiffView,
  ResourceRef,
  ResourceTree,
  RollbackRequest,
  SyncRequest,
} from './types.js';

const PROPAGATIONS: readonly DeletionPropagation[] = ['foreground', 'background', 'orphan'];

/** Applications in Kubernetes, read and written with the kubeconfig's rights. */
export class DirectApplications implements ApplicationOperations {
  constructor(private readonly ctx: BackendContext) {}

  /**
   * Filters, sorts by name and pages. `visible` (the API server's RBAC check)
   * is applied before paging. Served from memory with `cacheApplications`.
   */
  async list(
    query: ApplicationListQuery = {},
    visible?: ApplicationVisibility,
  ): Promise<ApplicationList> {
    const all = this.ctx.cache
      ? this.ctx.cache.list()
      : sortByName((await this.ctx.apps.list()) as Application[]);
    return queryApplications(all, query, visible);
  }

  get(name: string): Promise<Application> {
    return readApplication(this.ctx, name);
  }

  create(app: Application, options: { readonly upsert?: boolean } = {}): Promise<Application> {
    return createApplication(this.ctx, app, options.upsert ?? false);
  }

  update(app: Application): Promise<Application> {
    return updateApplication(this.ctx, app);
  }

  patch(name: string, patch: ApplicationPatch): Promise<Application> {
    return patchApplication(this.ctx, name, patch);
  }

  async delete(name: string, propagation: DeletionPropagation = 'foreground'): Promise<void> {
    if (!PROPAGATIONS.includes(propagation))
      throw new InvalidRequestError(
        `propagation must be foreground, background or orphan, got ${String(propagation)}`,
      );
    await deleteApplication(this.ctx, name, propagation);
  }

  sync(name: string, request: SyncRequest, actor: Actor): Promise<Application> {
    return requestSync(this.ctx, name, request, actor);
  }

  rollback(name: string, request: RollbackRequest, actor: Actor): Promise<Application> {
    return requestRollback(this.ctx, name, request, actor);
  }

  terminateOperation(name: string): Promise<Application> {
    return retryOnConflict(() => terminateOperation(this.ctx, name));
  }

  refresh(name: string, kind: RefreshKind): Promise<Application> {
    return requestRefresh(this.ctx, name, kind);
  }

  diff(name: string, options: { readonly revision?: string } = {}): Promise<ApplicationDiff> {
    return diffApplication(this.ctx, name, options.revision);
  }

  diffLocal(request: LocalDiffRequest): Promise<ApplicationDiff> {
    return diffLocal(this.ctx, request);
  }

  resourceTree(name: string): Promise<ResourceTree> {
    return resourceTree(this.ctx, name);
  }

  resource(name: string, ref: ResourceRef): Promise<ResourceDiffView> {
    return resourceDiff(this.ctx, name, ref);
  }

  runResourceAction(name: string, ref: ResourceRef, action: 'restart'): Promise<void> {
    return runResourceAction(this.ctx, name, ref, action);
  }

  podLogs(
    name: string,
    request: {
      readonly namespace: string;
      readonly pod: string;
      readonly container?: string;
      readonly tailLines?: number;
    },
  ): Promise<string> {
    return podLogs(this.ctx, name, request);
  }

  events(name: string, ref?: ResourceRef): Promise<readonly EventView[]> {
    return applicationEvents(this.ctx, name, ref);
  }

  /**
   * ADDED for each existing application (or the named one), then every
   * change, until `signal` aborts. With the cache, every watcher shares its
   * one Kubernetes watch; otherwise each call runs its own (by field
   * selector when named).
   */
  async watch(
    options: { readonly name?: string; readonly signal: AbortSignal },
    onEvent: (event: ApplicationWatchEvent) => void,
  ): Promise<void> {
    const { signal, name } = options;
    if (signal.aborted) return;
    const aborted = new Promise<void>((resolve) =>
      signal.addEventListener('abort', () => resolve(), { once: true }),
    );
    if (this.ctx.cache) {
      const unsubscribe = this.ctx.cache.subscribe(onEvent, name);
      await aborted;
      unsubscribe();
      return;
    }
    const cache = new ApplicationCache(this.ctx.connection, this.ctx.namespace, {
      fieldSelector: name ? `metadata.name=${name}` : undefined,
      onError: (err) =>
        this.ctx.logger.warn('application watch failed; retrying', { error: errorMessage(err) }),
    });
    // Subscribed before the first list, so that list's items arrive as ADDED.
    const unsubscribe = cache.subscribe(onEvent);
    await mapKubeErrors(
      () => Promise.race([cache.start(), aborted]),
      undefined,
      this.ctx.connection.server,
    );
    await aborted;
    unsubscribe();
    await cache.stop();
  }
}
