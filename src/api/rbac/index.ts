/**
 * Role-based access control for the API server, in Casbin policy syntax with
 * Argo CD's model.
 *
 * A policy is CSV, one line per permission or role assignment:
 *
 * ```csv
 * # p, <subject>, <resource>, <action>, <object>, <allow|deny>
 * p, role:deployer, applications, sync, shop/*, allow
 * p, role:deployer, applications, get, staging/*, allow
 * p, alice, applications, delete, shop/payments, deny
 * # g, <user or group>, <role>
 * g, shop-team, role:deployer
 * g, bob, proj:shop:viewer
 * p, proj:shop:viewer, applications, get, shop/*, allow
 * ```
 *
 * - **Resources**: applications, projects, repositories, clusters, logs, accounts.
 * - **Actions**: get, create, update, delete, sync, override, action.
 * - **Objects**: `<project>/<name>` for applications and logs; the plain name
 *   (or URL) for the rest. `*` matches any characters including `/` (so
 *   `*` alone, or `*` + `/` + `*`, matches every application), `?` matches one.
 * - **Subjects**: a username, a group from the identity provider (the claims
 *   named by `scopes`, default `groups`), or a role. Built-in roles:
 *   `role:readonly` (get on everything) and `role:admin` (everything); the
 *   local `admin` account holds `role:admin`.
 * - **Project roles** `proj:<project>:<role>` may only grant on applications
 *   and logs of that project and `get` on the project itself; they cannot be
 *   given other roles. Violations are load errors.
 * - **Deny wins**: any matching deny line — for the user, one of their groups
 *   or the default role — overrides every allow.
 * - **Default role** (`policy.default`): a role every authenticated subject
 *   holds, e.g. `role:readonly`; unset means none.
 *
 * Configuration lives in the ConfigMap `keelson-rbac-cm` with keys
 * `policy.csv`, `policy.default` and `scopes` ({@link parseRbacConfig}).
 * A bad line fails loading with a {@link PolicyError} naming the line.
 */
export { Enforcer, type Subject, type EnforcerOptions } from './enforcer.js';
export { PolicyError } from './errors.js';
export { parseRbacConfig, RBAC_CONFIG_MAP, type RbacConfig } from './rbac-config.js';
export { BUILTIN_POLICY_CSV } from './builtin-policy.js';
export {
  RESOURCES,
  ACTIONS,
  PROJECT_SCOPED_RESOURCES,
  READONLY_ROLE,
  ADMIN_ROLE,
  isResource,
  isAction,
  type Resource,
  type Action,
  type Effect,
} from './vocabulary.js';
