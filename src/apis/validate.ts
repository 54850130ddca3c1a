import type { TObject } from '@sinclair/typebox';
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

function parse<T>(kind: string, schema: TObject, value: unknown): T {
  const problems = problemsOf(schema, value);
  if (problems.length > 0) {
    const shown = problems.slice(0, MAX_PROBLEMS);
    if (problems.length > MAX_PROBLEMS) shown.push(`and ${problems.length - MAX_PROBLEMS} more`);
    throw new InvalidResourceError(describe(kind, value), shown);
  }
  // Same defaults the API server applies from the CRD (project, revisionHistoryLimit).
  return Value.Default(schema, structuredClone(value)) as T;
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
