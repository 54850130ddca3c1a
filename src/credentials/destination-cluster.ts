import type { ApplicationDestination } from '../apis/index.js';
import { KeelsonError } from '../core/index.js';
import { normalizeServer, type ClusterCredentials } from './cluster.js';

/** The name of the cluster Keelson runs in (as Argo CD). */
export const IN_CLUSTER_NAME = 'in-cluster';
/** The URL of the cluster Keelson runs in, from inside it (as Argo CD). */
export const IN_CLUSTER_SERVER = 'https://kubernetes.default.svc';

/** Where an application deploys: a registered cluster, or the controller's own. */
export interface DestinationCluster {
  readonly name: string;
  readonly server: string;
  /**
   * Credentials from a cluster Secret; absent for the controller's own
   * cluster, reached with the controller's own client configuration.
   */
  readonly credentials?: ClusterCredentials;
}

/** An application's destination names no registered cluster. */
export class ClusterNotFoundError extends KeelsonError {
  constructor(readonly destination: ApplicationDestination) {
    const what = destination.name
      ? `named "${destination.name}"`
      : destination.server
        ? `with server ${destination.server}`
        : '(neither server nor name given)';
    super(`destination cluster ${what} is not registered`);
  }
}

/**
 * Finds the cluster an application deploys to: a registered cluster with
 * that name or server (first by Secret namespace and name if several), else
 * the controller's own cluster, known as `in-cluster`, as
 * `https://kubernetes.default.svc`, and by `ownServer` (the API server URL
 * the controller itself uses, which differs when it runs outside the
 * cluster). A registered Secret for one of these names replaces the built-in
 * entry. Throws {@link ClusterNotFoundError}.
 */
export function resolveDestinationCluster(
  destination: ApplicationDestination,
  clusters: readonly ClusterCredentials[],
  ownServer?: string,
): DestinationCluster {
  const sorted = [...clusters].sort(
    (a, b) =>
      a.secret.namespace.localeCompare(b.secret.namespace) ||
      a.secret.name.localeCompare(b.secret.name),
  );
  const toDestination = (c: ClusterCredentials): DestinationCluster => ({
    name: c.name,
    server: c.server,
    credentials: c,
  });
  if (destination.name) {
    const found = sorted.find((c) => c.name === destination.name);
    if (found) return toDestination(found);
    if (destination.name === IN_CLUSTER_NAME)
      return { name: IN_CLUSTER_NAME, server: IN_CLUSTER_SERVER };
    throw new ClusterNotFoundError(destination);
  }
  if (destination.server) {
    const server = normalizeServer(destination.server);
    const found = sorted.find((c) => c.server === server);
    if (found) return toDestination(found);
    const own = ownServer === undefined ? undefined : normalizeServer(ownServer);
    if (server === IN_CLUSTER_SERVER || server === own)
      return { name: IN_CLUSTER_NAME, server: IN_CLUSTER_SERVER };
  }
  throw new ClusterNotFoundError(destination);
}
