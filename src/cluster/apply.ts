import { KeelsonError, isKubeObject, type KubeObject } from '../core/index.js';
import type { ClusterConnection } from './connection.js';
import { describeRef, locate, refOf } from './paths.js';

/** The field manager Keelson applies with. */
export const FIELD_MANAGER = 'keelson';

/** How the API server validates fields it does not know (`Strict` rejects them). */
export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

export interface WriteOptions {
  /** Validate and compute the result without persisting it (`dryRun=All`). */
  readonly dryRun?: boolean;
  /** Default {@link FIELD_MANAGER}. */
  readonly fieldManager?: string;
  /** Default `Strict`. */
  readonly fieldValidation?: FieldValidation;
  readonly signal?: AbortSignal;
}

export interface ApplyOptions extends WriteOptions {
  /** Take ownership of fields other managers own instead of failing with a conflict. */
  readonly force?: boolean;
}

/** The API answered a write with something that is not an object. */
export class UnexpectedResponseError extends KeelsonError {}

function verbFor(verb: string, dryRun: boolean | undefined): string {
  return dryRun ? `dry-run ${verb}` : verb;
}

function asObject(body: unknown, what: string): KubeObject {
  if (!isKubeObject(body))
    throw new UnexpectedResponseError(`${what}: the API answered without an object`);
  return body;
}

/**
 * Server-side apply (a PATCH with `application/apply-patch+yaml`; JSON is
 * valid YAML). Returns the object as the server stored it, or would store it
 * when `dryRun`. Conflicts with other field managers fail with a 409
 * `KubeApiError` unless `force`. A `metadata.uid` in `obj` is a precondition:
 * the apply fails if the live object is a different one.
 */
export async function applyObject(
  connection: ClusterConnection,
  obj: KubeObject,
  options: ApplyOptions = {},
): Promise<KubeObject> {
  const ref = refOf(obj);
  const { path } = await locate(connection, ref);
  const body = await connection.request({
    method: 'PATCH',
    path,
    query: { ...writeQuery(options), force: options.force ? true : undefined },
    body: obj,
    contentType: 'application/apply-patch+yaml',
    target: describeRef(ref),
    verb: verbFor('apply', options.dryRun),
    signal: options.signal,
  });
  return asObject(body, describeRef(ref));
}

/** Query parameters every write shares: field manager, strict validation, dry run. */
function writeQuery(options: WriteOptions): Record<string, string | undefined> {
  return {
    fieldManager: options.fieldManager ?? FIELD_MANAGER,
    fieldValidation: options.fieldValidation ?? 'Strict',
    dryRun: options.dryRun ? 'All' : undefined,
  };
}

/** Creates an object (POST); fails with 409 AlreadyExists when it exists. */
export async function createObject(
  connection: ClusterConnection,
  obj: KubeObject,
  options: WriteOptions = {},
): Promise<KubeObject> {
  const ref = refOf(obj);
  // `name` may be empty here (generateName): only the collection path is used.
  const { collection } = await locate(connection, ref);
  const body = await connection.request({
    method: 'POST',
    path: collection,
    query: writeQuery(options),
    body: obj,
    target: describeRef(ref),
    verb: verbFor('create', options.dryRun),
    signal: options.signal,
  });
  return asObject(body, describeRef(ref));
}

/**
 * Replaces an object (PUT) with exactly `obj`, which must carry the live
 * `metadata.resourceVersion` (optimistic concurrency: a 409 Conflict means
 * the object changed meanwhile).
 */
export async function replaceObject(
  connection: ClusterConnection,
  obj: KubeObject,
  options: WriteOptions = {},
): Promise<KubeObject> {
  const ref = refOf(obj);
  const { path } = await locate(connection, ref);
  const body = await connection.request({
    method: 'PUT',
    path,
    query: writeQuery(options),
    body: obj,
    target: describeRef(ref),
    verb: verbFor('replace', options.dryRun),
    signal: options.signal,
  });
  return asObject(body, describeRef(ref));
}
