import {
  FormatRegistry,
  Type,
  type SchemaOptions,
  type StringOptions,
  type TInteger,
  type TLiteral,
  type TRecord,
  type TString,
  type TUnion,
  type TUnknown,
} from '@sinclair/typebox';

/**
 * Building blocks for the resource schemas. Each one is plain TypeBox, so
 * `Static<>` gives the TypeScript type and `Value.Check` validates in-process,
 * and each maps onto one construct Kubernetes understands in a structural
 * CRD schema (see `structural.ts`).
 */

// RFC 3339, the format of every Kubernetes timestamp (metav1.Time).
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

// TypeBox rejects strings with an unregistered format; register the one we use.
if (!FormatRegistry.Has('date-time')) {
  FormatRegistry.Set(
    'date-time',
    (value) => RFC3339.test(value) && !Number.isNaN(Date.parse(value)),
  );
}

/** One of a fixed set of strings; becomes `type: string` + `enum` in the CRD. */
export function StringEnum<T extends string>(
  values: readonly T[],
  options?: SchemaOptions,
): TUnion<TLiteral<T>[]> {
  return Type.Union(
    values.map((value) => Type.Literal(value)),
    options,
  );
}

/** A point in time as Kubernetes writes it (RFC 3339, e.g. `2025-01-31T12:00:00Z`). */
export function Timestamp(options?: StringOptions): TString {
  return Type.String({ ...options, format: 'date-time' });
}

/** An integer or a string (`x-kubernetes-int-or-string`), like Kubernetes' IntOrString. */
export function IntOrString(options?: SchemaOptions): TUnion<[TInteger, TString]> {
  return Type.Union([Type.Integer(), Type.String()], options);
}

/** A map of strings to strings (labels, annotations). */
export function StringMap(options?: SchemaOptions): TRecord<TString, TString> {
  return Type.Record(Type.String(), Type.String(), options);
}

/**
 * Any JSON object, kept as written (`x-kubernetes-preserve-unknown-fields`),
 * for values Keelson passes through without interpreting (Helm values).
 */
export function FreeFormObject(options?: SchemaOptions): TRecord<TString, TUnknown> {
  return Type.Record(Type.String(), Type.Unknown(), options);
}

/** A CEL rule the API server checks (`x-kubernetes-validations`). */
export interface ValidationRule {
  readonly rule: string;
  readonly message: string;
}

/** Schema options that attach CEL rules to an object. */
export function validations(...rules: readonly ValidationRule[]): SchemaOptions {
  return { 'x-kubernetes-validations': rules };
}
