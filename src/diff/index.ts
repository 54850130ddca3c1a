/**
 * Diff: what differs between an application's desired state and its live state.
 *
 * **Statuses.** Each resource is `Synced` (applying would change nothing),
 * `OutOfSync` (applying would change it), `Missing` (desired, not in the
 * cluster) or `Extra` (carries the application's tracking marker, no longer
 * desired: prunable). Hooks are not compared (each sync creates them
 * afresh), neither are objects annotated `hook: Skip`.
 *
 * **How.** {@link compareApp} pairs desired and live objects by
 * group/kind/namespace/name ({@link reconcile}), then predicts each target
 * with a server-side apply dry run (field manager `keelson`), so API
 * defaults, admission mutations and fields owned by other managers appear on
 * both sides. When the dry run rejects an object (a kind not served yet, an
 * invalid object) the prediction is structural ({@link overlay}) and the
 * result says why in `dryRunError`. An object that exists but is not the
 * application's is reported as an ownership `conflict`.
 *
 * **Normalization** ({@link normalizeForDiff}): `status`, server-maintained
 * metadata and kubectl's last-applied annotation never count; a Secret's
 * `stringData` is compared as `data`; an aggregated ClusterRole's `rules`
 * are the controller's.
 *
 * **ignoreDifferences** ({@link IgnoreDifferencesRule}): per group/kind
 * (`*` allowed) and optional name/namespace, fields named by JSON pointer
 * (`/spec/replicas`), by JSONPath (`$.spec.template.spec.containers[?(@.name=='proxy')].image`,
 * evaluated safely, never as code), or owned by field managers
 * (`kube-controller-manager`) are removed from both sides before comparing.
 *
 * **Compare options** (annotation `keelson.dev/compare-options`, alias
 * `argocd.argoproj.io/compare-options`): `IgnoreExtraneous` keeps an Extra
 * object from making the application OutOfSync; `ServerSideDiff=false` uses
 * the structural prediction for that object.
 *
 * **Secrets** are masked everywhere in a result: each value becomes
 * `<masked value #n>`, equal values with equal masks, so a change remains
 * visible ({@link maskSecrets}).
 */
export {
  compareApp,
  type CompareOptions,
  type CompareInputs,
  type InSyncMemo,
} from './compare-app.js';
export { compareResource, comparisonStatus, type CompareInput } from './compare.js';
export { classifyDryRunError } from './dry-run-failure.js';
export {
  reconcile,
  DuplicateResourceError,
  type ResourcePair,
  type Reconciliation,
} from './reconcile.js';
export { normalizeForDiff } from './normalize.js';
export { overlay } from './structural.js';
export { maskSecrets } from './mask.js';
export { renderDiff } from './render.js';
export {
  ruleMatches,
  rulesFor,
  removeIgnoredFields,
  InvalidIgnoreRuleError,
} from './ignore-differences.js';
export type {
  DiffStatus,
  DiffMethod,
  DryRunFailure,
  OwnershipConflict,
  ResourceDiff,
  IgnoreDifferencesRule,
  ComparisonResult,
} from './types.js';
