/**
 * Turning a kubeconfig context into a destination cluster request: the
 * server and the context's own credentials (bearer token or client
 * certificate), CA and key files read and base64-encoded as `*Data` like
 * kubeconfig. Unlike Argo CD, no ServiceAccount is created in the target
 * cluster: Keelson stores the context's credentials as they are, so they
 * should be a dedicated, long-lived identity.
 */
import { readFile } from 'node:fs/promises';
import { KubeConfig } from '@kubernetes/client-node';
import { KeelsonError, errorMessage } from '../core/index.js';
import type { ClusterRequest } from '../service/index.js';

/** The context cannot be stored (missing, or credentials produced by a plugin). */
export class ClusterContextError extends KeelsonError {}

export interface ClusterAddFlags {
  readonly name?: string;
  readonly serverOverride?: string;
  readonly namespace: readonly string[];
  readonly labels: Readonly<Record<string, string>>;
  readonly upsert?: boolean;
}

async function base64File(path: string, what: string, context: string): Promise<string> {
  try {
    return (await readFile(path)).toString('base64');
  } catch (err) {
    throw new ClusterContextError(
      `context ${context}: cannot read ${what} ${path}: ${errorMessage(err)}`,
    );
  }
}

/** The kubeconfig `cluster add` reads contexts from: `--kubeconfig`, else `$KUBECONFIG` or `~/.kube/config` (no current context needed). */
export function readKubeConfig(path: string | undefined): KubeConfig {
  const kc = new KubeConfig();
  try {
    if (path) kc.loadFromFile(path);
    else kc.loadFromDefault();
  } catch (err) {
    throw new ClusterContextError(
      `cannot load ${path ?? 'the default kubeconfig'}: ${errorMessage(err)}`,
      {
        cause: err,
      },
    );
  }
  return kc;
}

/** Reads the `contextName` context of `kc` into a {@link ClusterRequest}. */
export async function clusterRequestFromContext(
  kc: KubeConfig,
  contextName: string,
  flags: ClusterAddFlags,
): Promise<ClusterRequest> {
  const context = kc.getContextObject(contextName);
  if (!context) throw new ClusterContextError(`context ${contextName} not found in the kubeconfig`);
  const cluster = kc.getCluster(context.cluster);
  if (!cluster)
    throw new ClusterContextError(`context ${contextName}: cluster ${context.cluster} not found`);
  const user = context.user ? kc.getUser(context.user) : null;
  if (user?.exec || user?.authProvider)
    throw new ClusterContextError(
      `context ${contextName}: user ${user.name} gets its credentials from a plugin (exec/auth-provider), ` +
        'which Keelson cannot store; use a context with a ServiceAccount token or a client certificate',
    );
  if (user?.username || user?.password)
    throw new ClusterContextError(`context ${contextName}: basic authentication is not supported`);
  const caData =
    cluster.caData ??
    (cluster.caFile ? await base64File(cluster.caFile, 'CA file', contextName) : undefined);
  const certData =
    user?.certData ??
    (user?.certFile
      ? await base64File(user.certFile, 'client certificate', contextName)
      : undefined);
  const keyData =
    user?.keyData ??
    (user?.keyFile ? await base64File(user.keyFile, 'client key', contextName) : undefined);
  if (!user?.token && !(certData && keyData))
    throw new ClusterContextError(
      `context ${contextName}: no bearer token or client certificate to store`,
    );
  const tls = {
    ...(cluster.skipTLSVerify ? { insecure: true } : {}),
    ...(cluster.tlsServerName ? { serverName: cluster.tlsServerName } : {}),
    ...(caData ? { caData } : {}),
    ...(certData ? { certData } : {}),
    ...(keyData ? { keyData } : {}),
  };
  return {
    name: flags.name ?? contextName,
    server: flags.serverOverride ?? cluster.server,
    ...(user?.token ? { bearerToken: user.token } : {}),
    ...(Object.keys(tls).length ? { tls } : {}),
    ...(flags.namespace.length ? { namespaces: [...flags.namespace] } : {}),
    ...(Object.keys(flags.labels).length ? { labels: { ...flags.labels } } : {}),
    ...(flags.upsert ? { upsert: true } : {}),
  };
}
