import { Type, type Static } from '@sinclair/typebox';
import { HEALTH_ORDER } from '../health/index.js';
import { ApplicationDestinationSchema } from './destination.js';
import { ResourceIgnoreDifferencesSchema } from './ignore-differences.js';
import { OperationInitiatorSchema, OperationSchema } from './operation.js';
import { StringEnum, Timestamp } from './schema.js';
import { ApplicationSourceSchema } from './source.js';

/** Whether the live state equals Git (Argo CD's `SyncStatusCode`). */
export const SYNC_STATUS_CODES = ['Synced', 'OutOfSync', 'Unknown'] as const;
export type SyncStatusCode = (typeof SYNC_STATUS_CODES)[number];
export const SyncStatusCodeSchema = StringEnum(SYNC_STATUS_CODES);

/** Phase of an operation (gitops-engine's `OperationPhase`). */
export const OPERATION_PHASES = ['Running', 'Succeeded', 'Failed', 'Error', 'Terminating'] as const;
export type OperationPhase = (typeof OPERATION_PHASES)[number];

/** Outcome for one resource of a sync (gitops-engine's `ResultCode`, plus `Skipped` for work a failed sync never reached). */
export const RESOURCE_RESULT_CODES = [
  'Synced',
  'SyncFailed',
  'Pruned',
  'PruneSkipped',
  'Skipped',
] as const;
export type ResourceResultCode = (typeof RESOURCE_RESULT_CODES)[number];

/** What was compared: the spec the sync status refers to (Argo CD's `ComparedTo`). */
export const ComparedToSchema = Type.Object({
  source: ApplicationSourceSchema,
  destination: ApplicationDestinationSchema,
  ignoreDifferences: Type.Optional(Type.Array(ResourceIgnoreDifferencesSchema)),
});
export type ComparedTo = Static<typeof ComparedToSchema>;

/** Sync status of an application (Argo CD's `SyncStatus`). */
export const SyncStatusSchema = Type.Object({
  status: SyncStatusCodeSchema,
  revision: Type.Optional(Type.String({ description: 'Resolved revision (commit) compared to.' })),
  comparedTo: Type.Optional(ComparedToSchema),
});
export type SyncStatus = Static<typeof SyncStatusSchema>;

/** Health of an application or resource (the words of `src/health` and Argo CD). */
export const HealthStatusSchema = Type.Object({
  status: StringEnum(HEALTH_ORDER),
  message: Type.Optional(Type.String()),
  lastTransitionTime: Type.Optional(Timestamp()),
});
export type ApplicationHealthStatus = Static<typeof HealthStatusSchema>;

/** Summary of one managed resource (Argo CD's `ResourceStatus`). */
export const ResourceStatusSchema = Type.Object({
  group: Type.Optional(Type.String()),
  version: Type.Optional(Type.String()),
  kind: Type.String(),
  namespace: Type.Optional(Type.String()),
  name: Type.String(),
  status: Type.Optional(SyncStatusCodeSchema),
  health: Type.Optional(HealthStatusSchema),
  hook: Type.Optional(Type.Boolean()),
  requiresPruning: Type.Optional(Type.Boolean()),
  syncWave: Type.Optional(Type.Integer()),
});
export type ResourceStatus = Static<typeof ResourceStatusSchema>;

/** An error or warning about an application (Argo CD's `ApplicationCondition`). */
export const ApplicationConditionSchema = Type.Object({
  type: Type.String({
    description:
      'Error types end in Error (InvalidSpecError, ComparisonError, SyncError), warnings in Warning.',
  }),
  message: Type.String(),
  lastTransitionTime: Type.Optional(Timestamp()),
});
export type ApplicationCondition = Static<typeof ApplicationConditionSchema>;

/** What happened to one resource during a sync (Argo CD's `ResourceResult`). */
export const ResourceResultSchema = Type.Object({
  group: Type.String(),
  version: Type.String(),
  kind: Type.String(),
  namespace: Type.String(),
  name: Type.String(),
  status: Type.Optional(StringEnum(RESOURCE_RESULT_CODES)),
  message: Type.Optional(Type.String()),
  hookType: Type.Optional(Type.String({ description: 'PreSync, Sync, PostSync or SyncFail.' })),
  hookPhase: Type.Optional(StringEnum(OPERATION_PHASES)),
  syncPhase: Type.Optional(Type.String({ description: 'PreSync, Sync, PostSync or SyncFail.' })),
});
export type ResourceResult = Static<typeof ResourceResultSchema>;

/** Result of a sync (Argo CD's `SyncOperationResult`). */
export const SyncOperationResultSchema = Type.Object({
  revision: Type.String(),
  source: Type.Optional(ApplicationSourceSchema),
  resources: Type.Optional(Type.Array(ResourceResultSchema)),
  resourcesTotal: Type.Optional(
    Type.Integer({
      description:
        'How many resources the sync handled, when `resources` lists only some of them (hooks and failures first): large applications keep their status small.',
    }),
  ),
});
export type SyncOperationResult = Static<typeof SyncOperationResultSchema>;

/** Progress of the current or last operation (Argo CD's `OperationState`). */
export const OperationStateSchema = Type.Object({
  operation: OperationSchema,
  phase: StringEnum(OPERATION_PHASES),
  message: Type.Optional(Type.String()),
  startedAt: Timestamp(),
  finishedAt: Type.Optional(Timestamp()),
  retryCount: Type.Optional(Type.Integer()),
  syncResult: Type.Optional(SyncOperationResultSchema),
});
export type OperationState = Static<typeof OperationStateSchema>;

/** One past sync, for `keelson app history` and rollback (Argo CD's `RevisionHistory`). */
export const RevisionHistorySchema = Type.Object({
  id: Type.Integer({ description: 'Increasing number; rollback takes it.' }),
  revision: Type.String(),
  source: ApplicationSourceSchema,
  deployedAt: Timestamp(),
  deployStartedAt: Type.Optional(Timestamp()),
  initiatedBy: Type.Optional(OperationInitiatorSchema),
});
export type RevisionHistory = Static<typeof RevisionHistorySchema>;

/**
 * Counts over every managed resource, whether or not `status.resources`
 * lists it: a large application lists only up to the controller's limit
 * (out-of-sync and unhealthy resources first), so its status stays far below
 * the API server's object size limit; the API's resource tree has them all.
 */
export const ResourcesSummarySchema = Type.Object({
  total: Type.Integer({ description: 'Managed resources, including those to prune.' }),
  listed: Type.Integer({ description: 'How many of them `status.resources` lists.' }),
  outOfSync: Type.Integer({ description: 'OutOfSync, missing or to be pruned.' }),
  healthy: Type.Integer(),
  progressing: Type.Integer(),
  degraded: Type.Integer(),
  suspended: Type.Integer(),
  missing: Type.Integer(),
  unknown: Type.Integer(),
});
export type ResourcesSummary = Static<typeof ResourcesSummarySchema>;

/** How the source was rendered. */
export const SOURCE_TYPES = ['Directory', 'Kustomize', 'Helm'] as const;
export type SourceType = (typeof SOURCE_TYPES)[number];

/** Everything the controller observed (Argo CD's `ApplicationStatus`); written only by the controller. */
export const ApplicationStatusSchema = Type.Object(
  {
    sync: Type.Optional(SyncStatusSchema),
    health: Type.Optional(HealthStatusSchema),
    resources: Type.Optional(Type.Array(ResourceStatusSchema)),
    resourcesSummary: Type.Optional(ResourcesSummarySchema),
    conditions: Type.Optional(Type.Array(ApplicationConditionSchema)),
    operationState: Type.Optional(OperationStateSchema),
    history: Type.Optional(
      Type.Array(RevisionHistorySchema, { description: 'Past syncs, oldest first.' }),
    ),
    reconciledAt: Type.Optional(
      Timestamp({ description: 'When the application was last compared with Git.' }),
    ),
    sourceType: Type.Optional(StringEnum(SOURCE_TYPES)),
  },
  { description: 'Observed state, written by the controller.' },
);
export type ApplicationStatus = Static<typeof ApplicationStatusSchema>;
