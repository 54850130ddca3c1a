import { createHash } from 'node:crypto';
import type { KubeObject } from '../core/index.js';
import {
  IN_CLUSTER_NAME,
  IN_CLUSTER_SERVER,
  InvalidCredentialSecretError,
  SECRET_TYPE_LABEL,
  normalizeServer,
  parseClusterSecret,
  secretValues,
  type SecretLike,
} from '../credentials/index.js';
import { InvalidRequestError } from './errors.js';
import type { ClusterRequest, ClusterView } from './types.js';

/** `cluster-<host>-<hash>`, as Argo CD names cluster Secrets. */
export function clusterSecretName(server: string): string {
  const normalized = normalizeServer(server);
  const host = URL.canParse(normalized) ? new URL(normalized).hostname : 'cluster';
  const safe = host
    .toLowerCase()
    .replace(/[^a-z0-9.-]/g, '-')
    .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '')
    .slice(0, 40);
  // Host names are case-insensitive: one cluster, one Secret.
  const hash = createHash('sha256').update(normalized.toLowerCase()).digest('hex').slice(0, 10);
  return `cluster-${safe || 'cluster'}-${hash}`;
}

/** The built-in destination: the cluster Keelson runs in. */
export const IN_CLUSTER_VIEW: ClusterView = { name: IN_CLUSTER_NAME, server: IN_CLUSTER_SERVER };

/** The labelled cluster Secret for a request (Argo CD's keys), validated as the controller reads it. */
export function clusterSecret(
  request: ClusterRequest,
  namespace: string,
  name?: string,
): KubeObject {
  const tls = request.tls ?? {};
  const tlsClientConfig = Object.fromEntries(
    Object.entries({
      insecure: tls.insecure || undefined,
      serverName: tls.serverName,
      caData: tls.caData,
      certData: tls.certData,
      keyData: tls.keyData,
    }).filter(([, v]) => v !== undefined && v !== ''),
  );
  const config = {
    ...(request.bearerToken ? { bearerToken: request.bearerToken } : {}),
    ...(Object.keys(tlsClientConfig).length ? { tlsClientConfig } : {}),
  };
  const stringData: Record<string, string> = {
    name: request.name,
    server: normalizeServer(request.server),
    config: JSON.stringify(config),
  };
  if (request.namespaces?.length) stringData.namespaces = request.namespaces.join(',');
  const secret = {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name: name ?? clusterSecretName(request.server),
      namespace,
      labels: { ...request.labels, [SECRET_TYPE_LABEL]: 'cluster' },
    },
    type: 'Opaque',
    stringData,
  };
  try {
    parseClusterSecret(secret);
  } catch (err) {
    if (err instanceof InvalidCredentialSecretError)
      throw new InvalidRequestError(
        `cluster ${request.name}: ${err.message.replace(/^Secret\/\S+: /, '')}`,
      );
    throw err;
  }
  return secret;
}

/** A cluster Secret as shown: name, server, namespaces, labels — never credentials. */
export function toClusterView(secret: SecretLike): ClusterView | undefined {
  let values: Map<string, string>;
  try {
    values = secretValues(secret);
  } catch {
    return undefined;
  }
  const name = values.get('name')?.trim();
  const server = normalizeServer(values.get('server') ?? '');
  if (!name || !server) return undefined;
  const namespaces = (values.get('namespaces') ?? '')
    .split(',')
    .map((n) => n.trim())
    .filter(Boolean);
  const labels = Object.fromEntries(
    Object.entries(secret.metadata?.labels ?? {}).filter(([k]) => k !== SECRET_TYPE_LABEL),
  );
  return {
    name,
    server,
    secretName: secret.metadata?.name ?? '',
    ...(namespaces.length ? { namespaces } : {}),
    ...(Object.keys(labels).length ? { labels } : {}),
  };
}
