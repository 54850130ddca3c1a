import { Type, type Static } from '@sinclair/typebox';
import { ApplicationSourceSchema } from './source.js';
import { RetryStrategySchema } from './sync-policy.js';

/** One resource a partial sync is limited to (Argo CD's `SyncOperationResource`). */
export const SyncOperationResourceSchema = Type.Object({
  group: Type.Optional(Type.String({ description: 'API group; empty for the core group.' })),
  kind: Type.String(),
  namespace: Type.Optional(Type.String()),
  name: Type.String(),
});
export type SyncOperationResource = Static<typeof SyncOperationResourceSchema>;

/** What a requested sync should do (Argo CD's `SyncOperation`). */
export const SyncOperationSchema = Type.Object(
  {
    revision: Type.Optional(
      Type.String({
        description: 'Revision to sync to instead of spec.source.targetRevision.',
      }),
    ),
    prune: Type.Optional(
      Type.Boolean({ description: 'Delete resources that are no longer in Git.' }),
    ),
    dryRun: Type.Optional(
      Type.Boolean({
        description: 'Validate against the API server (dry run) without changing anything.',
      }),
    ),
    resources: Type.Optional(
      Type.Array(SyncOperationResourceSchema, {
        description: 'Sync only these resources (default: all).',
      }),
    ),
    syncOptions: Type.Optional(
      Type.Array(Type.String(), {
        description: 'Sync options for this sync only, e.g. Replace=true.',
      }),
    ),
    source: Type.Optional(ApplicationSourceSchema),
  },
  { description: 'A sync: which revision and resources, and how.' },
);
export type SyncOperation = Static<typeof SyncOperationSchema>;

/** Who asked for an operation (Argo CD's `OperationInitiator`). */
export const OperationInitiatorSchema = Type.Object(
  {
    username: Type.Optional(Type.String({ description: 'The user who asked for it.' })),
    automated: Type.Optional(
      Type.Boolean({ description: 'True when the controller started it (automated sync).' }),
    ),
  },
  { description: 'Who started the operation.' },
);
export type OperationInitiator = Static<typeof OperationInitiatorSchema>;

/** A name/value pair shown with an operation or application. */
export const InfoSchema = Type.Object({ name: Type.String(), value: Type.String() });
export type Info = Static<typeof InfoSchema>;

/**
 * A requested operation (Argo CD's top-level `operation` field). The CLI, the
 * API and the UI request a sync by setting it; the controller performs it,
 * reports progress in `status.operationState` and clears the field.
 */
export const OperationSchema = Type.Object(
  {
    sync: Type.Optional(SyncOperationSchema),
    initiatedBy: Type.Optional(OperationInitiatorSchema),
    info: Type.Optional(Type.Array(InfoSchema)),
    retry: Type.Optional(RetryStrategySchema),
  },
  { description: 'A requested sync; the controller performs it and then removes this field.' },
);
export type Operation = Static<typeof OperationSchema>;
