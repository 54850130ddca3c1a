import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { appProjectCrd, applicationCrd, crdManifestFiles, keelsonCrds } from './crds.js';
import type { JsonSchemaProps } from './structural.js';

// Keywords a structural schema may not use (apiextensions.k8s.io/v1 rules).
const FORBIDDEN = [
  '$id',
  '$schema',
  '$ref',
  'const',
  'anyOf',
  'oneOf',
  'allOf',
  'not',
  'patternProperties',
  'uniqueItems',
  'definitions',
];

/** Every way `schema` breaks the structural-schema rules, as `path: problem`. */
function structuralProblems(schema: JsonSchemaProps, path = '', inStatus = false): string[] {
  const problems: string[] = [];
  for (const keyword of FORBIDDEN) if (keyword in schema) problems.push(`${path}: uses ${keyword}`);
  const preserve = schema['x-kubernetes-preserve-unknown-fields'] === true;
  const intOrString = schema['x-kubernetes-int-or-string'] === true;
  if (!schema.type && !preserve && !intOrString) problems.push(`${path}: has no type`);
  if (schema.additionalProperties === false) problems.push(`${path}: additionalProperties false`);
  if (schema.additionalProperties !== undefined && schema.properties !== undefined)
    problems.push(`${path}: both properties and additionalProperties`);
  if (schema.type === 'array' && !schema.items) problems.push(`${path}: array without items`);
  if (inStatus && schema['x-kubernetes-validations']) problems.push(`${path}: CEL rule in status`);
  const properties = (schema.properties ?? {}) as Record<string, JsonSchemaProps>;
  for (const name of (schema.required as string[] | undefined) ?? [])
    if (!(name in properties)) problems.push(`${path}: requires unknown property ${name}`);
  for (const [name, child] of Object.entries(properties))
    problems.push(
      ...structuralProblems(child, `${path}.${name}`, inStatus || path + name === '.status'),
    );
  if (schema.items)
    problems.push(...structuralProblems(schema.items as JsonSchemaProps, `${path}[]`, inStatus));
  if (typeof schema.additionalProperties === 'object')
    problems.push(
      ...structuralProblems(schema.additionalProperties as JsonSchemaProps, `${path}[*]`, inStatus),
    );
  return problems;
}

function rootSchema(crd = applicationCrd()): JsonSchemaProps {
  const version = crd.spec.versions[0];
  if (!version) throw new Error('no version');
  return version.schema.openAPIV3Schema;
}

/** The schema node at a dotted path of property names (`spec.source.helm`). */
function at(schema: JsonSchemaProps, dotted: string): JsonSchemaProps {
  let node = schema;
  for (const name of dotted.split('.')) {
    const next =
      (node.properties as Record<string, JsonSchemaProps> | undefined)?.[name] ??
      (
        (node.items as JsonSchemaProps | undefined)?.properties as
          Record<string, JsonSchemaProps> | undefined
      )?.[name];
    if (!next) throw new Error(`no schema at ${dotted} (stopped at ${name})`);
    node = next;
  }
  return node;
}

describe('generated CRDs', () => {
  it('match the committed manifests/crds files (run `npm run gen:crds` after changing src/apis)', async () => {
    for (const file of crdManifestFiles()) {
      const path = `manifests/crds/${file.fileName}`;
      const committed = await readFile(new URL(`../../${path}`, import.meta.url), 'utf8').catch(
        () => `${path} is missing`,
      );
      expect(committed, `${path} is stale: run npm run gen:crds`).toBe(file.content);
    }
  });

  it('are structural, so the API server accepts, prunes and defaults them', () => {
    for (const crd of keelsonCrds())
      expect(structuralProblems(rootSchema(crd)), crd.metadata.name).toEqual([]);
  });

  it('leave apiVersion, kind and metadata to the API server', () => {
    const root = rootSchema();
    expect(at(root, 'metadata')).toEqual({ type: 'object' });
    expect(at(root, 'apiVersion').type).toBe('string');
    expect(root.required).toEqual(['metadata', 'spec']);
  });

  it('name and list Applications as Argo CD does, with status behind its own subresource', () => {
    const crd = applicationCrd();
    expect(crd.metadata.name).toBe('applications.keelson.dev');
    expect(crd.spec.names).toMatchObject({
      kind: 'Application',
      shortNames: ['app', 'apps'],
      categories: ['keelson'],
    });
    const version = crd.spec.versions[0];
    expect(version?.subresources).toEqual({ status: {} });
    expect(version?.additionalPrinterColumns?.map((c) => [c.name, c.jsonPath])).toEqual([
      ['Sync Status', '.status.sync.status'],
      ['Health Status', '.status.health.status'],
      ['Revision', '.status.sync.revision'],
      ['Project', '.spec.project'],
      ['Age', '.metadata.creationTimestamp'],
    ]);
    expect(appProjectCrd().spec.names.shortNames).toEqual(['appproj', 'appprojs']);
  });

  it('default the project and the history limit, and keep Helm values objects as written', () => {
    const root = rootSchema();
    expect(at(root, 'spec.project').default).toBe('default');
    expect(at(root, 'spec.revisionHistoryLimit')).toMatchObject({ default: 10, type: 'integer' });
    expect(at(root, 'spec.source.helm.valuesObject')).toMatchObject({
      type: 'object',
      'x-kubernetes-preserve-unknown-fields': true,
    });
    expect(at(root, 'spec.source.kustomize.replicas.count')).toMatchObject({
      'x-kubernetes-int-or-string': true,
    });
    expect(at(root, 'spec.syncPolicy.automated.prune').type).toBe('boolean');
    expect(at(root, 'status.sync.status')).toMatchObject({
      type: 'string',
      enum: ['Synced', 'OutOfSync', 'Unknown'],
    });
    expect(at(root, 'status.health.status').enum).toEqual([
      'Healthy',
      'Suspended',
      'Progressing',
      'Missing',
      'Degraded',
      'Unknown',
    ]);
  });

  it('write YAML that reads back as the same CRD', () => {
    for (const [i, file] of crdManifestFiles().entries())
      expect(parse(file.content)).toEqual(keelsonCrds()[i]);
  });
});
