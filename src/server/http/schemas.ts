/**
 * TypeBox schemas of request bodies and queries. Application and AppProject
 * bodies reuse the schemas the CRDs are generated from (src/apis), so the
 * API refuses exactly what Kubernetes would, naming the field.
 */
import { Type, type Static } from '@sinclair/typebox';
import { SyncOperationResourceSchema } from '../../apis/index.js';

const Name = Type.String({ minLength: 1, maxLength: 253 });

/** A query parameter that may be repeated (`?project=a&project=b`). */
export const StringList = Type.Union([Type.String(), Type.Array(Type.String())]);

/** `undefined`, one value or a repeated parameter → a list. */
export function asList(value: string | readonly string[] | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  return (Array.isArray(value) ? [...value] : [value]).filter((v: string) => v !== '');
}

export const NameParams = Type.Object({ name: Name });

export const LoginBody = Type.Object({
  username: Type.String({ minLength: 1, maxLength: 256 }),
  password: Type.String({ minLength: 1, maxLength: 1024 }),
});

export const PasswordBody = Type.Object({
  name: Type.Optional(Name),
  currentPassword: Type.String({ minLength: 1, maxLength: 1024 }),
  newPassword: Type.String({ minLength: 1, maxLength: 1024 }),
});

export const TokenBody = Type.Object({
  id: Type.Optional(Type.String({ minLength: 1, maxLength: 128, pattern: '^[A-Za-z0-9._-]+$' })),
  expiresInSeconds: Type.Optional(Type.Integer({ minimum: 1 })),
});

export const ApplicationListQuerySchema = Type.Object({
  project: Type.Optional(StringList),
  selector: Type.Optional(Type.String()),
  search: Type.Optional(Type.String()),
  sync: Type.Optional(StringList),
  health: Type.Optional(StringList),
  cluster: Type.Optional(Type.String()),
  namespace: Type.Optional(Type.String()),
  limit: Type.Optional(Type.Integer({ minimum: 1 })),
  continue: Type.Optional(Type.String()),
});
export type ApplicationListQueryInput = Static<typeof ApplicationListQuerySchema>;

export const UpsertQuery = Type.Object({ upsert: Type.Optional(Type.Boolean()) });

export const RefreshQuery = Type.Object({
  refresh: Type.Optional(Type.Union([Type.Literal('normal'), Type.Literal('hard')])),
});

export const DeleteAppQuery = Type.Object({
  cascade: Type.Optional(Type.Boolean()),
  propagationPolicy: Type.Optional(
    Type.Union([Type.Literal('foreground'), Type.Literal('background')]),
  ),
});

export const ApplicationPatchSchema = Type.Object({
  project: Type.Optional(Name),
  source: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  destination: Type.Optional(
    Type.Object({
      server: Type.Optional(Type.String()),
      name: Type.Optional(Type.String()),
      namespace: Type.Optional(Type.String()),
    }),
  ),
  automated: Type.Optional(Type.Boolean()),
  prune: Type.Optional(Type.Boolean()),
  selfHeal: Type.Optional(Type.Boolean()),
  syncOptions: Type.Optional(Type.Union([Type.Array(Type.String()), Type.Null()])),
  labels: Type.Optional(Type.Record(Type.String(), Type.Union([Type.String(), Type.Null()]))),
  revisionHistoryLimit: Type.Optional(Type.Integer({ minimum: 0 })),
});

export const SyncBody = Type.Object({
  revision: Type.Optional(Type.String()),
  prune: Type.Optional(Type.Boolean()),
  dryRun: Type.Optional(Type.Boolean()),
  resources: Type.Optional(Type.Array(SyncOperationResourceSchema)),
  syncOptions: Type.Optional(Type.Array(Type.String())),
});

export const RollbackBody = Type.Object({
  id: Type.Integer({ minimum: 0 }),
  prune: Type.Optional(Type.Boolean()),
  dryRun: Type.Optional(Type.Boolean()),
});

export const DiffQuery = Type.Object({ revision: Type.Optional(Type.String()) });

export const ResourceQuery = Type.Object({
  group: Type.Optional(Type.String()),
  kind: Type.String({ minLength: 1 }),
  namespace: Type.Optional(Type.String()),
  resourceName: Type.String({ minLength: 1 }),
});

export const EventsQuery = Type.Object({
  group: Type.Optional(Type.String()),
  kind: Type.Optional(Type.String()),
  namespace: Type.Optional(Type.String()),
  resourceName: Type.Optional(Type.String()),
});

export const ActionBody = Type.Object({ action: Type.Literal('restart') });

export const LogsQuery = Type.Object({
  namespace: Type.String({ minLength: 1 }),
  podName: Type.String({ minLength: 1 }),
  container: Type.Optional(Type.String()),
  tailLines: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
});

export const StreamQuery = Type.Object({ name: Type.Optional(Type.String()) });

export const DestinationBody = Type.Object({
  server: Type.Optional(Type.String()),
  name: Type.Optional(Type.String()),
  namespace: Type.String(),
});

export const SourceBody = Type.Object({ repoURL: Type.String({ minLength: 1 }) });
export const SourceQuery = SourceBody;

export const RepositoryBody = Type.Object({
  url: Type.String({ minLength: 1 }),
  type: Type.Optional(Type.Union([Type.Literal('git'), Type.Literal('helm')])),
  name: Type.Optional(Type.String()),
  project: Type.Optional(Type.String()),
  username: Type.Optional(Type.String()),
  password: Type.Optional(Type.String()),
  sshPrivateKey: Type.Optional(Type.String()),
  credentialTemplate: Type.Optional(Type.Boolean()),
  upsert: Type.Optional(Type.Boolean()),
});

export const ClusterBody = Type.Object({
  name: Type.String({ minLength: 1 }),
  server: Type.String({ minLength: 1 }),
  bearerToken: Type.Optional(Type.String()),
  tls: Type.Optional(
    Type.Object({
      insecure: Type.Optional(Type.Boolean()),
      serverName: Type.Optional(Type.String()),
      caData: Type.Optional(Type.String()),
      certData: Type.Optional(Type.String()),
      keyData: Type.Optional(Type.String()),
    }),
  ),
  namespaces: Type.Optional(Type.Array(Type.String())),
  labels: Type.Optional(Type.Record(Type.String(), Type.String())),
  upsert: Type.Optional(Type.Boolean()),
});

export const UrlParams = Type.Object({ url: Type.String({ minLength: 1 }) });
