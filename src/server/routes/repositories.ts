import type { RepositoryRequest } from '../../service/index.js';
import {
  type Api,
  authorize,
  principalOf,
  type ServerContext,
  RepositoryBody,
  UrlParams,
} from '../http/index.js';

const schema = { tags: ['repositories'] };

/** Repository credentials (RBAC object: the URL). Views never carry passwords or keys. */
export function repositoryRoutes(app: Api, ctx: ServerContext): void {
  const repos = ctx.backend.repositories;

  app.get('/api/v1/repositories', { schema }, async (request) => {
    const principal = principalOf(request);
    const items = (await repos.list()).filter((r) =>
      ctx.store.enforcer.can(principal, 'repositories', 'get', r.url),
    );
    return { items };
  });

  app.post(
    '/api/v1/repositories',
    { schema: { ...schema, body: RepositoryBody } },
    async (request) => {
      const body = request.body as RepositoryRequest;
      authorize(ctx, request, 'repositories', 'create', body.url);
      if (body.upsert) authorize(ctx, request, 'repositories', 'update', body.url);
      return repos.add(body);
    },
  );

  app.get(
    '/api/v1/repositories/:url',
    { schema: { ...schema, params: UrlParams } },
    async (request) => {
      authorize(ctx, request, 'repositories', 'get', request.params.url);
      return repos.get(request.params.url);
    },
  );

  app.delete(
    '/api/v1/repositories/:url',
    { schema: { ...schema, params: UrlParams } },
    async (request) => {
      authorize(ctx, request, 'repositories', 'delete', request.params.url);
      await repos.remove(request.params.url);
      return {};
    },
  );
}
