import { Type, type Static } from '@sinclair/typebox';
import { ApplicationDestinationSchema } from './destination.js';
import { API_VERSION, DEFAULT_PROJECT_NAME, DEFAULT_REVISION_HISTORY_LIMIT } from './group.js';
import { ResourceIgnoreDifferencesSchema } from './ignore-differences.js';
import { ObjectMetaSchema } from './object-meta.js';
import { InfoSchema, OperationSchema } from './operation.js';
import { validations } from './schema.js';
import { ApplicationSourceSchema } from './source.js';
import { ApplicationStatusSchema } from './status.js';
import { SyncPolicySchema } from './sync-policy.js';

/** Desired state of an Application (Argo CD's `ApplicationSpec`). */
export const ApplicationSpecSchema = Type.Object(
  {
    project: Type.Optional(
      Type.String({
        default: DEFAULT_PROJECT_NAME,
        description: 'AppProject whose rules this application must follow. Default: default.',
      }),
    ),
    source: ApplicationSourceSchema,
    destination: ApplicationDestinationSchema,
    syncPolicy: Type.Optional(SyncPolicySchema),
    ignoreDifferences: Type.Optional(
      Type.Array(ResourceIgnoreDifferencesSchema, {
        description: 'Differences that never make the application OutOfSync.',
      }),
    ),
    revisionHistoryLimit: Type.Optional(
      Type.Integer({
        default: DEFAULT_REVISION_HISTORY_LIMIT,
        minimum: 0,
        description: 'How many past syncs status.history keeps. Default 10.',
      }),
    ),
    info: Type.Optional(
      Type.Array(InfoSchema, {
        description: 'Free-form name/value pairs shown with the application.',
      }),
    ),
  },
  {
    description: 'Desired state: what to deploy, where, and how to keep it in sync.',
    ...validations({
      rule: "(has(self.destination.server) && self.destination.server != '') != (has(self.destination.name) && self.destination.name != '')",
      message: 'spec.destination must set exactly one of server and name',
    }),
  },
);
export type ApplicationSpec = Static<typeof ApplicationSpecSchema>;

/**
 * An Application: a Git source, rendered, kept equal to a destination
 * cluster and namespace. `status` is written only by the controller, through
 * the status subresource; `operation` requests a sync.
 */
export const ApplicationSchema = Type.Object(
  {
    apiVersion: Type.Literal(API_VERSION),
    kind: Type.Literal('Application'),
    metadata: ObjectMetaSchema,
    spec: ApplicationSpecSchema,
    status: Type.Optional(ApplicationStatusSchema),
    operation: Type.Optional(OperationSchema),
  },
  {
    description:
      'A Git source rendered to manifests and kept in sync with a destination cluster and namespace.',
  },
);
export type Application = Static<typeof ApplicationSchema>;

/** The project an application belongs to: `spec.project`, or `default` when empty (as Argo CD). */
export function projectOf(app: Pick<Application, 'spec'>): string {
  return app.spec.project || DEFAULT_PROJECT_NAME;
}

/** `spec.revisionHistoryLimit`, or 10 when unset. */
export function revisionHistoryLimitOf(app: Pick<Application, 'spec'>): number {
  return app.spec.revisionHistoryLimit ?? DEFAULT_REVISION_HISTORY_LIMIT;
}
