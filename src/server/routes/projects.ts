import { Type } from '@sinclair/typebox';
import { AppProjectSchema, type AppProject } from '../../apis/index.js';
import { InvalidRequestError } from '../../service/index.js';
import {
  type Api,
  authorize,
  principalOf,
  type ServerContext,
  DestinationBody,
  NameParams,
  SourceBody,
  SourceQuery,
  UpsertQuery,
} from '../http/index.js';

const schema = { tags: ['projects'] };

/** AppProjects (RBAC object: the project's name). */
export function projectRoutes(app: Api, ctx: ServerContext): void {
  const projects = ctx.backend.projects;

  app.get('/api/v1/projects', { schema }, async (request) => {
    const principal = principalOf(request);
    const items = (await projects.list()).filter((p) =>
      ctx.store.enforcer.can(principal, 'projects', 'get', p.metadata.name ?? ''),
    );
    return { items };
  });

  app.post(
    '/api/v1/projects',
    { schema: { ...schema, querystring: UpsertQuery, body: AppProjectSchema } },
    async (request) => {
      const body = request.body as AppProject;
      const name = body.metadata.name;
      if (!name) throw new InvalidRequestError('body/metadata/name: a project needs a name');
      authorize(ctx, request, 'projects', 'create', name);
      if (request.query.upsert === true) authorize(ctx, request, 'projects', 'update', name);
      return projects.create(body, { upsert: request.query.upsert === true });
    },
  );

  app.get(
    '/api/v1/projects/:name',
    { schema: { ...schema, params: NameParams } },
    async (request) => {
      authorize(ctx, request, 'projects', 'get', request.params.name);
      return projects.get(request.params.name);
    },
  );

  app.put(
    '/api/v1/projects/:name',
    { schema: { ...schema, params: NameParams, body: AppProjectSchema } },
    async (request) => {
      const body = request.body as AppProject;
      if (body.metadata.name !== request.params.name)
        throw new InvalidRequestError(
          `metadata.name "${body.metadata.name ?? ''}" does not match the URL's "${request.params.name}"`,
        );
      authorize(ctx, request, 'projects', 'update', request.params.name);
      return projects.update(body);
    },
  );

  app.delete(
    '/api/v1/projects/:name',
    { schema: { ...schema, params: NameParams } },
    async (request) => {
      authorize(ctx, request, 'projects', 'delete', request.params.name);
      await projects.delete(request.params.name);
      return {};
    },
  );

  app.post(
    '/api/v1/projects/:name/destinations',
    { schema: { ...schema, params: NameParams, body: DestinationBody } },
    async (request) => {
      authorize(ctx, request, 'projects', 'update', request.params.name);
      return projects.addDestination(request.params.name, request.body);
    },
  );

  app.delete(
    '/api/v1/projects/:name/destinations',
    {
      schema: {
        ...schema,
        params: NameParams,
        querystring: Type.Object({
          server: Type.Optional(Type.String()),
          name: Type.Optional(Type.String()),
          namespace: Type.String(),
        }),
      },
    },
    async (request) => {
      authorize(ctx, request, 'projects', 'update', request.params.name);
      return projects.removeDestination(request.params.name, request.query);
    },
  );

  app.post(
    '/api/v1/projects/:name/sources',
    { schema: { ...schema, params: NameParams, body: SourceBody } },
    async (request) => {
      authorize(ctx, request, 'projects', 'update', request.params.name);
      return projects.addSource(request.params.name, request.body.repoURL);
    },
  );

  app.delete(
    '/api/v1/projects/:name/sources',
    { schema: { ...schema, params: NameParams, querystring: SourceQuery } },
    async (request) => {
      authorize(ctx, request, 'projects', 'update', request.params.name);
      return projects.removeSource(request.params.name, request.query.repoURL);
    },
  );
}
