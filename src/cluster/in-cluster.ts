import { join } from 'node:path';

/** Where Kubernetes mounts a Pod's service account token and the cluster's CA certificate. */
export const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

/** The API server address and credential files of a Pod's service account. */
export interface InClusterAccess {
  /** `https://<KUBERNETES_SERVICE_HOST>:<KUBERNETES_SERVICE_PORT>` */
  readonly server: string;
  /** A projected token: the kubelet rotates it, so it is re-read for every use. */
  readonly tokenFile: string;
  readonly caFile: string;
}

/**
 * The in-cluster settings when `env` says this process runs in a Pod
 * (`KUBERNETES_SERVICE_HOST` and `KUBERNETES_SERVICE_PORT` both set, as the
 * kubelet does for every container), `undefined` otherwise. Same rule as
 * client-go's `rest.InClusterConfig`. `dir` is injectable for tests.
 */
export function detectInCluster(
  env: NodeJS.ProcessEnv,
  dir: string = SERVICE_ACCOUNT_DIR,
): InClusterAccess | undefined {
  const host = env.KUBERNETES_SERVICE_HOST;
  const port = env.KUBERNETES_SERVICE_PORT;
  if (!host || !port) return undefined;
  // An IPv6 service address (dual-stack or IPv6-only clusters) must be
  // bracketed to be a valid URL authority.
  const authority = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  return {
    server: `https://${authority}:${port}`,
    tokenFile: join(dir, 'token'),
    caFile: join(dir, 'ca.crt'),
  };
}
