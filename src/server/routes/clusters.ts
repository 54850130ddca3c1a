import type { ClusterRequest } from '../../service/index.js';
import {
  type Api,
  authorize,
  principalOf,
  type ServerContext,
  ClusterBody,
} from '../http/index.js';
import { Type } from '@sinclair/typebox';

const schema = { tags: ['clusters'] };
const Params = Type.Object({ server: Type.String({ minLength: 1 }) });

/** Destination clusters (RBAC object: the server URL). Views never carry credentials. */
export function clusterRoutes(app: Api, ctx: ServerContext): void {
  const clusters = ctx.backend.clusters;

  app.get('/api/v1/clusters', { schema }, async (request) => {
    const principal = principalOf(request);
    const items = (await clusters.list()).filter((c) =>
      ctx.store.enforcer.can(principal, 'clusters', 'get', c.server),
    );
    return { items };
  });

  app.post('/api/v1/clusters', { schema: { ...schema, body: ClusterBody } }, async (request) => {
    const body = request.body as ClusterRequest;
    authorize(ctx, request, 'clusters', 'create', body.server);
    if (body.upsert) authorize(ctx, request, 'clusters', 'update', body.server);
    return clusters.add(body);
  });

  // By name or URL-encoded server URL; RBAC names the server URL, so look it up first.
  app.get(
    '/api/v1/clusters/:server',
    { schema: { ...schema, params: Params } },
    async (request) => {
      const found = await clusters.get(request.params.server);
      authorize(ctx, request, 'clusters', 'get', found.server);
      return found;
    },
  );

  app.delete(
    '/api/v1/clusters/:server',
    { schema: { ...schema, params: Params } },
    async (request) => {
      const found = await clusters.get(request.params.server);
      authorize(ctx, request, 'clusters', 'delete', found.server);
      await clusters.remove(request.params.server);
      return {};
    },
  );
}
