/** The API's routes, one file per area (see docs/http-api.md). */
export { sessionRoutes } from './session.js';
export { accountRoutes } from './accounts.js';
export { applicationRoutes } from './applications.js';
export { applicationResourceRoutes } from './application-resources.js';
export { streamRoutes } from './stream.js';
export { projectRoutes } from './projects.js';
export { repositoryRoutes } from './repositories.js';
export { clusterRoutes } from './clusters.js';
export { ssoRoutes } from './sso.js';
export { systemRoutes } from './system.js';
export { webhookRoutes, WEBHOOK_BODY_LIMIT } from './webhook.js';
