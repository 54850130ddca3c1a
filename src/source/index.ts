/**
 * Sources: where desired state comes from. Turns an Application's
 * `repoURL` + `targetRevision` into files on disk, cheaply and safely.
 *
 * **Git.** {@link GitSource} resolves a target revision with one
 * `git ls-remote` (no clone): `HEAD`, a branch, a tag, a full or abbreviated
 * SHA, or a semver constraint over tags (`1.2.*`, `>=1.2.0 <2.0.0`). It keeps
 * one bare mirror per repository (keyed by normalized URL) under
 * `<cacheDir>/repos/`, fetching single commits shallowly (depth 1), and
 * materializes each commit once as a read-only tree under
 * `<cacheDir>/trees/<repo>/<sha>/`. Requests for the same repository and
 * commit share one fetch; different repositories proceed in parallel up to a
 * concurrency limit. {@link GitSource.hasMoved} polls for change with one
 * ls-remote.
 *
 * **Credentials** (HTTPS user/password or token, bearer token, SSH key) reach
 * git only through its environment: an askpass helper reading environment
 * variables, `http.extraHeader` via `GIT_CONFIG_*`, or an SSH wrapper (with
 * strict host key checking against the supplied known_hosts) whose key file
 * is written 0600 in a private directory and deleted after the call. They
 * never appear in process arguments, logs, or error messages (every error is
 * scrubbed). Every git call has a timeout and `GIT_TERMINAL_PROMPT=0`; git
 * runs with no system or user configuration.
 *
 * **Policy.** Only https, http and ssh are accepted; `file://` and local
 * paths only when `allowLocalRepos` is set (tests, `keelson local`), since a
 * multi-tenant controller must not read arbitrary local paths.
 *
 * **Helm charts.** {@link HelmChartSource} fetches charts from Helm
 * repositories (version or semver constraint, digest-checked) and OCI
 * registries (exact version), unpacked read-only under `<cacheDir>/charts/`.
 *
 * **Paths.** {@link resolveInside} is the gate for every user-chosen path: no
 * absolute paths, no `..` above the root, no symlink leading outside.
 *
 * Errors are {@link SourceError}s naming the repository; `transient` tells a
 * retry apart from a terminal failure.
 */
export {
  GitSource,
  defaultGitSourceOptions,
  type GitSourceOptions,
  type RepoRef,
  type Checkout,
  type MoveCheck,
  type RevisionFreshness,
} from './git-source.js';
export type { RepoCredentials } from './credentials.js';
export type { ResolvedRevision, RemoteRefs } from './revision.js';
export { parseRepoUrl, safeDisplay, type RepoUrl, type RepoTransport } from './repo-url.js';
export {
  HelmChartSource,
  helmHome,
  type HelmChartSourceOptions,
  type ChartRef,
  type ChartCheckout,
} from './helm-chart-source.js';
export {
  checkRelativePath,
  resolveInside,
  resolveDirectoryInside,
  isWithin,
  joinUserPath,
} from './safe-path.js';
export {
  explicitSourceType,
  type ApplicationSource,
  type ApplicationSourceDirectory,
  type ApplicationSourceKustomize,
  type ApplicationSourceHelm,
  type HelmParameter,
  type HelmFileParameter,
  type KustomizeReplica,
  type KustomizePatch,
  type SourceType,
} from './application-source.js';
export {
  SourceError,
  RepositoryNotAllowedError,
  RevisionNotFoundError,
  GitCommandError,
  ChartFetchError,
  InvalidSourceError,
  PathEscapeError,
  PathNotFoundError,
} from './errors.js';
export type { GitObserver } from './git-run.js';
export {
  MANIFEST_GENERATE_PATHS_ANNOTATION,
  ARGOCD_MANIFEST_GENERATE_PATHS_ANNOTATION,
  generatePathsOf,
  touchesGeneratePaths,
} from './generate-paths.js';
