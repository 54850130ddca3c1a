import {
  API_VERSION,
  DEFAULT_PROJECT_NAME,
  parseApplication,
  parseAppProject,
  projectOf,
  type Application,
  type AppProject,
} from '../apis/index.js';
import { assertValidAppName } from '../cluster/index.js';
import { isRecord, omitKeys } from '../core/index.js';
import { checkApplicationAgainstProject, defaultProject } from '../project/index.js';
import type { BackendContext } from './context.js';
import { AlreadyExistsError, InvalidRequestError } from './errors.js';
import { toBackendError } from './kube-errors.js';

/**
 * The application as it will be written: apiVersion/kind filled in when
 * absent, the backend's namespace, no `status` (the controller's) and no
 * `operation` (requested through sync), schema defaults applied. Throws
 * {@link InvalidRequestError} naming the field.
 */
export function normalizeApplication(input: unknown, namespace: string): Application {
  if (!isRecord(input) || !isRecord(input.metadata))
    throw new InvalidRequestError('Application: expected an object with metadata and spec');
  const rest = omitKeys(input, 'status', 'operation');
  const candidate = {
    apiVersion: API_VERSION,
    kind: 'Application',
    ...rest,
    metadata: { ...input.metadata, namespace },
  };
  let app: Application;
  try {
    app = parseApplication(candidate);
    assertValidAppName(app.metadata.name ?? '');
  } catch (err) {
    throw toBackendError(err);
  }
  if (!app.metadata.name) throw new InvalidRequestError('Application: metadata.name is required');
  const { server, name } = app.spec.destination;
  if (!!server === !!name)
    throw new InvalidRequestError(
      `Application/${app.metadata.name}: spec.destination must set exactly one of server and name`,
    );
  return app;
}

/** The project, creating `default` on first use as the controller does (Argo CD's always exists). */
export async function readProject(
  ctx: BackendContext,
  name: string,
): Promise<AppProject | undefined> {
  let raw = await ctx.projects.find(name);
  if (!raw && name === DEFAULT_PROJECT_NAME) {
    try {
      raw = await ctx.projects.create(defaultProject(ctx.namespace));
    } catch (err) {
      if (!(err instanceof AlreadyExistsError)) throw err;
      raw = await ctx.projects.get(name);
    }
  }
  return raw ? parseAppProject(raw) : undefined;
}

/**
 * Checks an application against its project: the project exists, the
 * destination cluster is registered, and the project permits the source
 * repository and the destination. Throws {@link InvalidRequestError}; the
 * controller checks the same rules before every sync.
 */
export async function checkProjectRules(ctx: BackendContext, app: Application): Promise<void> {
  const where = `Application/${app.metadata.name ?? ''}`;
  const projectName = projectOf(app);
  const project = await readProject(ctx, projectName);
  if (!project)
    throw new InvalidRequestError(
      `${where}: spec.project: project "${projectName}" does not exist`,
    );
  const cluster = await ctx.destination(app.spec.destination);
  const violations = checkApplicationAgainstProject(app, project, {
    cluster: { name: cluster.name, server: cluster.server },
  });
  if (violations.length > 0)
    throw new InvalidRequestError(`${where}: ${violations.map((v) => v.message).join('; ')}`);
}

/** Reads an application (from the cache when there is one); throws `NotFoundError`. */
export async function readApplication(ctx: BackendContext, name: string): Promise<Application> {
  const cached = ctx.cache?.get(name);
  if (cached) return cached;
  const raw = await ctx.apps.get(name);
  return raw as Application;
}
