import { Type, type Static } from '@sinclair/typebox';
import { validations } from './schema.js';

/**
 * Fields of matching resources that never make an Application OutOfSync
 * (Argo CD's `ResourceIgnoreDifferences`). Keelson takes JSON Pointers,
 * JSONPath expressions (`jsonPaths`, in place of Argo CD's jq expressions) and
 * trusted field managers.
 */
export const ResourceIgnoreDifferencesSchema = Type.Object(
  {
    group: Type.Optional(Type.String({ description: 'API group; empty for the core group.' })),
    kind: Type.String({ description: 'Resource kind, e.g. Deployment.' }),
    name: Type.Optional(Type.String({ description: 'Only the resource with this name.' })),
    namespace: Type.Optional(Type.String({ description: 'Only resources in this namespace.' })),
    jsonPointers: Type.Optional(
      Type.Array(Type.String(), {
        description: 'RFC 6901 JSON Pointers to ignore, e.g. /spec/replicas.',
      }),
    ),
    jsonPaths: Type.Optional(
      Type.Array(Type.String(), {
        description:
          'JSONPath expressions to ignore, e.g. $.spec.template.spec.containers[*].image (Keelson only; replaces jqPathExpressions).',
      }),
    ),
    jqPathExpressions: Type.Optional(
      Type.Array(Type.String(), {
        description: 'Not supported by Keelson (no jq); use jsonPaths or jsonPointers.',
      }),
    ),
    managedFieldsManagers: Type.Optional(
      Type.Array(Type.String(), {
        description:
          'Field managers (e.g. kube-controller-manager) whose changes to the live object are ignored.',
      }),
    ),
  },
  {
    description: 'Differences to ignore on matching resources.',
    ...validations({
      rule: '!has(self.jqPathExpressions) || size(self.jqPathExpressions) == 0',
      message: 'jqPathExpressions are not supported by Keelson: use jsonPaths or jsonPointers',
    }),
  },
);
export type ResourceIgnoreDifferences = Static<typeof ResourceIgnoreDifferencesSchema>;
