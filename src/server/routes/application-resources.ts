import type { Application } from '../../apis/index.js';
import type { ResourceRef } from '../../service/index.js';
import {
  type Api,
  appObject,
  authorize,
  type ServerContext,
  ActionBody,
  DiffQuery,
  EventsQuery,
  LogsQuery,
  NameParams,
  ResourceQuery,
} from '../http/index.js';

const schema = { tags: ['applications'] };

/** What an application manages: diff, resource tree, one resource, actions, events, logs. */
export function applicationResourceRoutes(app: Api, ctx: ServerContext): void {
  const apps = ctx.backend.applications;
  const getApp = async (name: string): Promise<Application> => apps.get(name);

  app.get(
    '/api/v1/applications/:name/diff',
    { schema: { ...schema, params: NameParams, querystring: DiffQuery } },
    async (request) => {
      const found = await getApp(request.params.name);
      authorize(ctx, request, 'applications', 'get', appObject(found));
      const { revision } = request.query;
      return apps.diff(request.params.name, revision ? { revision } : {});
    },
  );

  app.get(
    '/api/v1/applications/:name/managed-resources',
    { schema: { ...schema, params: NameParams } },
    async (request) => {
      const found = await getApp(request.params.name);
      authorize(ctx, request, 'applications', 'get', appObject(found));
      return { items: (await apps.diff(request.params.name)).resources };
    },
  );

  app.get(
    '/api/v1/applications/:name/resource-tree',
    { schema: { ...schema, params: NameParams } },
    async (request) => {
      const found = await getApp(request.params.name);
      authorize(ctx, request, 'applications', 'get', appObject(found));
      return apps.resourceTree(request.params.name);
    },
  );

  app.get(
    '/api/v1/applications/:name/resource',
    { schema: { ...schema, params: NameParams, querystring: ResourceQuery } },
    async (request) => {
      const found = await getApp(request.params.name);
      authorize(ctx, request, 'applications', 'get', appObject(found));
      return apps.resource(request.params.name, refOf(request.query));
    },
  );

  app.post(
    '/api/v1/applications/:name/resource/actions',
    { schema: { ...schema, params: NameParams, querystring: ResourceQuery, body: ActionBody } },
    async (request) => {
      const found = await getApp(request.params.name);
      authorize(ctx, request, 'applications', 'action', appObject(found));
      const ref = refOf(request.query);
      request.audit = {
        resource: 'applications',
        action: `action/${request.body.action}`,
        object: `${appObject(found)}:${ref.kind}/${ref.namespace}/${ref.name}`,
      };
      await apps.runResourceAction(request.params.name, ref, request.body.action);
      return {};
    },
  );

  app.get(
    '/api/v1/applications/:name/events',
    { schema: { ...schema, params: NameParams, querystring: EventsQuery } },
    async (request) => {
      const found = await getApp(request.params.name);
      authorize(ctx, request, 'applications', 'get', appObject(found));
      const q = request.query;
      const ref =
        q.kind && q.resourceName
          ? refOf({ ...q, kind: q.kind, resourceName: q.resourceName })
          : undefined;
      return { items: await apps.events(request.params.name, ref) };
    },
  );

  app.get(
    '/api/v1/applications/:name/logs',
    { schema: { ...schema, params: NameParams, querystring: LogsQuery } },
    async (request) => {
      const found = await getApp(request.params.name);
      authorize(ctx, request, 'logs', 'get', appObject(found));
      const q = request.query;
      const text = await apps.podLogs(request.params.name, {
        namespace: q.namespace,
        pod: q.podName,
        ...(q.container ? { container: q.container } : {}),
        ...(q.tailLines !== undefined ? { tailLines: q.tailLines } : {}),
      });
      return { text };
    },
  );
}

function refOf(q: {
  readonly group?: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly resourceName: string;
}): ResourceRef {
  return {
    group: q.group ?? '',
    kind: q.kind,
    // Absent for cluster-scoped resources.
    namespace: q.namespace ?? '',
    name: q.resourceName,
  };
}
