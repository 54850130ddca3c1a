/**
 * AppProject policy: what applications of a project may deploy, from where,
 * to where. Pure functions over the `src/apis` types (one exception:
 * {@link ensureDefaultProject}), with Argo CD's semantics so a project moves
 * over unchanged.
 *
 * - **Sources** (`spec.sourceRepos`): repository URL globs, compared
 *   normalized; `*` within a path segment, `**` across; `!` denies.
 * - **Destinations** (`spec.destinations`): cluster `server` or `name` and
 *   `namespace` globs, `*` matching anything; `!` denies.
 * - **Kinds**: namespaced kinds are allowed unless blacklisted (and, if a
 *   `namespaceResourceWhitelist` is set, only those); cluster-scoped kinds
 *   are denied unless `clusterResourceWhitelist` lists them.
 * - **The `default` project** allows everything, exists from the start
 *   ({@link ensureDefaultProject}) and holds applications with no project.
 *
 * The controller checks {@link checkApplicationAgainstProject} and
 * {@link checkResourcesAgainstProject} before every sync; any violation
 * becomes a condition and nothing is applied.
 */
export {
  checkApplicationAgainstProject,
  checkResourcesAgainstProject,
  type ProjectViolation,
  type ProjectViolationType,
  type ProjectCheckOptions,
  type ResolvedCluster,
  type ResourceToCheck,
} from './check.js';
export { isSourcePermitted } from './source.js';
export { isDestinationPermitted, type DestinationToCheck } from './destination.js';
export { isResourcePermitted, type ResourceKind } from './resources.js';
export { globMatch, type GlobMode } from './glob.js';
export { defaultProject } from './default-project.js';
export { ensureDefaultProject, DefaultProjectError } from './ensure-default-project.js';
