import { Type, type Static } from '@sinclair/typebox';

/** How long to wait between retries of a failed sync (Argo CD's `Backoff`). */
export const BackoffSchema = Type.Object({
  duration: Type.Optional(
    Type.String({
      description: 'First wait: seconds ("5") or a Go-style duration ("5s", "2m"). Default 5s.',
    }),
  ),
  factor: Type.Optional(
    Type.Integer({
      minimum: 1,
      description: 'Each wait is the previous one times this. Default 2.',
    }),
  ),
  maxDuration: Type.Optional(
    Type.String({ description: 'Longest wait, same syntax as duration. Default 3m.' }),
  ),
});
export type Backoff = Static<typeof BackoffSchema>;

/** Retrying a failed sync (Argo CD's `RetryStrategy`). */
export const RetryStrategySchema = Type.Object(
  {
    limit: Type.Optional(
      Type.Integer({
        description: 'Retries after the first failure; 0 means none, a negative number no limit.',
      }),
    ),
    backoff: Type.Optional(BackoffSchema),
  },
  { description: 'How often and how fast a failed sync is retried.' },
);
export type RetryStrategy = Static<typeof RetryStrategySchema>;

/** Syncing without anyone asking (Argo CD's `SyncPolicyAutomated`). */
export const SyncPolicyAutomatedSchema = Type.Object(
  {
    prune: Type.Optional(
      Type.Boolean({ description: 'Delete resources that are no longer in Git. Default false.' }),
    ),
    selfHeal: Type.Optional(
      Type.Boolean({
        description: 'Sync again when the live state drifts from Git. Default false.',
      }),
    ),
    allowEmpty: Type.Optional(
      Type.Boolean({
        description:
          'Allow an automated sync that would leave the application with no resources. Default false.',
      }),
    ),
  },
  { description: 'Sync automatically whenever Git changes.' },
);
export type SyncPolicyAutomated = Static<typeof SyncPolicyAutomatedSchema>;

/** When and how syncs happen (Argo CD's `SyncPolicy`). */
export const SyncPolicySchema = Type.Object(
  {
    automated: Type.Optional(SyncPolicyAutomatedSchema),
    syncOptions: Type.Optional(
      Type.Array(Type.String(), {
        description: 'Options for every sync, e.g. CreateNamespace=true, PruneLast=true.',
      }),
    ),
    retry: Type.Optional(RetryStrategySchema),
  },
  { description: 'When and how the application is synced.' },
);
export type SyncPolicy = Static<typeof SyncPolicySchema>;
