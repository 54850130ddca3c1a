import pLimit from 'p-limit';
import type { Application } from '../apis/index.js';
import { listObjects, listTrackedObjects } from '../cluster/index.js';
import type { KubeObject } from '../core/index.js';
import type { BackendContext } from './context.js';
import { mapKubeErrors } from './kube-errors.js';
import { buildResourceTree } from './tree-build.js';
import type { ResourceTree } from './types.js';

/** Kinds that Kubernetes creates on behalf of managed resources, found through ownerReferences. */
const CHILD_KINDS: readonly { readonly group: string; readonly kind: string }[] = [
  { group: 'apps', kind: 'ReplicaSet' },
  { group: 'apps', kind: 'ControllerRevision' },
  { group: '', kind: 'Pod' },
  { group: 'batch', kind: 'Job' },
  { group: 'discovery.k8s.io', kind: 'EndpointSlice' },
];

/** Namespaces the application's resources live in (the destination's included). */
function namespacesOf(app: Application, tracked: readonly KubeObject[]): string[] {
  const namespaces = new Set<string>();
  if (app.spec.destination.namespace) namespaces.add(app.spec.destination.namespace);
  for (const r of app.status?.resources ?? []) if (r.namespace) namespaces.add(r.namespace);
  // A large application's status lists only some resources: its live objects name the rest.
  for (const o of tracked) if (o.metadata.namespace) namespaces.add(o.metadata.namespace);
  return [...namespaces].sort();
}

/**
 * The sync status of a live object the status does not list. When the
 * controller capped a large application's list, it listed every out-of-sync
 * resource first, so one it left out is Synced (unless even those did not
 * all fit); otherwise the controller has not reported the object yet.
 */
function unlistedSyncStatus(app: Application): 'Synced' | 'Unknown' {
  const summary = app.status?.resourcesSummary;
  const capped = summary !== undefined && summary.listed < summary.total;
  return capped && summary.outOfSync <= summary.listed ? 'Synced' : 'Unknown';
}

/**
 * The application's managed resources (sync and health from the status)
 * and the live objects they own, recursively, in the namespaces the
 * application uses.
 */
export async function resourceTree(ctx: BackendContext, name: string): Promise<ResourceTree> {
  const app = (await ctx.apps.get(name)) as Application;
  const { connection, server } = await ctx.destination(app.spec.destination);
  return mapKubeErrors(
    async () => {
      const preferred = await connection.discovery.preferredResources();
      const kinds = preferred.filter((r) =>
        CHILD_KINDS.some((c) => c.group === r.group && c.kind === r.kind),
      );
      const tracked = await listTrackedObjects(connection, name);
      const limit = pLimit(8);
      const candidates = await Promise.all(
        namespacesOf(app, tracked).flatMap((namespace) =>
          kinds.map((resource) =>
            limit(
              async (): Promise<KubeObject[]> =>
                (await listObjects(connection, resource, { namespace })).items,
            ),
          ),
        ),
      );
      return {
        nodes: buildResourceTree(app.status?.resources ?? [], tracked, candidates.flat(), {
          unlisted: unlistedSyncStatus(app),
        }),
      };
    },
    undefined,
    server,
  );
}
