/**
 * The local control plane a scenario runs on: an ephemeral cluster (see
 * `startLocalCluster`), one connection to it, and, for scenarios that use
 * Applications, Keelson's CRDs and its namespace.
 */
import { KubeConfig } from '@kubernetes/client-node';
import { installCrds } from '../../src/apis/index.js';
import { ClusterConnection } from '../../src/cluster/index.js';
import { startLocalCluster, type LocalCluster } from '../../src/testenv/index.js';

/** Where the benchmarks' Applications live, as in an installation's default. */
export const KEELSON_NAMESPACE = 'keelson';

/** A running benchmark cluster; `stop()` closes the connection and removes the cluster. */
export interface BenchCluster {
  readonly cluster: LocalCluster;
  readonly conn: ClusterConnection;
  readonly kubeConfig: KubeConfig;
  stop(): Promise<void>;
}

export interface BenchClusterOptions {
  /** Install Keelson's CRDs and create {@link KEELSON_NAMESPACE}. */
  readonly keelson: boolean;
}

/**
 * Starts an ephemeral local cluster named `name`. The connection allows 32
 * requests in flight, like the controller's default, so the benchmark's own
 * requests are not the bottleneck.
 */
export async function startBenchCluster(
  name: string,
  options: BenchClusterOptions,
): Promise<BenchCluster> {
  const cluster = await startLocalCluster({ name, ephemeral: true });
  const conn = ClusterConnection.fromKubeconfig(cluster.kubeconfigPath, { maxSockets: 32 });
  const stop = async (): Promise<void> => {
    conn.close();
    await cluster.stop();
  };
  try {
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromFile(cluster.kubeconfigPath);
    if (options.keelson) {
      await installCrds(conn);
      await conn.request({
        method: 'POST',
        path: '/api/v1/namespaces',
        body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: KEELSON_NAMESPACE } },
      });
    }
    return { cluster, conn, kubeConfig, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
