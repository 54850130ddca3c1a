import { Type, type Static } from '@sinclair/typebox';
import { ApplicationDestinationSchema } from './destination.js';
import { API_VERSION } from './group.js';
import { ObjectMetaSchema } from './object-meta.js';

/** A resource type by API group and kind; both may be globs (`*`). */
export const GroupKindSchema = Type.Object({
  group: Type.String({ description: 'API group; empty for the core group; * for any.' }),
  kind: Type.String({ description: 'Kind, e.g. Deployment; * for any.' }),
});
export type GroupKind = Static<typeof GroupKindSchema>;

const groupKinds = (description: string) =>
  Type.Optional(Type.Array(GroupKindSchema, { description }));

/** Rules for the applications of a project (Argo CD's `AppProjectSpec`, policy part). */
export const AppProjectSpecSchema = Type.Object(
  {
    description: Type.Optional(Type.String()),
    sourceRepos: Type.Optional(
      Type.Array(Type.String(), {
        description:
          'Repository URLs applications may use; globs (* within a path segment, ** across), ! to deny.',
      }),
    ),
    destinations: Type.Optional(
      Type.Array(ApplicationDestinationSchema, {
        description:
          'Clusters (server or name) and namespaces applications may deploy to; globs, ! to deny.',
      }),
    ),
    clusterResourceWhitelist: groupKinds(
      'Cluster-scoped kinds that may be deployed. Empty or unset: none.',
    ),
    clusterResourceBlacklist: groupKinds('Cluster-scoped kinds that may not be deployed.'),
    namespaceResourceWhitelist: groupKinds(
      'Namespaced kinds that may be deployed. Unset: all; empty list: none.',
    ),
    namespaceResourceBlacklist: groupKinds('Namespaced kinds that may not be deployed.'),
  },
  { description: 'Where applications of this project may come from and deploy to, and what.' },
);
export type AppProjectSpec = Static<typeof AppProjectSpecSchema>;

/** An AppProject: a policy that groups applications (Argo CD's `AppProject`). */
export const AppProjectSchema = Type.Object(
  {
    apiVersion: Type.Literal(API_VERSION),
    kind: Type.Literal('AppProject'),
    metadata: ObjectMetaSchema,
    spec: AppProjectSpecSchema,
  },
  {
    description:
      'A group of applications and the rules they follow: allowed repositories, destinations and kinds.',
  },
);
export type AppProject = Static<typeof AppProjectSchema>;
