import { ClusterConnection, Kubeconfig, LiveStateCache } from '../cluster/index.js';
import { errorMessage, type Logger } from '../core/index.js';
import type { ApplicationDestination } from '../apis/index.js';
import {
  resolveDestinationCluster,
  type ClusterCredentials,
  type DestinationCluster,
} from '../credentials/index.js';
import { LiveChangeFilter } from './live-changes.js';
import { RecentValidations } from '../sync/index.js';

/** How to reach a cluster registered by a Secret. */
export function kubeconfigOf(cluster: ClusterCredentials): Kubeconfig {
  const { name, server, bearerToken, tls } = cluster;
  return Kubeconfig.forCluster({ ...tls, name, server, bearerToken });
}

/** A destination cluster the controller talks to, with its live-state cache. */
export interface Destination {
  readonly name: string;
  /** Normalized server URL (`https://kubernetes.default.svc` for the controller's own cluster). */
  readonly server: string;
  readonly connection: ClusterConnection;
  readonly cache: LiveStateCache;
  /** `1.34.4`, for Helm's `.Capabilities.KubeVersion`. */
  readonly kubeVersion?: string;
  /** Recent validations of objects for namespaces a sync creates, shared by the apps deploying here. */
  readonly validations: RecentValidations;
}

interface Entry {
  readonly fingerprint: string;
  readonly ready: Promise<Destination>;
}

/**
 * One connection and one live-state cache per destination cluster, shared by
 * every application deploying there, created on first use. When a cluster
 * Secret changes, its entry is rebuilt with the new credentials.
 */
export class DestinationRegistry {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly own: ClusterConnection,
    /** The API server URL the controller itself uses. */
    private readonly ownServer: string,
    /** Called with the owning application of every live change that may matter, and its effect. */
    private readonly onLiveChange: (app: string, effect: 'drift' | 'health') => void,
    private readonly logger: Logger,
    /** Connections to each destination's API server at most. */
    private readonly maxSockets?: number,
  ) {}

  /** The destination of an application; throws ClusterNotFoundError for an unknown cluster. */
  async get(
    destination: ApplicationDestination,
    clusters: readonly ClusterCredentials[],
  ): Promise<Destination> {
    const cluster = resolveDestinationCluster(destination, clusters, this.ownServer);
    const fingerprint = fingerprintOf(cluster);
    const existing = this.entries.get(cluster.server);
    if (existing && existing.fingerprint === fingerprint) return existing.ready;
    if (existing) void existing.ready.then((d) => d.cache.stop()).catch(() => undefined);
    const ready = this.open(cluster);
    this.entries.set(cluster.server, { fingerprint, ready });
    ready.catch(() => this.entries.delete(cluster.server)); // retried on the next reconcile
    return ready;
  }

  private async open(cluster: DestinationCluster): Promise<Destination> {
    const connection = cluster.credentials
      ? ClusterConnection.fromKubeconfig(kubeconfigOf(cluster.credentials), {
          maxSockets: this.maxSockets,
        })
      : this.own;
    const cache = await LiveStateCache.start(connection, {
      onError: (err, resource) =>
        this.logger.warn('live state watch failed; retrying', {
          cluster: cluster.name,
          kind: resource.kind,
          error: errorMessage(err),
        }),
    });
    const changes = new LiveChangeFilter();
    cache.onChange((change) => {
      if (!change.app) return;
      const effect = changes.effectOf(change, cache.get(change.key));
      if (effect !== 'none') this.onLiveChange(change.app, effect);
    });
    const kubeVersion = await serverVersion(connection).catch(() => undefined);
    this.logger.info('watching destination cluster', {
      cluster: cluster.name,
      server: cluster.server,
    });
    return {
      name: cluster.name,
      server: cluster.server,
      connection,
      cache,
      kubeVersion,
      validations: new RecentValidations(),
    };
  }

  async stop(): Promise<void> {
    const all = [...this.entries.values()];
    this.entries.clear();
    await Promise.all(all.map((e) => e.ready.then((d) => d.cache.stop()).catch(() => undefined)));
  }
}

function fingerprintOf(cluster: DestinationCluster): string {
  const c = cluster.credentials;
  return c ? JSON.stringify([c.server, c.bearerToken ?? '', c.tls]) : 'own';
}

async function serverVersion(connection: ClusterConnection): Promise<string | undefined> {
  const info = (await connection.request({ method: 'GET', path: '/version' })) as {
    gitVersion?: unknown;
  };
  return typeof info.gitVersion === 'string'
    ? info.gitVersion.replace(/^v/, '').replace(/[-+].*$/, '')
    : undefined;
}
