/**
 * Local environments for tests, benchmarks, the demo and `keelson local`.
 *
 * - **Tools.** etcd, kube-apiserver, kube-controller-manager, kube-scheduler,
 *   kubectl, kwok, helm, kustomize, sops and age are built once from the Go
 *   modules pinned under `tools/` (go.mod + go.sum) into
 *   `~/.cache/keelson/tools/<module>-<version>-<hash>/`. `KEELSON_BIN_DIR`
 *   points at a directory of ready binaries instead.
 * - **Clusters.** {@link startLocalCluster} runs a real control plane on
 *   loopback with kwok simulating one node, so Pods schedule and become Ready,
 *   Deployments become Available and Jobs complete, with no container runtime.
 *   A supervisor process owns every component in one process group; stopping
 *   the cluster, or the exit of the process that owns an ephemeral cluster,
 *   takes all of them down.
 * - **Git.** {@link createGitRepo} makes real repositories; {@link startGitHttpServer}
 *   serves them over smart HTTP with basic auth.
 */
export {
  startLocalCluster,
  stopLocalCluster,
  listLocalClusters,
  clustersRoot,
  killGroup,
  LocalClusterError,
  DEFAULT_CLUSTER_NAME,
  type LocalCluster,
  type LocalClusterInfo,
  type LocalClusterOptions,
} from './local-cluster.js';
export {
  ensureTools,
  ToolBuildError,
  ALL_TOOLS,
  type ToolName,
  type ToolPaths,
} from './toolchain.js';
export { ensureGit, ensureGo, ensureOpenssl } from './prerequisites.js';
export { PortInUseError } from './ports.js';
export { generateCa } from './pki.js';
export { cacheRoot, stateRoot } from './paths.js';
export * from './git/index.js';
export * from './oidc-provider.js';
export * from './ssh-git-server.js';
export * from './helm-repo-server.js';
