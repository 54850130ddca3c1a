/**
 * The API server's security building blocks, each in its own subfolder:
 *
 * - `auth/`: password hashing, the initial admin password, JWT sessions and
 *   API tokens, login rate limiting, OIDC single sign-on;
 * - `rbac/`: the Casbin enforcer with Argo CD's policy model and the
 *   `keelson-rbac-cm` configuration;
 * - `webhook/`: verifying and parsing Git push webhooks, and matching pushes
 *   to applications.
 *
 * The server (`src/server`) composes them; other folders import them from
 * here.
 */
export * from './auth/index.js';
export * from './rbac/index.js';
export * from './webhook/index.js';
