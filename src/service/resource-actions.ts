import type { Application } from '../apis/index.js';
import { KubeApiError, getObject, trackingOwner } from '../cluster/index.js';
import type { BackendContext } from './context.js';
import { InvalidRequestError, NotFoundError, UnavailableError } from './errors.js';
import { mapKubeErrors } from './kube-errors.js';
import { resourceTree } from './resource-tree.js';
import type { ResourceRef } from './types.js';

/** Field manager of resource actions: not `keelson`, so our apply never claims (or removes) the field. */
export const ACTION_FIELD_MANAGER = 'keelson-action';
const RESTARTED_AT = 'kubectl.kubernetes.io/restartedAt';
const RESTARTABLE = new Set(['Deployment', 'StatefulSet', 'DaemonSet']);

const describeRef = (ref: ResourceRef): string =>
  [ref.group || 'core', ref.kind, ref.namespace, ref.name].filter(Boolean).join('/');

/**
 * `restart`, as `kubectl rollout restart`: sets the Pod template annotation
 * `kubectl.kubernetes.io/restartedAt` with a strategic merge patch under its
 * own field manager. The controller's diff predicts a forced server-side
 * apply by field manager `keelson`, which leaves fields of other managers
 * alone, so the application stays Synced (as in Argo CD). Only a workload the
 * application manages (tracking marker checked on the live object) may be
 * restarted.
 */
export async function runResourceAction(
  ctx: BackendContext,
  name: string,
  ref: ResourceRef,
  action: string,
): Promise<void> {
  if (action !== 'restart')
    throw new InvalidRequestError(
      `unknown resource action ${JSON.stringify(action)}; known: restart`,
    );
  if (ref.group !== 'apps' || !RESTARTABLE.has(ref.kind))
    throw new InvalidRequestError(
      `${describeRef(ref)}: restart applies to Deployments, StatefulSets and DaemonSets only`,
    );
  const app = (await ctx.apps.get(name)) as Application;
  const { connection, server } = await ctx.destination(app.spec.destination);
  const apiRef = {
    apiVersion: 'apps/v1',
    kind: ref.kind,
    namespace: ref.namespace,
    name: ref.name,
  };
  const live = await mapKubeErrors(() => getObject(connection, apiRef), undefined, server);
  if (trackingOwner(live) !== name)
    throw new NotFoundError(`resource of Application "${name}"`, describeRef(ref));
  const plural = `${ref.kind.toLowerCase()}s`;
  await mapKubeErrors(
    () =>
      connection.request({
        method: 'PATCH',
        path: `/apis/apps/v1/namespaces/${encodeURIComponent(ref.namespace)}/${plural}/${encodeURIComponent(ref.name)}`,
        query: { fieldManager: ACTION_FIELD_MANAGER },
        body: {
          spec: {
            template: { metadata: { annotations: { [RESTARTED_AT]: new Date().toISOString() } } },
          },
        },
        contentType: 'application/strategic-merge-patch+json',
        target: describeRef(ref),
        verb: 'restart',
      }),
    { kind: ref.kind, name: ref.name },
    server,
  );
}

/**
 * The last lines of a Pod's log, for a Pod of the application's resource
 * tree only. The API server's refusal to fetch the log (kubelet unreachable,
 * a simulated node) is reported as unavailable, with its message.
 */
export async function podLogs(
  ctx: BackendContext,
  name: string,
  request: {
    readonly namespace: string;
    readonly pod: string;
    readonly container?: string;
    readonly tailLines?: number;
  },
): Promise<string> {
  const tree = await resourceTree(ctx, name);
  const pod = tree.nodes.find(
    (n) =>
      n.kind === 'Pod' &&
      n.group === '' &&
      n.namespace === request.namespace &&
      n.name === request.pod,
  );
  if (!pod)
    throw new NotFoundError(`Pod of Application "${name}"`, `${request.namespace}/${request.pod}`);
  if (
    request.tailLines !== undefined &&
    (!Number.isInteger(request.tailLines) || request.tailLines < 0)
  )
    throw new InvalidRequestError(`tailLines must be a whole number ≥ 0, got ${request.tailLines}`);
  const app = (await ctx.apps.get(name)) as Application;
  const { connection, server } = await ctx.destination(app.spec.destination);
  try {
    const text = await connection.request({
      method: 'GET',
      path: `/api/v1/namespaces/${encodeURIComponent(request.namespace)}/pods/${encodeURIComponent(request.pod)}/log`,
      query: { container: request.container, tailLines: request.tailLines },
      accept: 'text/plain, */*',
      responseType: 'text',
      target: `Pod/${request.namespace}/${request.pod}`,
      verb: 'get log',
    });
    return typeof text === 'string' ? text : '';
  } catch (err) {
    if (err instanceof KubeApiError && err.status === 404) {
      // The node agent (not the Pod) may be what is missing: kwok, a node gone.
      const pod = await getObject(connection, {
        apiVersion: 'v1',
        kind: 'Pod',
        namespace: request.namespace,
        name: request.pod,
      }).catch(() => undefined);
      if (!pod) throw new NotFoundError('Pod', `${request.namespace}/${request.pod}`);
      throw new UnavailableError(`${server}: logs unavailable: ${err.message}`, { cause: err });
    }
    if (err instanceof KubeApiError && (err.status === 400 || err.status === 403))
      return mapKubeErrors(() => Promise.reject(err), undefined, server);
    throw new UnavailableError(`${server}: ${err instanceof Error ? err.message : String(err)}`, {
      cause: err,
    });
  }
}
