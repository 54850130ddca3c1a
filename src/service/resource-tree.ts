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
function namespacesOf(app: Application): string[] {
  const namespaces = new Set<string>();
  if (app.spec.destination.namespace) namespaces.add(app.spec.destination.namespace);
  for (const r of app.status?.resources ?? []) if (r.namespace) namespaces.add(r.namespace);
  return [...namespaces].sort();
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
      const limit = pLimit(8);
      const lists = namespacesOf(app).flatMap((namespace) =>
        kinds.map((resource) =>
          limit(
            async (): Promise<KubeObject[]> =>
              (await listObjects(connection, resource, { namespace })).items,
          ),
        ),
      );
      const [tracked, ...candidates] = await Promise.all([
        listTrackedObjects(connection, name),
        ...lists,
      ]);
      return { nodes: buildResourceTree(app.status?.resources ?? [], tracked, candidates.flat()) };
    },
    undefined,
    server,
  );
}
