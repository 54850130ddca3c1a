import type { TObject } from '@sinclair/typebox';
import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler';
import { Value } from '@sinclair/typebox/value';
import { KeelsonError } from '../core/index.js';
import { AppProjectSchema, type AppProject } from './app-project.js';
import { ApplicationSchema, type Application } from './application.js';

/** An object does not match the schema of the Keelson resource it claims to be. */
export class InvalidResourceError extends KeelsonError {
  constructor(
    /** `Application/shop/web` */
    readonly resource: string,
    /** One line per problem: `spec.destination: Expected required property`. */
    readonly problems: readonly string[],
  ) {
    super(`${resource}: invalid: ${problems.join('; ')}`);
  }
}

const MAX_PROBLEMS = 5;

function describe(kind: string, value: unknown): string {
  const meta = (value as { metadata?: { name?: unknown; namespace?: unknown } } | null)?.metadata;
  const name = typeof meta?.name === 'string' ? meta.name : '<unnamed>';
  return typeof meta?.namespace === 'string' && meta.namespace
    ? `${kind}/${meta.namespace}/${name}`
    : `${kind}/${name}`;
}

function problemsOf(schema: TObject, value: unknown): string[] {
  const seen = new Set<string>();
  const problems: string[] = [];
  for (const error of Value.Errors(schema, value)) {
    const path = error.path.split('/').filter(Boolean).join('.') || '<root>';
    if (seen.has(path)) continue; // a union reports once per member; the first says enough
    seen.add(path);
    problems.push(`${path}: ${error.message}`);
  }
  return problems;
}

const checkers = new Map<TObject, TypeCheck<TObject>>();

/** A compiled checker per schema: ~20× faster than walking the schema for every object. */
function checkerOf(schema: TObject): TypeCheck<TObject> {
  let checker = checkers.get(schema);
  if (!checker) checkers.set(schema, (checker = TypeCompiler.Compile(schema)));
  return checker;
}

function parse<T>(kind: string, schema: TObject, value: unknown): T {
  if (!checkerOf(schema).Check(value)) {
    const problems = problemsOf(schema, value);
    const shown = problems.slice(0, MAX_PROBLEMS);
    if (problems.length > MAX_PROBLEMS) shown.push(`and ${problems.length - MAX_PROBLEMS} more`);
    throw new InvalidResourceError(describe(kind, value), shown);
  }
  // Same defaults the API server applies from the CRD (project,
  // revisionHistoryLimit). Status has none: it is neither copied nor walked
  // (for an application with many resources, most of the work), and the
  // result shares it with `value`.
  const { status, ...rest } = value as Record<string, unknown>;
  const defaulted = Value.Default(schema, structuredClone(rest)) as Record<string, unknown>;
  return (status === undefined ? defaulted : { ...defaulted, status }) as T;
}

/**
 * Checks an object against the Application schema and returns a copy with
 * defaults filled in, or throws {@link InvalidResourceError}. The API server
 * checks the same schema plus the CEL rules in the CRD (for example: exactly
 * one of destination server and name), which this does not repeat.
 */
export function parseApplication(value: unknown): Application {
  return parse<Application>('Application', ApplicationSchema, value);
}

/** Checks an object against the AppProject schema; throws {@link InvalidResourceError}. */
export function parseAppProject(value: unknown): AppProject {
  return parse<AppProject>('AppProject', AppProjectSchema, value);
}

/** True when `value` matches the Application schema (no defaults applied). */
export function isApplication(value: unknown): value is Application {
  return Value.Check(ApplicationSchema, value);
}

/** True when `value` matches the AppProject schema. */
export function isAppProject(value: unknown): value is AppProject {
  return Value.Check(AppProjectSchema, value);
}
