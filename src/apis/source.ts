import { Type, type Static } from '@sinclair/typebox';
import { FreeFormObject, IntOrString, StringMap, validations } from './schema.js';

/** Options for a plain directory of YAML/JSON manifests (Argo CD's `directory`). */
export const ApplicationSourceDirectorySchema = Type.Object(
  {
    recurse: Type.Optional(
      Type.Boolean({ description: 'Also read manifests in subdirectories of path.' }),
    ),
    include: Type.Optional(
      Type.String({
        description:
          'Glob of file paths (relative to path) to read; braces list several, e.g. "{a.yaml,b/*.yaml}".',
      }),
    ),
    exclude: Type.Optional(
      Type.String({
        description: 'Glob of file paths (relative to path) to skip; wins over include.',
      }),
    ),
    // Accepted only empty: Argo CD writes `jsonnet: {}` on every directory
    // source, so refusing the key would break moving Applications over.
    jsonnet: Type.Optional(
      Type.Object(
        {
          extVars: Type.Optional(Type.Array(FreeFormObject())),
          tlas: Type.Optional(Type.Array(FreeFormObject())),
          libs: Type.Optional(Type.Array(Type.String())),
        },
        {
          description:
            'Not supported by Keelson; accepted only when empty, for Argo CD compatibility.',
          ...validations({
            rule: '(!has(self.extVars) || size(self.extVars) == 0) && (!has(self.tlas) || size(self.tlas) == 0) && (!has(self.libs) || size(self.libs) == 0)',
            message:
              'Jsonnet is not supported by Keelson: render Jsonnet to YAML in Git, or use Kustomize or Helm',
          }),
        },
      ),
    ),
  },
  { description: 'Options for a directory of plain manifests.' },
);
export type ApplicationSourceDirectory = Static<typeof ApplicationSourceDirectorySchema>;

/** A replica count override (kustomize `replicas`). */
export const KustomizeReplicaSchema = Type.Object({
  name: Type.String({ description: 'Name of the Deployment or StatefulSet.' }),
  count: IntOrString({ description: 'Number of replicas (an integer, or a string holding one).' }),
});
export type KustomizeReplica = Static<typeof KustomizeReplicaSchema>;

/** Options applied on top of a kustomization (Argo CD's `kustomize`). */
export const ApplicationSourceKustomizeSchema = Type.Object(
  {
    namePrefix: Type.Optional(Type.String({ description: 'Prefix added to every resource name.' })),
    nameSuffix: Type.Optional(Type.String({ description: 'Suffix added to every resource name.' })),
    images: Type.Optional(
      Type.Array(Type.String(), {
        description:
          'Image overrides in kustomize edit set image syntax: [old=]name[:tag][@digest].',
      }),
    ),
    commonLabels: Type.Optional(StringMap({ description: 'Labels added to every resource.' })),
    commonAnnotations: Type.Optional(
      StringMap({ description: 'Annotations added to every resource.' }),
    ),
    namespace: Type.Optional(
      Type.String({ description: 'Namespace set on every namespaced resource.' }),
    ),
    replicas: Type.Optional(
      Type.Array(KustomizeReplicaSchema, { description: 'Replica count overrides.' }),
    ),
  },
  { description: 'Options for a Kustomize source.' },
);
export type ApplicationSourceKustomize = Static<typeof ApplicationSourceKustomizeSchema>;

/** One `--set` value for Helm. */
export const HelmParameterSchema = Type.Object({
  name: Type.String({ description: 'Dotted value path, e.g. image.tag.' }),
  value: Type.Optional(Type.String()),
  forceString: Type.Optional(
    Type.Boolean({ description: 'Pass as --set-string: keep "true" or "1" a string.' }),
  ),
});
export type HelmParameter = Static<typeof HelmParameterSchema>;

/** Options for rendering a Helm chart (Argo CD's `helm`). */
export const ApplicationSourceHelmSchema = Type.Object(
  {
    valueFiles: Type.Optional(
      Type.Array(Type.String(), {
        description: 'Values files, relative to the chart directory, applied in order.',
      }),
    ),
    values: Type.Optional(
      Type.String({ description: 'Values as a YAML string; valuesObject wins when both are set.' }),
    ),
    valuesObject: Type.Optional(
      FreeFormObject({ description: 'Values as an object; applied after valueFiles and values.' }),
    ),
    parameters: Type.Optional(
      Type.Array(HelmParameterSchema, { description: 'Individual values, applied last.' }),
    ),
    releaseName: Type.Optional(
      Type.String({ description: 'Helm release name; defaults to the Application name.' }),
    ),
    skipCrds: Type.Optional(
      Type.Boolean({ description: "Leave out the chart's crds/ directory (helm --skip-crds)." }),
    ),
    version: Type.Optional(
      Type.String({ description: 'Helm major version; Keelson always renders with Helm 3.' }),
    ),
  },
  { description: 'Options for a Helm chart source.' },
);
export type ApplicationSourceHelm = Static<typeof ApplicationSourceHelmSchema>;

/** Where an Application's manifests come from (Argo CD's `spec.source`). */
export const ApplicationSourceSchema = Type.Object(
  {
    repoURL: Type.String({
      minLength: 1,
      description: 'URL of the Git repository (or Helm chart repository when chart is set).',
    }),
    targetRevision: Type.Optional(
      Type.String({
        description:
          'Git branch, tag or commit to follow (default HEAD); for a Helm repository, the chart version or a semver range.',
      }),
    ),
    path: Type.Optional(
      Type.String({ description: 'Directory inside the Git repository (default: its root).' }),
    ),
    chart: Type.Optional(
      Type.String({ description: 'Chart name, when repoURL is a Helm chart repository.' }),
    ),
    directory: Type.Optional(ApplicationSourceDirectorySchema),
    kustomize: Type.Optional(ApplicationSourceKustomizeSchema),
    helm: Type.Optional(ApplicationSourceHelmSchema),
  },
  { description: 'Where the manifests come from and how they are rendered.' },
);
export type ApplicationSource = Static<typeof ApplicationSourceSchema>;
