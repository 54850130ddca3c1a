import {
  IN_CLUSTER_NAME,
  IN_CLUSTER_SERVER,
  SECRET_TYPE_LABEL,
  normalizeServer,
  type SecretLike,
} from '../credentials/index.js';
import { IN_CLUSTER_VIEW, clusterSecret, toClusterView } from './cluster-secret.js';
import type { BackendContext } from './context.js';
import { AlreadyExistsError, InvalidRequestError, NotFoundError } from './errors.js';
import type { ClusterOperations, ClusterRequest, ClusterView } from './types.js';

const matches = (c: ClusterView, nameOrServer: string): boolean =>
  c.name === nameOrServer || c.server === normalizeServer(nameOrServer);

/** Destination clusters: the built-in `in-cluster` plus labelled cluster Secrets; never their credentials. */
export class DirectClusters implements ClusterOperations {
  constructor(private readonly ctx: BackendContext) {}

  async list(): Promise<readonly ClusterView[]> {
    const registered = (await this.ctx.secrets.list(`${SECRET_TYPE_LABEL}=cluster`))
      .flatMap((s) => toClusterView(s as SecretLike) ?? [])
      .sort((a, b) => a.name.localeCompare(b.name));
    // A Secret for the built-in cluster replaces the built-in entry (as the controller resolves it).
    const overridden = registered.some(
      (c) => c.name === IN_CLUSTER_NAME || c.server === IN_CLUSTER_SERVER,
    );
    return overridden ? registered : [IN_CLUSTER_VIEW, ...registered];
  }

  async get(nameOrServer: string): Promise<ClusterView> {
    const found = (await this.list()).find((c) => matches(c, nameOrServer));
    if (!found) throw new NotFoundError('cluster', nameOrServer);
    return found;
  }

  /** Writes a cluster Secret; {@link AlreadyExistsError} for a known name or server unless `upsert`. */
  async add(request: ClusterRequest): Promise<ClusterView> {
    if (!request.name?.trim()) throw new InvalidRequestError('cluster: name is required');
    const clusters = await this.list();
    const existing = clusters.find(
      (c) => c.name === request.name || c.server === normalizeServer(request.server),
    );
    if (existing && (!request.upsert || !existing.secretName))
      throw new AlreadyExistsError('cluster', existing.name);
    const secret = clusterSecret(request, this.ctx.namespace, existing?.secretName);
    const written = existing?.secretName
      ? await this.ctx.secrets.replace({
          ...secret,
          metadata: {
            ...(await this.ctx.secrets.get(existing.secretName)).metadata,
            labels: secret.metadata.labels,
          },
        })
      : await this.ctx.secrets.create(secret);
    const view = toClusterView(written as SecretLike);
    if (!view) throw new NotFoundError('cluster', request.name);
    return view;
  }

  /** Deletes the cluster Secret; the built-in `in-cluster` cannot be removed. */
  async remove(nameOrServer: string): Promise<void> {
    const found = await this.get(nameOrServer);
    if (!found.secretName)
      throw new InvalidRequestError(
        `cluster ${found.name} is built in (the cluster Keelson runs in) and cannot be removed`,
      );
    await this.ctx.secrets.delete(found.secretName);
  }
}
