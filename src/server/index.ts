/**
 * The API server (`keelson server`): Keelson's operations over REST for the
 * CLI (after `keelson login`) and the web UI, with authentication, RBAC,
 * webhooks, event streams, metrics and an audit log. Routes follow Argo
 * CD's paths; `docs/http-api.md` is the reference.
 *
 * - **Composition.** {@link startApiServer} takes a backend (the direct
 *   backend of `src/service`) and a kubeconfig; the server adds who-may-do-
 *   what in front. Fastify with TypeBox schemas (bodies reuse `src/apis`),
 *   OpenAPI at `/api/openapi.json`.
 * - **Settings** (namespace `keelson`): ConfigMap `keelson-cm` (`url`,
 *   `oidc.config`, `accounts.<name>`, `admin.enabled`), Secret
 *   `keelson-secret` (password hashes, `server.secretkey`, API token
 *   registry, logged-out sessions, webhook secrets), ConfigMap
 *   `keelson-rbac-cm`. Re-read every few seconds; the first start creates
 *   the signing key and the admin password (see `bootstrap.ts`).
 * - **Authentication.** A JWT from `Authorization: Bearer` or the
 *   `keelson.token` cookie. Sessions come from a password login or OIDC;
 *   API tokens from `POST /api/v1/account/{name}/token`. Cookie-authenticated
 *   writes need a JSON body or `X-Requested-With` (CSRF).
 * - **Authorization.** Every route asks the Casbin enforcer of `src/api/rbac`
 *   before it touches anything, so a refused request changes nothing; lists
 *   and event streams carry only what the caller may get.
 * - **Errors** are `{"error": message, "code": status}` (`http/errors.ts`).
 * - **Audit.** One `{"msg":"audit", user, action, resource, object, result,
 *   status}` line per state-changing request and login; never bodies or
 *   secrets.
 */
export { startApiServer, type ApiServer, type ApiServerOptions } from './start.js';
export type { ServerBackend, VisibilityPredicate } from './backend.js';
export {
  readInitialAdminPassword,
  PASSWORD_SOURCE_ANNOTATION,
  type InitialPasswordLookup,
} from './settings/index.js';
export { SETTINGS_CONFIG_MAP, SETTINGS_SECRET } from './settings/index.js';
export { accountSecretKey, SIGNING_KEY, ADMIN_ACCOUNT } from './settings/index.js';
export { TOKEN_COOKIE } from './auth/index.js';
export { BODY_LIMIT } from './app.js';
export { WEBHOOK_BODY_LIMIT } from './routes/index.js';
