import type https from 'node:https';

/**
 * What a {@link ClusterConnection} needs from a kubeconfig: where the API
 * server is, and the TLS material and headers that authenticate a request.
 * Keelson's own {@link Kubeconfig} implements it, and so does
 * `@kubernetes/client-node`'s `KubeConfig` (used by the CLI), so callers
 * can hand either in.
 */
export interface KubeAccess {
  /** The current context's cluster; `null` when the kubeconfig has none. */
  getCurrentCluster(): { readonly server: string } | null;
  /**
   * Fills `options` with what a request needs: `ca`, `cert`, `key`,
   * `rejectUnauthorized`, `servername`, an `authorization` header or `auth`
   * (basic). May run an exec credential plugin, so it is asynchronous.
   */
  applyToHTTPSOptions(options: https.RequestOptions): Promise<void>;
}
