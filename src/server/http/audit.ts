import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from '../../core/index.js';

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * One JSON line per state-changing request (logins included):
 * `{"msg":"audit", user, action, resource, object, result, status}`.
 * `result` is `allowed` (done), `denied` (RBAC said no) or `failed`
 * (refused for another reason). Never bodies, tokens or passwords.
 */
export function auditRequest(logger: Logger, request: FastifyRequest, reply: FastifyReply): void {
  if (!STATE_CHANGING.has(request.method)) return;
  const status = reply.statusCode;
  const target = request.audit ?? {
    resource: request.routeOptions.url ?? 'unmatched',
    action: request.method.toLowerCase(),
  };
  logger.info('audit', {
    user: request.principal?.username ?? request.auditUser ?? 'anonymous',
    action: target.action,
    resource: target.resource,
    object: target.object,
    result: request.denied || status === 403 ? 'denied' : status < 400 ? 'allowed' : 'failed',
    status,
    method: request.method,
    clientIp: request.ip,
  });
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Who a request claims to be before authenticating (the username of a login). */
    auditUser?: string;
  }
}
