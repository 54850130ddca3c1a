import pLimit from 'p-limit';
import {
  applyObject,
  assertValidAppName,
  getObject,
  leanObject,
  refOf,
  trackingOwner,
  withDefaultNamespaces,
  withRetry,
  withTrackingMarker,
  type ClusterConnection,
} from '../cluster/index.js';
import {
  contentFingerprintOf,
  describeObject,
  hasObjectOption,
  parseApiVersion,
  resourceKeyOf,
  type KubeObject,
} from '../core/index.js';
import { compareResource, comparisonStatus, type CompareInput } from './compare.js';
import { classifyDryRunError } from './dry-run-failure.js';
import { rulesFor } from './ignore-differences.js';
import { reconcile, type ResourcePair } from './reconcile.js';
import type { ComparisonResult, DryRunFailure, IgnoreDifferencesRule } from './types.js';

export interface CompareOptions {
  /** The application: its tracking marker is written on the targets. */
  readonly app: string;
  /** Namespace for namespaced objects that name none. */
  readonly namespace?: string;
  readonly ignoreDifferences?: readonly IgnoreDifferencesRule[];
  /** Field manager of the dry run (default `keelson`). */
  readonly fieldManager?: string;
  /** Predict a forced apply (conflicting fields taken over). */
  readonly force?: boolean;
  /** Dry runs in flight at once (default 16). */
  readonly concurrency?: number;
  /** Render the unified diffs (default true); the sync needs only statuses. */
  readonly renderDiffs?: boolean;
  /**
   * Objects known to be in sync: Synced without a dry run. After a sync of a
   * thousand applications this saves one dry run per object, the bulk of the
   * comparisons that follow, and later the dry runs of objects whose status
   * alone changed. Told of each object a dry run found Synced.
   */
  readonly inSync?: InSyncMemo;
  readonly signal?: AbortSignal;
}

/** What a caller remembers of objects found in sync (see {@link CompareOptions.inSync}). */
export interface InSyncMemo {
  /** Whether `live` is known to be what applying `target` produces. */
  isInSync(target: KubeObject, live: KubeObject): boolean;
  /** A dry run found `live` in sync with `target`. */
  remember(target: KubeObject, live: KubeObject): void;
}

/** What the comparison of a desired state and a live state needs. */
export interface CompareInputs {
  /** Rendered manifests; hooks among them are left out of the comparison. */
  readonly desired: readonly KubeObject[];
  /** The application's live objects (from the live-state cache). */
  readonly live: readonly KubeObject[];
}

/**
 * Compares an application's desired state with its live state. Each target
 * (with the tracking marker) goes through a server-side apply dry run as
 * field manager `keelson`, so defaults, admission mutations and fields of
 * other managers are in the prediction; objects the dry run rejects are
 * compared structurally and carry `dryRunError`. An object the dry run shows
 * to exist although it is not among the application's live objects is read:
 * if it carries another marker or none it is reported as an ownership
 * conflict.
 */
export async function compareApp(
  connection: ClusterConnection,
  inputs: CompareInputs,
  options: CompareOptions,
): Promise<ComparisonResult> {
  assertValidAppName(options.app);
  const desired = await withDefaultNamespaces(connection, inputs.desired, options.namespace);
  const { pairs } = reconcile(desired, inputs.live);
  const limit = pLimit(options.concurrency ?? 16);
  const absent = await missingNamespaces(connection, pairs, limit, options.signal);
  const resources = await Promise.all(
    pairs.map((pair) =>
      limit(async () => {
        const input = await prepare(connection, pair, options, absent);
        const diff = compareResource(input, options.ignoreDifferences, options.renderDiffs ?? true);
        if (isVerifiedInSync(input, diff.status, pair.live) && pair.target && pair.live)
          options.inSync?.remember(pair.target, pair.live);
        return diff;
      }),
    ),
  );
  return { status: comparisonStatus(resources), resources, absentNamespaces: absent };
}

/**
 * Whether a dry run found the cached live object in sync: Synced, no error
 * or conflict, and the server's prediction says exactly what the cached
 * copy says (had the object changed between the cache and the dry run, the
 * verdict would be about another version; with ignored differences the two
 * differ, and nothing is remembered).
 */
function isVerifiedInSync(
  input: CompareInput,
  status: string,
  live: KubeObject | undefined,
): boolean {
  if (status !== 'Synced' || input.dryRunError || input.conflict) return false;
  if (!live || !input.predicted || input.predicted === live) return false;
  return contentFingerprintOf(input.predicted) === contentFingerprintOf(live);
}

/**
 * The namespaces of new objects (no live copy) that do not exist yet, one
 * read each. A dry run into such a namespace can only fail, and each failed
 * one costs the API server a namespace lookup too: a first sync of many
 * applications, each creating its namespace, would pay that twice per object.
 */
async function missingNamespaces(
  connection: ClusterConnection,
  pairs: readonly ResourcePair[],
  limit: ReturnType<typeof pLimit>,
  signal: AbortSignal | undefined,
): Promise<ReadonlySet<string>> {
  const wanted = new Set<string>();
  for (const pair of pairs) {
    const namespace = pair.target?.metadata.namespace;
    if (namespace && !pair.live) wanted.add(namespace);
  }
  const absent = new Set<string>();
  await Promise.all(
    [...wanted].map((name) =>
      limit(async () => {
        const ref = { apiVersion: 'v1', kind: 'Namespace', name };
        // Not allowed to read namespaces, or no answer: the dry runs will tell.
        const found = await withRetry(() => getObject(connection, ref, signal), { signal }).catch(
          () => true,
        );
        if (!found) absent.add(name);
      }),
    ),
  );
  return absent;
}

async function isServed(connection: ClusterConnection, obj: KubeObject): Promise<boolean> {
  const gv = parseApiVersion(obj.apiVersion);
  const resource = await connection.discovery
    .find({ ...gv, kind: obj.kind })
    .catch(() => undefined);
  return resource !== undefined;
}

/** What a dry run into a namespace that does not exist would answer, without asking. */
function namespaceNotFound(target: KubeObject, namespace: string): DryRunFailure {
  return {
    reason: 'NamespaceNotFound',
    message: `${describeObject(target)}: namespaces ${JSON.stringify(namespace)} not found`,
    transient: false,
  };
}

async function prepare(
  connection: ClusterConnection,
  pair: ResourcePair,
  options: CompareOptions,
  absentNamespaces: ReadonlySet<string>,
): Promise<CompareInput> {
  if (!pair.target) return { key: pair.key, live: pair.live };
  const target = withTrackingMarker(pair.target, options.app);
  const structural = hasObjectOption(target, 'compareOptions', 'ServerSideDiff', 'false');
  const namespace = target.metadata.namespace;
  if (
    !pair.live &&
    namespace &&
    absentNamespaces.has(namespace) &&
    // A kind the server does not serve (its CRD comes with the sync) is told by the dry run.
    (await isServed(connection, target))
  ) {
    return {
      key: pair.key,
      target,
      structural,
      dryRunError: namespaceNotFound(target, namespace),
    };
  }
  if (pair.live && options.inSync?.isInSync(pair.target, pair.live)) {
    return { key: pair.key, target, live: pair.live, structural, predicted: pair.live };
  }
  let live = pair.live;
  let dryRun = await predict(connection, target, live, options);
  if (!live && dryRun.predicted?.metadata.resourceVersion) {
    // The object exists, yet it is not among the application's objects:
    // either the cache has not seen it yet, or it is someone else's.
    const existing = await withRetry(() => getObject(connection, refOf(target), options.signal), {
      signal: options.signal,
    });
    if (existing && trackingOwner(existing) === options.app) {
      live = leanObject(existing);
      dryRun = await predict(connection, target, live, options);
    } else if (existing) {
      const owner = trackingOwner(existing);
      return {
        key: pair.key,
        target,
        live: leanObject(existing),
        predicted: dryRun.predicted,
        structural,
        conflict: {
          owner,
          message: owner
            ? `${describeObject(target)}: already managed by application ${JSON.stringify(owner)}`
            : `${describeObject(target)}: exists and is not managed by application ${JSON.stringify(options.app)}`,
        },
      };
    }
  }
  const managedFields = await liveManagedFields(connection, live, options);
  return { key: pair.key, target, live, structural, managedFields, ...dryRun };
}

/**
 * The live object's managed fields, when an ignore rule by field manager
 * needs them and the live object (from the cache) was kept without them.
 */
async function liveManagedFields(
  connection: ClusterConnection,
  live: KubeObject | undefined,
  options: CompareOptions,
): Promise<readonly unknown[] | undefined> {
  if (!live || live.metadata.managedFields) return live?.metadata.managedFields;
  const rules = rulesFor(options.ignoreDifferences, resourceKeyOf(live));
  if (!rules.some((r) => r.managedFieldsManagers?.length)) return undefined;
  const fresh = await withRetry(() => getObject(connection, refOf(live), options.signal), {
    signal: options.signal,
  });
  return fresh?.metadata.managedFields;
}

async function predict(
  connection: ClusterConnection,
  target: KubeObject,
  live: KubeObject | undefined,
  options: CompareOptions,
): Promise<{ predicted?: KubeObject; dryRunError?: DryRunFailure }> {
  // The live uid is a precondition: if the object was replaced since it was
  // cached, the prediction fails instead of describing another object.
  const body = live?.metadata.uid
    ? { ...target, metadata: { ...target.metadata, uid: live.metadata.uid } }
    : target;
  const apply = (force: boolean): Promise<KubeObject> =>
    withRetry(
      () =>
        applyObject(connection, body, {
          dryRun: true,
          force,
          fieldManager: options.fieldManager,
          signal: options.signal,
        }),
      { signal: options.signal },
    );
  try {
    return { predicted: await apply(options.force ?? false) };
  } catch (err) {
    const failure = classifyDryRunError(err);
    if (failure.reason !== 'Conflict') return { dryRunError: failure };
    // Show what a forced apply would do, and keep the conflict on record.
    try {
      return { predicted: await apply(true), dryRunError: failure };
    } catch {
      return { dryRunError: failure };
    }
  }
}
