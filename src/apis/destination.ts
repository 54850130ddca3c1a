import { Type, type Static } from '@sinclair/typebox';

/**
 * A cluster and namespace (Argo CD's `ApplicationDestination`). An
 * Application names its cluster by `server` or by `name`, not both; an
 * AppProject's allowed destinations may use either, with globs.
 */
export const ApplicationDestinationSchema = Type.Object(
  {
    server: Type.Optional(
      Type.String({
        description:
          'API server URL of the target cluster, e.g. https://kubernetes.default.svc for the cluster Keelson runs in.',
      }),
    ),
    name: Type.Optional(
      Type.String({
        description: 'Name of a registered cluster, e.g. in-cluster; an alternative to server.',
      }),
    ),
    namespace: Type.Optional(
      Type.String({
        description: 'Namespace for namespaced resources that do not set metadata.namespace.',
      }),
    ),
  },
  { description: 'Target cluster (by server URL or by name) and namespace.' },
);
export type ApplicationDestination = Static<typeof ApplicationDestinationSchema>;
