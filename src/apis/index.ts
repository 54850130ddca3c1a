/**
 * Keelson's own resources, group `keelson.dev`, version `v1alpha1`:
 * **Application** and **AppProject**, with the field names of Argo CD's, so an
 * Argo CD Application moves over by changing its `apiVersion`.
 *
 * **One source of truth.** Each type is a TypeBox schema (`…Schema`); the
 * TypeScript type is `Static<>` of it, the in-process check
 * ({@link parseApplication}) validates against it, and the CRD's OpenAPI
 * schema is generated from it ({@link keelsonCrds}, `npm run gen:crds` →
 * `manifests/crds/*.yaml`). They cannot drift apart.
 *
 * **Application.** `spec`: `project` (default `default`), `source` (Git repo,
 * revision, path; directory / kustomize / helm options), `destination`
 * (cluster by `server` or `name`, and `namespace`), `syncPolicy`
 * (`automated {prune, selfHeal, allowEmpty}`, `syncOptions`, `retry`),
 * `ignoreDifferences`, `revisionHistoryLimit` (default 10). `status` (written
 * by the controller through the status subresource only): `sync`, `health`,
 * `resources`, `conditions`, `operationState`, `history`, `reconciledAt`.
 * `operation` (top level, as Argo CD): a requested sync. The CLI, API and UI
 * request syncs by setting it; only the controller acts on it.
 *
 * **AppProject.** Allowed `sourceRepos` and `destinations` (globs, `!` to
 * deny), and allowed/denied kinds (`cluster|namespaceResourceWhitelist|Blacklist`).
 * Its rules are applied by `src/project`.
 *
 * **CRDs.** Structural schemas (defaults, `x-kubernetes-preserve-unknown-fields`
 * for Helm `valuesObject`, CEL rules for what JSON Schema cannot say), the
 * status subresource, Argo CD's short names (`app`, `appproj`) and printer
 * columns, category `keelson`. {@link installCrds} server-side applies them
 * and waits until they are Established.
 */
export {
  GROUP,
  VERSION,
  API_VERSION,
  DEFAULT_PROJECT_NAME,
  DEFAULT_REVISION_HISTORY_LIMIT,
} from './group.js';
export {
  ApplicationSchema,
  ApplicationSpecSchema,
  projectOf,
  revisionHistoryLimitOf,
  type Application,
  type ApplicationSpec,
} from './application.js';
export {
  AppProjectSchema,
  AppProjectSpecSchema,
  GroupKindSchema,
  type AppProject,
  type AppProjectSpec,
  type GroupKind,
} from './app-project.js';
export {
  ApplicationSourceSchema,
  ApplicationSourceDirectorySchema,
  ApplicationSourceKustomizeSchema,
  ApplicationSourceHelmSchema,
  HelmParameterSchema,
  KustomizeReplicaSchema,
  type ApplicationSource,
  type ApplicationSourceDirectory,
  type ApplicationSourceKustomize,
  type ApplicationSourceHelm,
  type HelmParameter,
  type KustomizeReplica,
} from './source.js';
export { ApplicationDestinationSchema, type ApplicationDestination } from './destination.js';
export {
  SyncPolicySchema,
  SyncPolicyAutomatedSchema,
  RetryStrategySchema,
  BackoffSchema,
  type SyncPolicy,
  type SyncPolicyAutomated,
  type RetryStrategy,
  type Backoff,
} from './sync-policy.js';
export {
  ResourceIgnoreDifferencesSchema,
  type ResourceIgnoreDifferences,
} from './ignore-differences.js';
export {
  OperationSchema,
  SyncOperationSchema,
  SyncOperationResourceSchema,
  OperationInitiatorSchema,
  InfoSchema,
  type Operation,
  type SyncOperation,
  type SyncOperationResource,
  type OperationInitiator,
  type Info,
} from './operation.js';
export {
  SYNC_STATUS_CODES,
  OPERATION_PHASES,
  RESOURCE_RESULT_CODES,
  SOURCE_TYPES,
  ApplicationStatusSchema,
  SyncStatusSchema,
  ComparedToSchema,
  HealthStatusSchema,
  ResourceStatusSchema,
  ApplicationConditionSchema,
  OperationStateSchema,
  SyncOperationResultSchema,
  ResourceResultSchema,
  RevisionHistorySchema,
  ResourcesSummarySchema,
  type ResourcesSummary,
  type ApplicationStatus,
  type SyncStatus,
  type SyncStatusCode,
  type ComparedTo,
  type ApplicationHealthStatus,
  type ResourceStatus,
  type ApplicationCondition,
  type OperationState,
  type OperationPhase,
  type SyncOperationResult,
  type ResourceResult,
  type ResourceResultCode,
  type RevisionHistory,
  type SourceType,
} from './status.js';
export {
  parseApplication,
  parseAppProject,
  isApplication,
  isAppProject,
  InvalidResourceError,
} from './validate.js';
export {
  applicationCrd,
  appProjectCrd,
  keelsonCrds,
  crdManifestFiles,
  type ManifestFile,
} from './crds.js';
export type { CustomResourceDefinition, PrinterColumn } from './crd.js';
export type { JsonSchemaProps } from './structural.js';
export {
  installCrds,
  CrdInstallError,
  FIELD_MANAGER,
  type CrdAction,
  type CrdInstallResult,
  type InstallCrdsOptions,
  type CrdInstallConnection,
} from './install-crds.js';
export { kubeErrorMessage, statusCodeOf } from './kube-errors.js';
export { normalizeRepoURL } from './repo-url.js';
export { asEngineSource } from './source-compat.js';
