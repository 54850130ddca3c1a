/**
 * The words an RBAC policy is written in: resources, actions, effects, and
 * the shape of the objects each resource names.
 */

/** What a policy line can grant access to. */
export const RESOURCES = [
  'applications',
  'projects',
  'repositories',
  'clusters',
  'logs',
  'accounts',
] as const;
export type Resource = (typeof RESOURCES)[number];

/** What a subject may do with a resource. `override` and `action` only mean something for applications. */
export const ACTIONS = ['get', 'create', 'update', 'delete', 'sync', 'override', 'action'] as const;
export type Action = (typeof ACTIONS)[number];

export type Effect = 'allow' | 'deny';

/**
 * Resources whose objects belong to a project and are named `<project>/<name>`
 * (same split as Argo CD: applications and their logs live in a project; the
 * other resources are named by themselves).
 */
export const PROJECT_SCOPED_RESOURCES: ReadonlySet<Resource> = new Set(['applications', 'logs']);

export function isResource(value: string): value is Resource {
  return (RESOURCES as readonly string[]).includes(value);
}

export function isAction(value: string): value is Action {
  return (ACTIONS as readonly string[]).includes(value);
}

/** The role every policy may name to give someone read access to everything. */
export const READONLY_ROLE = 'role:readonly';
/** The role that may do everything. The local `admin` account holds it. */
export const ADMIN_ROLE = 'role:admin';

/** Prefix of project-scoped roles: `proj:<project>:<role>`. */
export const PROJECT_ROLE_PREFIX = 'proj:';

/** Splits `proj:<project>:<role>` into its parts, or returns undefined for other subjects. */
export function parseProjectRole(
  subject: string,
): { readonly project: string; readonly role: string } | undefined {
  if (!subject.startsWith(PROJECT_ROLE_PREFIX)) return undefined;
  const rest = subject.slice(PROJECT_ROLE_PREFIX.length);
  const colon = rest.indexOf(':');
  if (colon <= 0 || colon === rest.length - 1) return undefined;
  return { project: rest.slice(0, colon), role: rest.slice(colon + 1) };
}
