/**
 * The application controller: composes informers (Applications, AppProjects,
 * credential Secrets), the work queue, destination caches and the reconcile
 * function, under leader election. It only wires things together; the logic
 * lives in reconcile.ts and the modules it calls.
 */
import {
  CoordinationV1Api,
  CoreV1Api,
  KubernetesObjectApi,
  type KubeConfig,
} from '@kubernetes/client-node';
import pLimit from 'p-limit';
import { API_VERSION, GROUP, VERSION } from '../apis/index.js';
import { ClusterConnection, type ApiResource } from '../cluster/index.js';
import { errorMessage, type KubeObject, type Logger } from '../core/index.js';
import { CREDENTIAL_SECRETS_SELECTOR } from '../credentials/index.js';
import { ensureDefaultProject } from '../project/index.js';
import { RenderCache, SourceRenderer } from '../render/index.js';
import { GitSource, HelmChartSource } from '../source/index.js';
import { onlyStatusChanged } from './app-events.js';
import { ApplicationClient } from './app-client.js';
import { ResourceClaims, type ReconcileContext } from './context.js';
import { DestinationRegistry } from './destinations.js';
import { EventRecorder } from './events.js';
import { Informer, type InformerEvent } from './informer.js';
import { runLeaderElection } from './leader-election.js';
import { LeaseLock } from './lease.js';
import { ControllerMetrics } from './metrics.js';
import type { ControllerOptions } from './options.js';
import { reconcileApplication } from './reconcile.js';
import { WorkQueue } from './work-queue.js';

const LEASE_NAME = 'keelson-application-controller';

const resource = (group: string, version: string, kind: string, plural: string): ApiResource => ({
  group,
  version,
  kind,
  resource: plural,
  namespaced: true,
  verbs: ['list', 'watch'],
  preferred: true,
});

export class ApplicationController {
  readonly metrics = new ControllerMetrics();
  /** The queue of the current leadership term (a new one each term). */
  private queue: WorkQueue | undefined;
  private readonly connection: ClusterConnection;
  private readonly abort = new AbortController();
  private running: Promise<void> | undefined;

  constructor(
    private readonly kubeConfig: KubeConfig,
    private readonly options: ControllerOptions,
    private readonly logger: Logger,
  ) {
    this.connection = ClusterConnection.fromKubeconfig(kubeConfig, {
      maxSockets: options.kubeMaxConnections,
    });
  }

  /** Runs until `stop()`: campaigns for leadership, then reconciles while leading. */
  start(): Promise<void> {
    this.running ??= this.options.leaderElection ? this.campaign() : this.lead(this.abort.signal);
    return this.running;
  }

  async stop(): Promise<void> {
    this.abort.abort();
    this.queue?.shutDown();
    await this.running?.catch(() => undefined);
  }

  /** Asks for a refresh of `app` now (webhooks, the API). */
  refresh(app: string): void {
    this.queue?.add(app);
  }

  private async campaign(): Promise<void> {
    const lock = new LeaseLock(this.kubeConfig.makeApiClient(CoordinationV1Api), {
      namespace: this.options.namespace,
      name: LEASE_NAME,
      identity: this.options.identity,
      leaseDurationSeconds: 15,
    });
    let leading: Promise<void> | undefined;
    await runLeaderElection(
      lock,
      {
        onStartedLeading: (signal) => {
          this.logger.info('became leader', { identity: this.options.identity });
          leading = this.lead(signal);
        },
        onStoppedLeading: () => this.logger.warn('lost leadership; stopping work'),
        onError: (err) => this.logger.warn('leader election error', { error: errorMessage(err) }),
      },
      this.abort.signal,
    );
    await leading;
  }

  /** The work of the leader: informers, destination caches and workers until `signal` aborts. */
  private async lead(signal: AbortSignal): Promise<void> {
    const { namespace } = this.options;
    const queue = new WorkQueue();
    this.queue = queue;
    const enqueue = (event: InformerEvent, obj: KubeObject, previous?: KubeObject): void => {
      // Our own status writes come back as updates: reconciling on them would
      // loop forever (each reconcile writes reconciledAt).
      if (event === 'upsert' && previous && onlyStatusChanged(previous, obj)) return;
      queue.add(obj.metadata.name ?? '');
    };
    const onError = (what: string) => (err: unknown) =>
      this.logger.warn(`${what} watch failed; retrying`, { error: errorMessage(err) });
    const apps = new Informer(
      this.connection,
      resource(GROUP, VERSION, 'Application', 'applications'),
      namespace,
      enqueue,
      {
        onError: onError('Application'),
      },
    );
    const enqueueAll = (): void => apps.list().forEach((a) => queue.add(a.metadata.name ?? ''));
    const projects = new Informer(
      this.connection,
      resource(GROUP, VERSION, 'AppProject', 'appprojects'),
      namespace,
      enqueueAll,
      {
        onError: onError('AppProject'),
      },
    );
    const secrets = new Informer(
      this.connection,
      resource('', 'v1', 'Secret', 'secrets'),
      namespace,
      enqueueAll,
      {
        labelSelector: CREDENTIAL_SECRETS_SELECTOR,
        onError: onError('Secret'),
      },
    );
    const destinations = new DestinationRegistry(
      this.connection,
      this.connection.server,
      (app) => queue.add(app),
      this.logger,
      this.options.kubeMaxConnections,
    );
    const ctx: ReconcileContext = {
      options: this.options,
      apps,
      projects,
      secrets,
      client: new ApplicationClient(this.connection, namespace),
      destinations,
      renderer: new SourceRenderer({
        git: new GitSource({
          cacheDir: `${this.options.cacheDir}/git`,
          allowLocalRepos: this.options.allowLocalRepos,
          concurrency: this.options.gitConcurrency,
          observe: (operation, repo, seconds, ok) =>
            this.metrics.observeGit(repo, operation, seconds, ok),
        }),
        charts: new HelmChartSource({
          cacheDir: `${this.options.cacheDir}/charts`,
          helmBinary: this.options.tools.helm,
        }),
        tools: this.options.tools,
        cache: new RenderCache({ maxBytes: this.options.renderCacheBytes }),
      }),
      events: new EventRecorder(this.kubeConfig.makeApiClient(CoreV1Api), this.options.identity),
      metrics: this.metrics,
      logger: this.logger,
      selfHeal: new Map(),
      finished: new Map(),
      claims: new ResourceClaims(),
      signal,
      lastHealth: new Map(),
      syncSlot: pLimit(this.options.operationProcessors),
    };
    await ensureDefaultProject(KubernetesObjectApi.makeApiClient(this.kubeConfig), namespace).catch(
      (err: unknown) =>
        this.logger.warn('could not ensure the default project', { error: errorMessage(err) }),
    );
    await Promise.all([projects.start(), secrets.start()]);
    await apps.start();
    this.logger.info('controller started', {
      namespace,
      applications: apps.list().length,
      api: API_VERSION,
    });
    const workers = Array.from({ length: this.options.statusProcessors }, () =>
      this.work(ctx, queue),
    );
    const depth = setInterval(() => this.metrics.setQueueDepth(queue.length), 5_000);
    depth.unref();
    await new Promise<void>((resolve) =>
      signal.addEventListener('abort', () => resolve(), { once: true }),
    );
    clearInterval(depth);
    queue.shutDown();
    await Promise.all(workers);
    await Promise.all([apps.stop(), projects.stop(), secrets.stop(), destinations.stop()]);
  }

  private async work(ctx: ReconcileContext, queue: WorkQueue): Promise<void> {
    for (;;) {
      const name = await queue.get();
      if (name === undefined) return;
      try {
        const outcome = await reconcileApplication(ctx, name);
        if (outcome.failed) {
          const delay = queue.addRateLimited(name);
          this.logger.debug('reconcile failed; retrying', { app: name, inMs: delay });
        } else {
          queue.forget(name);
          if (outcome.requeueAfterMs !== undefined) queue.addAfter(name, outcome.requeueAfterMs);
        }
      } catch (err) {
        if (ctx.signal.aborted) continue; // stopping: the next leader picks it up
        const delay = queue.addRateLimited(name);
        this.logger.error('reconcile error', {
          app: name,
          error: errorMessage(err),
          retryInMs: delay,
        });
      } finally {
        queue.done(name);
      }
    }
  }
}
