/**
 * HTTP plumbing shared by the routes: the typed Fastify instance, the route
 * context, RBAC checks, cookies, schemas, errors, audit, metrics and the UI.
 */
export type { Api } from './api-type.js';
export type { ServerContext, AuditTarget } from './context.js';
export { authorize, principalOf, appObject, canGetApp } from './authorize.js';
export { externalUrl, secureCookies, setCookie, clearCookie } from './cookies.js';
export { recordRequestEvent } from './app-events.js';
export { errorReply, type ErrorReply } from './errors.js';
export { auditRequest } from './audit.js';
export { HttpMetrics } from './metrics.js';
export { hasUi, isApiPath, registerUi, spaFallback } from './ui.js';
export * from './schemas.js';
