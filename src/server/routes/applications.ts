import { ApplicationSchema, type Application } from '../../apis/index.js';
import {
  InvalidRequestError,
  type ApplicationListQuery,
  type ApplicationPatch,
  type DeletionPropagation,
} from '../../service/index.js';
import {
  type Api,
  recordRequestEvent,
  appObject,
  authorize,
  canGetApp,
  principalOf,
  type ServerContext,
  ApplicationListQuerySchema,
  ApplicationPatchSchema,
  asList,
  DeleteAppQuery,
  NameParams,
  RefreshQuery,
  RollbackBody,
  SyncBody,
  UpsertQuery,
  type ApplicationListQueryInput,
} from '../http/index.js';

const schema = { tags: ['applications'] };

/** Applications: list, CRUD, sync, rollback, terminate (RBAC object `<project>/<name>`). */
export function applicationRoutes(app: Api, ctx: ServerContext): void {
  const apps = ctx.backend.applications;

  app.get(
    '/api/v1/applications',
    { schema: { ...schema, querystring: ApplicationListQuerySchema } },
    async (request) => {
      const principal = principalOf(request);
      return apps.list(listQuery(request.query), (a) => canGetApp(ctx, principal, a));
    },
  );

  app.post(
    '/api/v1/applications',
    { schema: { ...schema, querystring: UpsertQuery, body: ApplicationSchema } },
    async (request) => {
      const body = request.body as Application;
      const name = requireName(body);
      authorize(ctx, request, 'applications', 'create', appObject(body));
      const upsert = request.query.upsert === true;
      if (upsert) {
        const existing = await apps.get(name).catch(() => undefined);
        if (existing) authorize(ctx, request, 'applications', 'update', appObject(existing));
        request.audit = { resource: 'applications', action: 'create', object: appObject(body) };
      }
      return apps.create(body, { upsert });
    },
  );

  app.get(
    '/api/v1/applications/:name',
    { schema: { ...schema, params: NameParams, querystring: RefreshQuery } },
    async (request) => {
      const found = await apps.get(request.params.name);
      authorize(ctx, request, 'applications', 'get', appObject(found));
      const kind = request.query.refresh;
      return kind ? apps.refresh(found.metadata.name ?? request.params.name, kind) : found;
    },
  );

  app.put(
    '/api/v1/applications/:name',
    { schema: { ...schema, params: NameParams, body: ApplicationSchema } },
    async (request) => {
      const body = request.body as Application;
      if (requireName(body) !== request.params.name)
        throw new InvalidRequestError(
          `metadata.name "${body.metadata.name}" does not match the URL's "${request.params.name}"`,
        );
      const old = await apps.get(request.params.name);
      authorize(ctx, request, 'applications', 'update', appObject(old));
      authorize(ctx, request, 'applications', 'update', appObject(body));
      return apps.update(body);
    },
  );

  app.patch(
    '/api/v1/applications/:name',
    { schema: { ...schema, params: NameParams, body: ApplicationPatchSchema } },
    async (request) => {
      const old = await apps.get(request.params.name);
      const patch = request.body as ApplicationPatch;
      authorize(ctx, request, 'applications', 'update', appObject(old));
      if (patch.project !== undefined)
        authorize(
          ctx,
          request,
          'applications',
          'update',
          `${patch.project}/${request.params.name}`,
        );
      return apps.patch(request.params.name, patch);
    },
  );

  app.delete(
    '/api/v1/applications/:name',
    { schema: { ...schema, params: NameParams, querystring: DeleteAppQuery } },
    async (request) => {
      const found = await apps.get(request.params.name);
      const principal = authorize(ctx, request, 'applications', 'delete', appObject(found));
      const propagation: DeletionPropagation =
        request.query.cascade === false
          ? 'orphan'
          : (request.query.propagationPolicy ?? 'foreground');
      await apps.delete(request.params.name, propagation);
      recordRequestEvent(
        ctx,
        found,
        'DeletionRequested',
        `${principal.username} requested deletion (${propagation})`,
      );
      return {};
    },
  );

  app.post(
    '/api/v1/applications/:name/sync',
    { schema: { ...schema, params: NameParams, body: SyncBody } },
    async (request) => {
      const found = await apps.get(request.params.name);
      const principal = authorize(ctx, request, 'applications', 'sync', appObject(found));
      const { revision } = request.body;
      if (revision && revision !== (found.spec.source.targetRevision ?? 'HEAD'))
        authorize(ctx, request, 'applications', 'override', appObject(found));
      request.audit = { resource: 'applications', action: 'sync', object: appObject(found) };
      const synced = await apps.sync(request.params.name, request.body, {
        username: principal.username,
      });
      const to = revision ?? found.spec.source.targetRevision ?? 'HEAD';
      recordRequestEvent(
        ctx,
        found,
        'SyncRequested',
        `${principal.username} requested sync to ${to}`,
      );
      return synced;
    },
  );

  app.post(
    '/api/v1/applications/:name/rollback',
    { schema: { ...schema, params: NameParams, body: RollbackBody } },
    async (request) => {
      const found = await apps.get(request.params.name);
      const principal = authorize(ctx, request, 'applications', 'sync', appObject(found));
      request.audit = { resource: 'applications', action: 'rollback', object: appObject(found) };
      const result = await apps.rollback(request.params.name, request.body, {
        username: principal.username,
      });
      recordRequestEvent(
        ctx,
        found,
        'RollbackRequested',
        `${principal.username} requested rollback to history entry ${request.body.id}`,
      );
      return result;
    },
  );

  app.delete(
    '/api/v1/applications/:name/operation',
    { schema: { ...schema, params: NameParams } },
    async (request) => {
      const found = await apps.get(request.params.name);
      authorize(ctx, request, 'applications', 'sync', appObject(found));
      request.audit = { resource: 'applications', action: 'terminate', object: appObject(found) };
      return apps.terminateOperation(request.params.name);
    },
  );
}

function requireName(app: Application): string {
  const name = app.metadata.name;
  if (!name) throw new InvalidRequestError('body/metadata/name: an application needs a name');
  return name;
}

function listQuery(q: ApplicationListQueryInput): ApplicationListQuery {
  const projects = asList(q.project);
  const sync = asList(q.sync);
  const health = asList(q.health);
  return {
    ...(projects?.length ? { projects } : {}),
    ...(q.selector ? { selector: q.selector } : {}),
    ...(q.search ? { search: q.search } : {}),
    ...(sync?.length ? { sync } : {}),
    ...(health?.length ? { health } : {}),
    ...(q.cluster ? { cluster: q.cluster } : {}),
    ...(q.namespace ? { namespace: q.namespace } : {}),
    ...(q.limit !== undefined ? { limit: q.limit } : {}),
    ...(q.continue ? { continue: q.continue } : {}),
  };
}
