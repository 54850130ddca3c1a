import { KeelsonError } from '../core/index.js';

/**
 * Turns a TypeBox (JSON Schema) schema into a Kubernetes *structural*
 * OpenAPI v3 schema, the only kind a `apiextensions.k8s.io/v1` CRD accepts:
 * every node has a `type` (or is int-or-string / free-form), no `$id` or
 * `$schema`, no `additionalProperties: false`, no `const`, and unions only as
 * `enum`. Written by hand because no library maps TypeBox onto these rules;
 * it is a whitelist, so a schema construct it does not know fails loudly
 * instead of being dropped and weakening validation.
 */

/** A JSON value as it appears in an OpenAPI schema. */
export type JsonSchemaProps = { [keyword: string]: unknown };

/** A schema uses a construct a structural CRD schema cannot express. */
export class UnsupportedSchemaError extends KeelsonError {
  constructor(
    readonly path: string,
    reason: string,
  ) {
    super(`schema ${path}: ${reason}`);
  }
}

// Keywords Kubernetes accepts as they are (JSONSchemaProps), minus the ones it forbids.
const KEPT = new Set([
  'type',
  'description',
  'default',
  'format',
  'enum',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minLength',
  'maxLength',
  'pattern',
  'minItems',
  'maxItems',
  'minProperties',
  'maxProperties',
  'nullable',
]);
// The types a CRD schema may use (null is expressed with `nullable`).
const TYPES = new Set(['object', 'array', 'string', 'integer', 'number', 'boolean']);
// Annotations with no meaning to the API server.
const DROPPED = new Set(['$id', '$schema', 'title', 'examples']);
// Handled below, one by one.
const STRUCTURE = new Set([
  'anyOf',
  'const',
  'properties',
  'required',
  'patternProperties',
  'additionalProperties',
  'items',
]);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Converts `schema` (found at `path`, for messages) to a structural schema with sorted keys. */
export function toStructuralSchema(schema: unknown, path = '<root>'): JsonSchemaProps {
  return sortKeys(convert(schema, path)) as JsonSchemaProps;
}

function convert(schema: unknown, path: string): JsonSchemaProps {
  if (!isRecord(schema)) throw new UnsupportedSchemaError(path, 'expected a schema object');
  const out: JsonSchemaProps = {};
  for (const [keyword, value] of Object.entries(schema)) {
    if (KEPT.has(keyword) || keyword.startsWith('x-kubernetes-')) out[keyword] = value;
    else if (!DROPPED.has(keyword) && !STRUCTURE.has(keyword))
      throw new UnsupportedSchemaError(path, `keyword ${keyword} has no structural equivalent`);
  }
  if (schema.anyOf !== undefined) Object.assign(out, convertUnion(schema.anyOf, path));
  if (schema.const !== undefined) out.enum = [schema.const];
  if (schema.properties !== undefined) {
    if (!isRecord(schema.properties)) throw new UnsupportedSchemaError(path, 'bad properties');
    const properties: Record<string, JsonSchemaProps> = {};
    for (const [name, property] of Object.entries(schema.properties))
      properties[name] = convert(property, `${path}.${name}`);
    out.properties = properties;
    if (Array.isArray(schema.required) && schema.required.length > 0)
      out.required = [...(schema.required as string[])].sort();
  }
  const mapValues = mapValueSchema(schema, path);
  if (mapValues !== undefined) {
    if (out.properties !== undefined)
      throw new UnsupportedSchemaError(path, 'properties and a map of values cannot be combined');
    if (isRecord(mapValues) && Object.keys(mapValues).length === 0)
      out['x-kubernetes-preserve-unknown-fields'] = true;
    else out.additionalProperties = convert(mapValues, `${path}[*]`);
  }
  if (schema.items !== undefined) {
    if (!isRecord(schema.items))
      throw new UnsupportedSchemaError(path, 'tuples (items as a list) are not supported');
    out.items = convert(schema.items, `${path}[]`);
  }
  if (out.type !== undefined && !TYPES.has(out.type as string))
    throw new UnsupportedSchemaError(path, `type ${String(out.type)} is not a Kubernetes type`);
  if (out.type === 'array' && out.items === undefined)
    throw new UnsupportedSchemaError(path, 'an array needs items');
  if (Object.keys(schema).length === 0) out['x-kubernetes-preserve-unknown-fields'] = true;
  if (
    out.type === undefined &&
    out['x-kubernetes-int-or-string'] !== true &&
    out['x-kubernetes-preserve-unknown-fields'] !== true
  )
    throw new UnsupportedSchemaError(path, 'every node needs a type');
  return out;
}

// A map's value schema, from TypeBox's Record (patternProperties) or additionalProperties.
function mapValueSchema(schema: Record<string, unknown>, path: string): unknown {
  if (schema.patternProperties !== undefined) {
    const patterns = isRecord(schema.patternProperties)
      ? Object.values(schema.patternProperties)
      : [];
    if (patterns.length !== 1)
      throw new UnsupportedSchemaError(path, 'only one pattern (any key) is supported');
    return patterns[0];
  }
  const additional = schema.additionalProperties;
  if (additional === undefined || additional === false) return undefined; // k8s prunes unknown fields anyway
  return additional === true ? {} : additional;
}

function convertUnion(members: unknown, path: string): JsonSchemaProps {
  if (!Array.isArray(members) || !members.every(isRecord))
    throw new UnsupportedSchemaError(path, 'bad anyOf');
  if (members.length > 0 && members.every((m) => m.const !== undefined)) {
    const types = new Set(members.map((m) => m.type));
    if (types.size !== 1)
      throw new UnsupportedSchemaError(path, 'an enum must have values of one type');
    return { type: members[0]?.type, enum: members.map((m) => m.const) };
  }
  const types = members.map((m) => m.type).sort();
  if (
    members.length === 2 &&
    types[0] === 'integer' &&
    types[1] === 'string' &&
    members.every((m) => Object.keys(m).length === 1)
  )
    return { 'x-kubernetes-int-or-string': true };
  throw new UnsupportedSchemaError(
    path,
    'a union must be string literals (enum) or integer|string (int-or-string)',
  );
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (!isRecord(value)) return value;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) sorted[key] = sortKeys(value[key]);
  return sorted;
}

/** Removes CEL rules (`x-kubernetes-validations`) from a converted schema, recursively. */
export function withoutValidations(schema: JsonSchemaProps): JsonSchemaProps {
  const out: JsonSchemaProps = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'x-kubernetes-validations') continue;
    if (key === 'properties' && isRecord(value)) {
      const properties: Record<string, JsonSchemaProps> = {};
      for (const [name, property] of Object.entries(value))
        properties[name] = withoutValidations(property as JsonSchemaProps);
      out[key] = properties;
    } else if ((key === 'items' || key === 'additionalProperties') && isRecord(value)) {
      out[key] = withoutValidations(value);
    } else out[key] = value;
  }
  return out;
}
