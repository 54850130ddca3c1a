import type { FastifyRequest } from 'fastify';
import type { Action, Resource } from '../../api/index.js';
import { projectOf, type Application } from '../../apis/index.js';
import { ForbiddenError, UnauthenticatedError } from '../../service/index.js';
import type { Principal } from '../auth/index.js';
import type { ServerContext } from './context.js';

/** The caller, or a 401 when the request carried no valid token. */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new UnauthenticatedError();
  return request.principal;
}

/** RBAC check: records the target for the audit log and throws a 403 when the caller may not. */
export function authorize(
  ctx: ServerContext,
  request: FastifyRequest,
  resource: Resource,
  action: Action,
  object: string,
): Principal {
  request.audit = { resource, action, object };
  const principal = principalOf(request);
  if (!ctx.store.enforcer.can(principal, resource, action, object)) {
    request.denied = true;
    throw new ForbiddenError(
      `permission denied: ${resource}, ${action}, ${object} for ${principal.username}`,
    );
  }
  return principal;
}

/** The RBAC object of an application (and its logs): `<project>/<name>`. */
export function appObject(app: Pick<Application, 'spec' | 'metadata'>): string {
  return `${projectOf(app)}/${app.metadata.name ?? ''}`;
}

/** Whether the caller may `get` the application (list filtering, event streams). */
export function canGetApp(ctx: ServerContext, principal: Principal, app: Application): boolean {
  return ctx.store.enforcer.can(principal, 'applications', 'get', appObject(app));
}
