/**
 * The application controller: composes informers (Applications, AppProjects,
 * credential Secrets), the work queue, destination caches and the reconcile
 * function, under leader election. It only wires things together; the logic
 * lives in reconcile.ts and the modules it calls.
 */
import pLimit from 'p-limit';
import {
  API_VERSION,
  GROUP,
  VERSION,
  parseApplication,
  parseAppProject,
  type Application,
} from '../apis/index.js';
import {
  ClusterConnection,
  createObject,
  type ApiResource,
  type KubeAccess,
} from '../cluster/index.js';
import { allowManyListeners, errorMessage, type KubeObject, type Logger } from '../core/index.js';
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
import { KnownInSync } from './known-in-sync.js';
import { ComparisonCache } from './comparison-cache.js';
import { InFlight } from './in-flight.js';
import { startRevisionPoller } from './revision-poller.js';
import { Terminations, isTerminationRequested } from './terminations.js';
import { ComparisonStatusWrites } from './status-writes.js';
import { ParsedObjects } from './parse-once.js';
import { ShardCoordinator, defaultShardTiming } from './shard-coordinator.js';
import { shardKeyOf, shardOfKey } from './shards.js';

const LEASE_NAME = 'keelson-application-controller';
/** Shard leases are `<prefix>-shard-<n>`, member leases `<prefix>-member-<identity>`. */
export const SHARD_LEASE_PREFIX = 'keelson-controller';

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
  /**
   * Leases go through a pool of their own, so a busy sync (every pooled
   * connection in use) never delays a renewal past the renew deadline.
   */
  private readonly coordination: ClusterConnection;
  private readonly abort = new AbortController();
  private running: Promise<void> | undefined;

  /** `kubeConfig`: Keelson's `Kubeconfig` or the official client's `KubeConfig`. */
  constructor(
    kubeConfig: KubeAccess,
    private readonly options: ControllerOptions,
    private readonly logger: Logger,
  ) {
    this.connection = ClusterConnection.fromKubeconfig(kubeConfig, {
      maxSockets: options.kubeMaxConnections,
    });
    this.coordination = ClusterConnection.fromKubeconfig(kubeConfig, { maxSockets: 4 });
    allowManyListeners(this.abort.signal);
  }

  /**
   * Runs until `stop()`: with one shard, campaigns for leadership and
   * reconciles while leading; with several, reconciles the applications of
   * the shards it holds (see shard-coordinator.ts).
   */
  start(): Promise<void> {
    this.running ??= !this.options.leaderElection
      ? this.lead(this.abort.signal, everything)
      : this.options.shards > 1
        ? this.lead(this.abort.signal, 'sharded')
        : this.campaign();
    return this.running;
  }

  async stop(): Promise<void> {
    this.abort.abort();
    this.queue?.shutDown();
    await this.running?.catch(() => undefined);
    this.connection.close();
    this.coordination.close();
  }

  /** Asks for a refresh of `app` now (webhooks, the API). */
  refresh(app: string): void {
    this.queue?.addUrgent(app);
  }

  private async campaign(): Promise<void> {
    const lock = new LeaseLock(this.coordination, {
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
          leading = this.lead(signal, everything);
        },
        onStoppedLeading: () => this.logger.warn('lost leadership; stopping work'),
        onError: (err) => this.logger.warn('leader election error', { error: errorMessage(err) }),
      },
      this.abort.signal,
    );
    await leading;
  }

  /** The work of the leader: informers, destination caches and workers until `signal` aborts. */
  private async lead(signal: AbortSignal, scope: AppGate | 'sharded'): Promise<void> {
    const { namespace } = this.options;
    const queue = new WorkQueue();
    this.queue = queue;
    let gate: AppGate = scope === 'sharded' ? nothing : scope;
    const terminations = new Terminations();
    const enqueue = (event: InformerEvent, obj: KubeObject, previous?: KubeObject): void => {
      // A termination request is a status write: act on it before such
      // writes are filtered out below.
      if (event === 'upsert' && isTerminationRequested(obj))
        terminations.request(obj.metadata.name ?? '');
      // Our own status writes come back as updates: reconciling on them would
      // loop forever (each reconcile writes reconciledAt).
      if (event === 'upsert' && previous && onlyStatusChanged(previous, obj)) return;
      // A changed spec, a requested sync or refresh: someone waits for it.
      if (previous) queue.addUrgent(obj.metadata.name ?? '');
      else queue.add(obj.metadata.name ?? '');
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
      // A health change (a rollout finished or failed) is what someone watching a
      // sync waits for: it goes before queued resyncs and first comparisons, so
      // each app shows Healthy as soon as it is, not after the whole queue.
      (app, effect) => (effect === 'health' ? queue.addUrgent(app) : queue.add(app)),
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
      events: new EventRecorder(this.connection, this.options.identity),
      metrics: this.metrics,
      logger: this.logger,
      selfHeal: new Map(),
      finished: new Map(),
      claims: new ResourceClaims(),
      comparisons: new ComparisonCache(),
      inSync: new KnownInSync(),
      signal,
      lastHealth: new Map(),
      statusWrites: new ComparisonStatusWrites(
        this.options.statusHeartbeatMs,
        this.options.statusProgressIntervalMs,
      ),
      parsedApplications: new ParsedObjects(parseApplication),
      parsedProjects: new ParsedObjects(parseAppProject),
      terminations,
      syncSlot: pLimit(this.options.operationProcessors),
    };
    await ensureDefaultProject(
      (project) => createObject(this.connection, project),
      namespace,
    ).catch((err: unknown) =>
      this.logger.warn('could not ensure the default project', { error: errorMessage(err) }),
    );
    await Promise.all([projects.start(), secrets.start()]);
    await apps.start();
    const inFlight = new InFlight();
    const coordinating =
      scope === 'sharded'
        ? this.coordinateShards(signal, apps, queue, inFlight, (g) => (gate = g))
        : Promise.resolve();
    this.logger.info('controller started', {
      namespace,
      applications: apps.list().length,
      api: API_VERSION,
    });
    const workers = Array.from({ length: this.options.statusProcessors }, () =>
      this.work(ctx, queue, () => gate, inFlight),
    );
    const stopPolling =
      this.options.repoPollIntervalMs > 0
        ? startRevisionPoller(
            ctx,
            (app, first) => (first ? queue.addUrgent(app) : queue.add(app)),
            this.options.repoPollIntervalMs,
          )
        : () => undefined;
    const depth = setInterval(() => this.metrics.setQueueDepth(queue.length), 5_000);
    depth.unref();
    await new Promise<void>((resolve) =>
      signal.addEventListener('abort', () => resolve(), { once: true }),
    );
    clearInterval(depth);
    stopPolling();
    queue.shutDown();
    await Promise.all(workers);
    await coordinating;
    await Promise.all([apps.stop(), projects.stop(), secrets.stop(), destinations.stop()]);
  }

  /** Runs the shard coordinator; `setGate` installs the gate that admits the held shards' apps. */
  private async coordinateShards(
    signal: AbortSignal,
    apps: Informer,
    queue: WorkQueue,
    inFlight: InFlight,
    setGate: (gate: AppGate) => void,
  ): Promise<void> {
    const { shards, shardBy } = this.options;
    const shardOf = (name: string): number => {
      const app = apps.get(name) as Application | undefined;
      return shardOfKey(app ? shardKeyOf(app, shardBy) : name, shards);
    };
    const coordinator = new ShardCoordinator(
      this.coordination,
      {
        namespace: this.options.namespace,
        prefix: SHARD_LEASE_PREFIX,
        identity: this.options.identity,
        shards,
        ...defaultShardTiming,
      },
      {
        onAcquired: (shard) => {
          this.metrics.setShardsHeld(coordinator.ownedShards().length);
          for (const app of apps.list())
            if (shardOf(app.metadata.name ?? '') === shard) queue.add(app.metadata.name ?? '');
        },
        drain: (shard) => inFlight.idle(shard),
        onReleased: () => this.metrics.setShardsHeld(coordinator.ownedShards().length),
      },
      this.logger,
    );
    setGate({
      shardOf,
      owns: (name) => coordinator.owns(shardOf(name)),
      signalFor: (name) => coordinator.signalFor(shardOf(name)),
    });
    await coordinator.run(signal);
  }

  private async work(
    ctx: ReconcileContext,
    queue: WorkQueue,
    gate: () => AppGate,
    inFlight: InFlight,
  ): Promise<void> {
    for (;;) {
      const name = await queue.get();
      if (name === undefined) return;
      const scope = gate();
      if (!scope.owns(name)) {
        // Another replica's shard (or one we are handing over): not ours to touch.
        queue.forget(name);
        queue.done(name);
        continue;
      }
      const shard = scope.shardOf(name);
      inFlight.begin(shard);
      try {
        const signal = scope.signalFor(name);
        const outcome = await reconcileApplication(
          signal
            ? { ...ctx, signal: allowManyListeners(AbortSignal.any([ctx.signal, signal])) }
            : ctx,
          name,
        );
        if (outcome.failed) {
          const delay = queue.addRateLimited(name);
          this.logger.debug('reconcile failed; retrying', { app: name, inMs: delay });
        } else {
          queue.forget(name);
          if (outcome.compareNow) queue.addUrgent(name);
          else if (outcome.compareSoonMs !== undefined)
            queue.addAfter(name, outcome.compareSoonMs, true);
          else if (outcome.requeueAfterMs !== undefined)
            queue.addAfter(name, outcome.requeueAfterMs);
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
        inFlight.end(shard);
        queue.done(name);
      }
    }
  }
}

/** Which applications this replica may reconcile now. */
interface AppGate {
  shardOf(name: string): number;
  owns(name: string): boolean;
  /** Aborts when the app's shard is lost; undefined when not sharded. */
  signalFor(name: string): AbortSignal | undefined;
}

const everything: AppGate = { shardOf: () => 0, owns: () => true, signalFor: () => undefined };
const nothing: AppGate = { shardOf: () => 0, owns: () => false, signalFor: () => undefined };
