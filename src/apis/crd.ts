import type { TObject } from '@sinclair/typebox';
import { GROUP, VERSION } from './group.js';
import { toStructuralSchema, withoutValidations, type JsonSchemaProps } from './structural.js';

/** A column `kubectl get` shows (`additionalPrinterColumns`). */
export interface PrinterColumn {
  readonly name: string;
  readonly type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  readonly jsonPath: string;
  /** 0 (default) always shown; higher only with `-o wide`. */
  readonly priority?: number;
  readonly description?: string;
}

/** What a Keelson resource needs in its CRD besides its schema. */
export interface ResourceDefinition {
  readonly kind: string;
  readonly plural: string;
  readonly singular: string;
  readonly shortNames: readonly string[];
  readonly categories: readonly string[];
  /** The resource's TypeBox schema (apiVersion, kind, metadata, spec, ...). */
  readonly schema: TObject;
  /** Serve `status` as a subresource: only writable through `/status`. */
  readonly statusSubresource: boolean;
  readonly printerColumns: readonly PrinterColumn[];
}

/** An `apiextensions.k8s.io/v1` CustomResourceDefinition as plain data. */
export interface CustomResourceDefinition {
  readonly apiVersion: 'apiextensions.k8s.io/v1';
  readonly kind: 'CustomResourceDefinition';
  readonly metadata: {
    readonly name: string;
    readonly labels: Readonly<Record<string, string>>;
  };
  readonly spec: {
    readonly group: string;
    readonly names: {
      readonly kind: string;
      readonly listKind: string;
      readonly plural: string;
      readonly singular: string;
      readonly shortNames: readonly string[];
      readonly categories: readonly string[];
    };
    readonly scope: 'Namespaced';
    readonly versions: readonly {
      readonly name: string;
      readonly served: boolean;
      readonly storage: boolean;
      readonly schema: { readonly openAPIV3Schema: JsonSchemaProps };
      readonly subresources?: { readonly status: Record<string, never> };
      readonly additionalPrinterColumns?: readonly PrinterColumn[];
    }[];
  };
}

/** Builds the CRD for one resource from its TypeBox schema. */
export function customResourceDefinition(def: ResourceDefinition): CustomResourceDefinition {
  const name = `${def.plural}.${GROUP}`;
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name, labels: { 'app.kubernetes.io/part-of': 'keelson' } },
    spec: {
      group: GROUP,
      names: {
        kind: def.kind,
        listKind: `${def.kind}List`,
        plural: def.plural,
        singular: def.singular,
        shortNames: def.shortNames,
        categories: def.categories,
      },
      scope: 'Namespaced',
      versions: [
        {
          name: VERSION,
          served: true,
          storage: true,
          schema: { openAPIV3Schema: resourceSchema(def) },
          ...(def.statusSubresource ? { subresources: { status: {} } } : {}),
          ...(def.printerColumns.length ? { additionalPrinterColumns: def.printerColumns } : {}),
        },
      ],
    },
  };
}

function resourceSchema(def: ResourceDefinition): JsonSchemaProps {
  const converted = toStructuralSchema(def.schema, def.kind);
  const properties = { ...(converted.properties as Record<string, JsonSchemaProps>) };
  // The API server owns these three: apiVersion and kind are checked against
  // the CRD, and a CRD schema may not constrain metadata beyond name.
  properties.apiVersion = {
    description: `${GROUP}/${VERSION}`,
    type: 'string',
  };
  properties.kind = { description: def.kind, type: 'string' };
  properties.metadata = { type: 'object' };
  // Status is written only by the controller from an already validated spec;
  // CEL rules there would only cost the API server time.
  if (properties.status) properties.status = withoutValidations(properties.status);
  const required = ((converted.required as string[] | undefined) ?? []).filter(
    (field) => field !== 'apiVersion' && field !== 'kind',
  );
  return { ...converted, properties, required };
}
