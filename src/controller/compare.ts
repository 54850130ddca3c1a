/**
 * One comparison of an application with Git: render the source at its target
 * revision, check the project's resource rules, and diff against the live
 * objects of the destination cluster.
 */
import { asEngineSource, type Application, type AppProject } from '../apis/index.js';
import {
  fingerprintOf,
  formatResourceKey,
  parseApiVersion,
  resourceKeyOf,
  type KubeObject,
} from '../core/index.js';
import type { RepositoryCredentials } from '../credentials/index.js';
import {
  compareApp,
  type CompareOptions,
  type ComparisonResult,
  type IgnoreDifferencesRule,
} from '../diff/index.js';
import { checkResourcesAgainstProject, type ProjectViolation } from '../project/index.js';
import type { ClusterConnection } from '../cluster/index.js';
import type { RenderCarryOver, SourceRenderer } from '../render/index.js';
import { generatePathsOf, type RepoCredentials, type RevisionFreshness } from '../source/index.js';
import type { Destination } from './destinations.js';
import { comparisonFingerprint } from './comparison-cache.js';
import { ignoreRulesFingerprint } from './known-in-sync.js';
import type { ReconcileContext } from './context.js';

export interface AppComparison {
  readonly revision: string;
  readonly desired: readonly KubeObject[];
  readonly live: readonly KubeObject[];
  readonly result: ComparisonResult;
  readonly resourceViolations: readonly ProjectViolation[];
}

/** Hash of a source spec: a changed spec is a new sync target even at the same commit. */
export function sourceHash(source: unknown): string {
  return fingerprintOf(source);
}

export function toRepoCredentials(
  c: RepositoryCredentials | undefined,
): RepoCredentials | undefined {
  if (!c) return undefined;
  return { username: c.username, password: c.password, sshPrivateKey: c.sshPrivateKey };
}

/** Renders `source` (default: the app's) at `revision` (default: its target) for the destination. */
export async function renderDesired(
  ctx: ReconcileContext,
  app: Application,
  destination: Destination,
  credentials: RepositoryCredentials | undefined,
  override?: RenderOverride,
): Promise<{ revision: string; desired: KubeObject[] }> {
  return renderApplicationSource(ctx.renderer, app, destination.kubeVersion, credentials, override);
}

/** Another source or revision to render instead of the application's target, or how fresh its resolution must be. */
export interface RenderOverride {
  readonly source?: Application['spec']['source'];
  readonly revision?: string;
  readonly freshness?: RevisionFreshness;
}

/**
 * Renders an application's source exactly as the controller does (release
 * name, namespace, Kubernetes version, empty renders allowed); shared with
 * the API's diff so both see the same desired state.
 */
export async function renderApplicationSource(
  renderer: SourceRenderer,
  app: Application,
  kubeVersion: string | undefined,
  credentials: RepositoryCredentials | undefined,
  override?: RenderOverride,
): Promise<{ revision: string; desired: KubeObject[] }> {
  const source = asEngineSource(override?.source ?? app.spec.source);
  const options = {
    appName: app.metadata.name,
    namespace: app.spec.destination.namespace,
    kubeVersion,
    // An empty render is reported, never mistaken for "delete everything":
    // automated sync refuses it unless allowEmpty (see auto-sync.ts).
    allowEmpty: true,
  };
  const creds = toRepoCredentials(credentials);
  const result = override?.revision
    ? /^[0-9a-f]{40}$/.test(override.revision)
      ? await renderer.renderAt(source, override.revision, creds, options)
      : await renderer.render({ ...source, targetRevision: override.revision }, creds, options)
    : await renderer.render(
        source,
        creds,
        options,
        override?.freshness,
        carryOverOf(app, override),
      );
  return { revision: result.revision, desired: result.manifests.map((m) => m.object) };
}

/**
 * The render of the last compared commit may serve a new commit that does
 * not touch the application's manifest-generate-paths; only for the
 * application's own source (an override renders something else).
 */
function carryOverOf(
  app: Application,
  override: RenderOverride | undefined,
): RenderCarryOver | undefined {
  const generatePaths = generatePathsOf(app.metadata.annotations);
  const from = app.status?.sync?.revision;
  if (override?.source || generatePaths === undefined || from === undefined) return undefined;
  return { from, generatePaths };
}

/**
 * Compares rendered manifests with an application's live objects as the
 * controller does: a forced server-side dry run (what the controller's apply
 * would do) and the application's ignoreDifferences.
 */
export function compareWithLive(
  connection: ClusterConnection,
  app: Application,
  desired: readonly KubeObject[],
  live: readonly KubeObject[],
  { renderDiffs = true, inSync }: Pick<CompareOptions, 'renderDiffs' | 'inSync'> = {},
): Promise<ComparisonResult> {
  return compareApp(
    connection,
    { desired, live },
    {
      app: app.metadata.name ?? '',
      namespace: app.spec.destination.namespace,
      force: true, // predict what the controller's (forced) apply would do
      ignoreDifferences: (app.spec.ignoreDifferences ?? []) as readonly IgnoreDifferencesRule[],
      renderDiffs,
      inSync,
    },
  );
}

/**
 * What the controller keeps of a comparison, for as long as the comparison
 * cache holds it: statuses, errors and conflicts, the live object itself (the
 * live-state cache's, not a copy: health is assessed from it) and a stub of
 * the target with the annotations that order the sync. The full copies, with
 * diffs, would be the largest thing in the controller's memory for a big
 * fleet; the API renders its own diffs when someone looks.
 */
export function slimComparison(
  result: ComparisonResult,
  live: readonly KubeObject[],
): ComparisonResult {
  const liveByKey = new Map(live.map((o) => [formatResourceKey(resourceKeyOf(o)), o]));
  return {
    status: result.status,
    resources: result.resources.map((d) => ({
      ...d,
      diff: '',
      target: d.target && targetStub(d.target),
      live: d.live && (liveByKey.get(formatResourceKey(d.key)) ?? d.live),
    })),
  };
}

function targetStub(target: KubeObject): KubeObject {
  const { name, namespace, annotations } = target.metadata;
  return {
    apiVersion: target.apiVersion,
    kind: target.kind,
    metadata: {
      ...(name !== undefined ? { name } : {}),
      ...(namespace !== undefined ? { namespace } : {}),
      ...(annotations !== undefined ? { annotations } : {}),
    },
  };
}

export async function compareApplication(
  ctx: ReconcileContext,
  app: Application,
  project: AppProject,
  destination: Destination,
  credentials: RepositoryCredentials | undefined,
  freshness?: RevisionFreshness,
): Promise<AppComparison> {
  const { revision, desired } = await renderDesired(ctx, app, destination, credentials, {
    freshness,
  });
  const name = app.metadata.name ?? '';
  const live = destination.cache.objectsOf(name);
  const scopes = await Promise.all(
    desired.map(async (obj) => {
      const { group, version } = parseApiVersion(obj.apiVersion);
      const resource = await destination.connection.discovery
        .find({ group, version, kind: obj.kind })
        .catch(() => undefined);
      return {
        group,
        kind: obj.kind,
        namespace:
          obj.metadata.namespace ??
          (resource?.namespaced === false ? '' : (app.spec.destination.namespace ?? '')),
        name: obj.metadata.name ?? '',
        namespaced: resource?.namespaced ?? true,
      };
    }),
  );
  const resourceViolations = checkResourcesAgainstProject(app, project, scopes, {
    cluster: { name: destination.name, server: destination.server },
  });
  const result = await ctx.comparisons.getOrCompare(
    name,
    comparisonFingerprint(app, desired, live),
    async () =>
      slimComparison(
        await compareWithLive(destination.connection, app, desired, live, {
          renderDiffs: false,
          inSync: ctx.inSync.memoFor(name, ignoreRulesFingerprint(app.spec.ignoreDifferences)),
        }),
        live,
      ),
  );
  return { revision, desired, live, result, resourceViolations };
}
