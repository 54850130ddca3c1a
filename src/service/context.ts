import type { KubeConfig } from '@kubernetes/client-node';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { ApplicationDestination } from '../apis/index.js';
import { ClusterConnection } from '../cluster/index.js';
import { silentLogger, type Logger } from '../core/index.js';
import { kubeconfigOf } from '../controller/index.js';
import {
  CREDENTIAL_SECRETS_SELECTOR,
  ClusterNotFoundError,
  readCredentialSecrets,
  resolveDestinationCluster,
  type CredentialSet,
  type SecretLike,
} from '../credentials/index.js';
import { RenderCache, SourceRenderer } from '../render/index.js';
import { GitSource, HelmChartSource } from '../source/index.js';
import type { ApplicationCache } from './application-cache.js';
import { InvalidRequestError } from './errors.js';
import { mapKubeErrors } from './kube-errors.js';
import { APPLICATIONS, APP_PROJECTS, NamespacedObjects, SECRETS } from './namespaced-objects.js';

/** How the direct backend reaches Kubernetes and renders sources. */
export interface DirectBackendOptions {
  /** Credentials and API server (its current context). */
  readonly kubeConfig: KubeConfig;
  /** Where Applications, AppProjects and credential Secrets live (usually `keelson`). */
  readonly namespace: string;
  readonly logger?: Logger;
  /**
   * Keep an informer (watch-backed in-memory cache) of Applications for
   * list/get/watch — for the long-running API server; the one-shot CLI does not.
   */
  readonly cacheApplications?: boolean;
  /** Git, chart and render cache for diffs (default `~/.cache/keelson/backend`). */
  readonly cacheDir?: string;
  /** Tool paths for Helm and Kustomize sources (diff); without them such sources fail to render. */
  readonly helm?: string;
  readonly kustomize?: string;
  /** Allow `file://` repositories (tests, the demo). */
  readonly allowLocalRepos?: boolean;
}

/** A destination cluster as the backend reaches it. */
export interface DestinationAccess {
  readonly name: string;
  readonly server: string;
  readonly connection: ClusterConnection;
}

/**
 * What every operation of the direct backend shares: the connection to the
 * Keelson cluster, the namespaced collections, the optional Application
 * cache, connections to destination clusters (one per cluster and
 * credentials, reused) and the source renderer (created on first diff).
 */
export class BackendContext {
  readonly connection: ClusterConnection;
  readonly namespace: string;
  readonly logger: Logger;
  readonly apps: NamespacedObjects;
  readonly projects: NamespacedObjects;
  readonly secrets: NamespacedObjects;
  private renderer: SourceRenderer | undefined;
  private readonly destinations = new Map<string, ClusterConnection>();

  constructor(
    readonly options: DirectBackendOptions,
    readonly cache: ApplicationCache | undefined,
    connection: ClusterConnection,
  ) {
    this.connection = connection;
    this.namespace = options.namespace;
    this.logger = options.logger ?? silentLogger;
    this.apps = new NamespacedObjects(connection, APPLICATIONS, options.namespace);
    this.projects = new NamespacedObjects(connection, APP_PROJECTS, options.namespace);
    this.secrets = new NamespacedObjects(connection, SECRETS, options.namespace);
  }

  /** Renders sources as the controller does (Git and chart caches under `cacheDir`). */
  sourceRenderer(): SourceRenderer {
    if (this.renderer) return this.renderer;
    const cacheDir = this.options.cacheDir ?? join(homedir(), '.cache', 'keelson', 'backend');
    this.renderer = new SourceRenderer({
      git: new GitSource({
        cacheDir: join(cacheDir, 'git'),
        allowLocalRepos: this.options.allowLocalRepos ?? false,
      }),
      charts: new HelmChartSource({
        cacheDir: join(cacheDir, 'charts'),
        helmBinary: this.options.helm,
      }),
      tools: { helm: this.options.helm, kustomize: this.options.kustomize },
      cache: new RenderCache(),
    });
    return this.renderer;
  }

  /** The labelled credential Secrets of the namespace, parsed (malformed ones skipped). */
  async credentials(): Promise<CredentialSet> {
    const secrets = await this.secrets.list(CREDENTIAL_SECRETS_SELECTOR);
    return readCredentialSecrets(secrets as SecretLike[]);
  }

  /** Connects to an application's destination cluster. Throws {@link InvalidRequestError} for an unknown one. */
  async destination(destination: ApplicationDestination): Promise<DestinationAccess> {
    const { clusters } = await this.credentials();
    let cluster;
    try {
      cluster = resolveDestinationCluster(destination, clusters, this.connection.server);
    } catch (err) {
      if (err instanceof ClusterNotFoundError) throw new InvalidRequestError(err.message);
      throw err;
    }
    if (!cluster.credentials) return { ...cluster, connection: this.connection };
    const c = cluster.credentials;
    const key = JSON.stringify([c.server, c.bearerToken ?? '', c.tls]);
    let connection = this.destinations.get(key);
    if (!connection) {
      connection = ClusterConnection.fromKubeconfig(kubeconfigOf(c));
      this.destinations.set(key, connection);
    }
    return { name: cluster.name, server: cluster.server, connection };
  }

  /** The Kubernetes version of a cluster (`1.34.4`), for Helm's `.Capabilities`. */
  async kubeVersion(connection: ClusterConnection): Promise<string | undefined> {
    const info = await mapKubeErrors(() =>
      connection.request({ method: 'GET', path: '/version', verb: 'get version' }),
    ).catch(() => undefined);
    const version = (info as { gitVersion?: unknown } | undefined)?.gitVersion;
    return typeof version === 'string'
      ? version.replace(/^v/, '').replace(/[-+].*$/, '')
      : undefined;
  }

  close(): void {
    for (const c of this.destinations.values()) c.close();
    this.destinations.clear();
    this.connection.close();
  }
}
