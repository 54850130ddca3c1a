/**
 * Install: what `keelson install` puts into a cluster, and how.
 *
 * **What.** After the CRDs (`src/apis`), {@link controllerManifests} builds,
 * in apply order: the Namespace (default `keelson`, Pod Security `restricted`),
 * the ServiceAccount `keelson-application-controller`, a Role and RoleBinding
 * in that namespace (exactly the verbs the controller uses on Applications,
 * AppProjects, credential Secrets — read only —, its Lease and Events), a
 * ClusterRole and ClusterRoleBinding for the objects Applications deploy to
 * this cluster (the one broad grant: see {@link destinationRules} for why, what
 * it leaves out, and how to widen or narrow it), the controller Deployment
 * (non-root, read-only root filesystem, no capabilities, probes on the metrics
 * port) and a metrics Service. Pure: no cluster needed, so `--dry-run` prints
 * exactly what would be applied.
 *
 * **How.** {@link applyManifests} server-side applies each object through the
 * cluster module (field manager `keelson`, forcing conflicts) and reports
 * `created`, `configured` or `unchanged` per object, as kubectl does.
 * {@link deleteManifests} deletes in reverse order; `keelson uninstall` keeps
 * the Namespace (it holds the user's Applications and credentials) and
 * deletes the CRDs last, unless told to keep them.
 *
 * **Image.** This repository builds no image. The Deployment expects one with
 * `keelson` on the PATH, `helm` and `kustomize` in `/usr/local/bin`, runnable
 * as uid 65532; `ghcr.io/keelson-dev/keelson:<version>` is its intended name.
 */
export {
  controllerManifests,
  controllerObjectsToDelete,
  crdsToDelete,
  InstallOptionsError,
  type ControllerManifestOptions,
} from './manifests.js';
export { controllerRules, destinationRules, type PolicyRule } from './rbac.js';
export {
  CONTROLLER_UID,
  CONTROLLER_HOME,
  CONTROLLER_MEMORY_LIMIT_MIB,
  IMAGE_TOOLS_DIR,
} from './deployment.js';
export {
  CONTROLLER_NAME,
  DEFAULT_NAMESPACE,
  IMAGE_REPOSITORY,
  METRICS_PORT,
  METRICS_SERVICE_NAME,
  clusterScopedName,
  defaultControllerImage,
} from './names.js';
export {
  applyManifests,
  deleteManifests,
  kubectlName,
  type ApplyManifestsOptions,
  type DeleteManifestsOptions,
  type InstallAction,
  type InstallResult,
  type UninstallAction,
} from './apply.js';
