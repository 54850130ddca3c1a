import {
  KubeApiError,
  applyObject,
  createObject,
  getObject,
  isAlreadyExists,
  refOf,
  replaceObject,
} from '../cluster/index.js';
import { describeObject, formatResourceKey, type KubeObject } from '../core/index.js';
import { classifyDryRunError, type ComparisonResult, type DryRunFailure } from '../diff/index.js';
import type { SyncRun } from './context.js';
import type { SyncPlan, SyncTask } from './types.js';

/** What pre-flight validation needs to know besides the plan. */
export interface PreflightContext {
  readonly comparison: ComparisonResult;
  /** Namespaces this sync creates (declared Namespaces, CreateNamespace). */
  readonly createdNamespaces: ReadonlySet<string>;
  /** `group/Kind` of custom resources whose CRD is part of this sync. */
  readonly crdKinds: ReadonlySet<string>;
}

/**
 * Validates every object the sync would write, with server-side dry runs,
 * before anything is changed. Regular resources reuse the comparison's dry
 * run; rejected ones are looked at again with their own options (Force,
 * Validate=false); hooks get a dry-run create. Two cases cannot be dry-run
 * and are handled as Argo CD does or better:
 * - a custom resource whose CRD is part of the sync (or marked
 *   `SkipDryRunOnMissingResource=true`) is validated when applied;
 * - an object in a namespace this sync creates is validated by a dry-run
 *   create in `default` (validation and admission run before the server
 *   looks for an existing object, so "already exists" also means valid).
 * Records a `SyncFailed` result for each invalid task and returns the messages.
 */
export async function preflight(
  run: SyncRun,
  plan: SyncPlan,
  ctx: PreflightContext,
): Promise<string[]> {
  const diffs = new Map(ctx.comparison.resources.map((d) => [formatResourceKey(d.key), d]));
  const failures: string[] = [];
  await Promise.all(
    plan.tasks.map(async (task) => {
      if (task.action !== 'apply' && task.action !== 'replace' && task.action !== 'hook') return;
      const failure =
        task.action === 'hook'
          ? await dryRun(run, task, 'create')
          : diffs.get(formatResourceKey(task.key))?.dryRunError;
      const message = failure && (await judge(run, task, failure, ctx));
      if (message) {
        failures.push(message);
        run.record(task, { status: 'SyncFailed', message });
      }
    }),
  );
  return failures.sort();
}

/**
 * The error message if `failure` makes the task invalid, `undefined` if it
 * is acceptable. Some failures call for another dry run with the task's own
 * options; its failure is judged once more (a namespace this sync creates).
 */
async function judge(
  run: SyncRun,
  task: SyncTask,
  failure: DryRunFailure,
  ctx: PreflightContext,
  retried = false,
): Promise<string | undefined> {
  const name = describeObject(task.key);
  const again = async (
    how: 'apply' | 'replace' | 'create' | 'create-elsewhere' = task.action === 'hook'
      ? 'create'
      : task.action === 'replace'
        ? 'replace'
        : 'apply',
  ): Promise<string | undefined> => {
    const next = await dryRun(run, task, how);
    if (!next) return undefined;
    return retried ? messageOf(next, name) : judge(run, task, next, ctx, true);
  };
  switch (failure.reason) {
    case 'UnknownKind':
      if (
        ctx.crdKinds.has(`${task.key.group}/${task.key.kind}`) ||
        task.skipDryRunOnMissingResource
      ) {
        return undefined;
      }
      return `${failure.message} (install its CRD first, or set SkipDryRunOnMissingResource=true)`;
    case 'NamespaceNotFound':
      if (!ctx.createdNamespaces.has(task.key.namespace)) {
        return `${name}: namespace ${JSON.stringify(task.key.namespace)} does not exist (declare it, or enable CreateNamespace)`;
      }
      return messageOf(await validateElsewhere(run, task), name);
    case 'Conflict':
      if (task.force) return again();
      return `${failure.message} (set Force=true to take the fields over)`;
    case 'Invalid':
      return task.validate ? failure.message : again();
    case 'Error':
      // Transient trouble during the comparison: ask again (with retries).
      return again();
    default:
      return failure.message;
  }
}

/** A dry-run create in `default`, unless an identical object passed one recently. */
async function validateElsewhere(run: SyncRun, task: SyncTask): Promise<DryRunFailure | undefined> {
  const { validations } = run.options;
  const target = task.target as KubeObject;
  if (validations?.wasValid(target, task.validate)) return undefined;
  const failure = await dryRun(run, task, 'create-elsewhere');
  if (!failure) validations?.rememberValid(target, task.validate);
  return failure;
}

function messageOf(failure: DryRunFailure | undefined, name: string): string | undefined {
  if (!failure) return undefined;
  return failure.message.startsWith(name) ? failure.message : `${name}: ${failure.message}`;
}

/** One dry run with the task's own options; `undefined` when the server accepts it. */
async function dryRun(
  run: SyncRun,
  task: SyncTask,
  how: 'apply' | 'replace' | 'create' | 'create-elsewhere',
): Promise<DryRunFailure | undefined> {
  const target = task.target as KubeObject;
  const write = {
    dryRun: true,
    fieldManager: run.options.fieldManager,
    fieldValidation: task.validate ? 'Strict' : 'Ignore',
    signal: run.options.signal,
  } as const;
  try {
    await run.limit(() =>
      run.retry(async () => {
        if (how === 'apply') {
          await applyObject(run.connection, run.outgoing(target), { ...write, force: task.force });
        } else if (how === 'replace') {
          const marked = run.outgoing(target);
          const live = await getObject(run.connection, refOf(marked));
          if (!live) await createObject(run.connection, marked, write);
          else {
            const metadata = { ...marked.metadata, resourceVersion: live.metadata.resourceVersion };
            await replaceObject(run.connection, { ...marked, metadata }, write);
          }
        } else if (how === 'create') {
          await createObject(run.connection, target, write);
        } else {
          const elsewhere = { ...target, metadata: { ...target.metadata, namespace: 'default' } };
          await createObject(run.connection, elsewhere, write);
        }
      }),
    );
    return undefined;
  } catch (err) {
    // Validation and admission run before the existence check.
    if (isAlreadyExists(err)) return undefined;
    const failure = classifyDryRunError(err);
    if (how !== 'create-elsewhere' || !(err instanceof KubeApiError)) return failure;
    return {
      ...failure,
      message: `${describeObject(task.key)}: ${err.apiMessage} (validated in namespace "default": this sync creates ${JSON.stringify(task.key.namespace)})`,
    };
  }
}
