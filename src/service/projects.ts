import {
  API_VERSION,
  DEFAULT_PROJECT_NAME,
  normalizeRepoURL,
  parseAppProject,
  projectOf,
  type Application,
  type AppProject,
} from '../apis/index.js';
import { isRecord, omitKeys } from '../core/index.js';
import { retryOnConflict } from './app-write.js';
import { readProject } from './app-validate.js';
import type { BackendContext } from './context.js';
import { AlreadyExistsError, ConflictError, InvalidRequestError, NotFoundError } from './errors.js';
import { toBackendError } from './kube-errors.js';
import { sortByName } from './app-query.js';
import type { ProjectOperations } from './types.js';

type Destination = { readonly server?: string; readonly name?: string; readonly namespace: string };

function normalizeProject(input: unknown, namespace: string): AppProject {
  if (!isRecord(input) || !isRecord(input.metadata))
    throw new InvalidRequestError('AppProject: expected an object with metadata and spec');
  const rest = omitKeys(input, 'status');
  try {
    const project = parseAppProject({
      apiVersion: API_VERSION,
      kind: 'AppProject',
      ...rest,
      metadata: { ...input.metadata, namespace },
    });
    if (!project.metadata.name)
      throw new InvalidRequestError('AppProject: metadata.name is required');
    return project;
  } catch (err) {
    throw toBackendError(err);
  }
}

const sameDestination = (a: Destination, b: Destination): boolean =>
  (a.server ?? '') === (b.server ?? '') &&
  (a.name ?? '') === (b.name ?? '') &&
  a.namespace === b.namespace;

function checkDestination(d: Destination): void {
  if (!d.server === !d.name)
    throw new InvalidRequestError('project destination: set exactly one of server and name');
  if (!d.namespace)
    throw new InvalidRequestError('project destination: namespace is required (use * for any)');
}

/** AppProjects in Kubernetes. `default` exists from the first use, as in Argo CD. */
export class DirectProjects implements ProjectOperations {
  constructor(private readonly ctx: BackendContext) {}

  async list(): Promise<readonly AppProject[]> {
    await readProject(this.ctx, DEFAULT_PROJECT_NAME);
    return sortByName((await this.ctx.projects.list()) as AppProject[]);
  }

  async get(name: string): Promise<AppProject> {
    const project = await readProject(this.ctx, name);
    if (!project) throw new NotFoundError('AppProject', name);
    return project;
  }

  async create(
    input: AppProject,
    options: { readonly upsert?: boolean } = {},
  ): Promise<AppProject> {
    const project = normalizeProject(input, this.ctx.namespace);
    try {
      return (await this.ctx.projects.create(project)) as AppProject;
    } catch (err) {
      if (!(err instanceof AlreadyExistsError) || !options.upsert) throw err;
    }
    return this.replaceSpec(project, undefined);
  }

  async update(input: AppProject): Promise<AppProject> {
    const project = normalizeProject(input, this.ctx.namespace);
    return this.replaceSpec(project, input.metadata.resourceVersion);
  }

  private replaceSpec(
    project: AppProject,
    resourceVersion: string | undefined,
  ): Promise<AppProject> {
    const write = async (): Promise<AppProject> => {
      const live = (await this.ctx.projects.get(project.metadata.name ?? '')) as AppProject;
      return (await this.ctx.projects.replace({
        ...live,
        metadata: {
          ...live.metadata,
          resourceVersion: resourceVersion ?? live.metadata.resourceVersion,
          ...(project.metadata.labels ? { labels: project.metadata.labels } : {}),
          ...(project.metadata.annotations ? { annotations: project.metadata.annotations } : {}),
        },
        spec: project.spec,
      })) as AppProject;
    };
    return resourceVersion ? write() : retryOnConflict(write);
  }

  /** Refused while any application belongs to the project. */
  async delete(name: string): Promise<void> {
    const apps = (await this.ctx.apps.list()) as Application[];
    const users = apps.filter((a) => projectOf(a) === name).map((a) => a.metadata.name ?? '');
    if (users.length > 0)
      throw new ConflictError(
        `AppProject ${name} is used by ${users.length} application(s): ${users.slice(0, 5).join(', ')}${users.length > 5 ? ', …' : ''}`,
      );
    await this.ctx.projects.delete(name);
  }

  private modify(
    name: string,
    change: (spec: AppProject['spec']) => AppProject['spec'] | undefined,
  ): Promise<AppProject> {
    return retryOnConflict(async () => {
      const live = await this.get(name);
      const spec = change(live.spec);
      if (!spec) return live; // already as asked: idempotent
      return (await this.ctx.projects.replace({ ...live, spec })) as AppProject;
    });
  }

  addDestination(name: string, destination: Destination): Promise<AppProject> {
    checkDestination(destination);
    return this.modify(name, (spec) => {
      const list = spec.destinations ?? [];
      if (list.some((d) => sameDestination(d as Destination, destination))) return undefined;
      return { ...spec, destinations: [...list, { ...destination }] };
    });
  }

  removeDestination(name: string, destination: Destination): Promise<AppProject> {
    return this.modify(name, (spec) => {
      const list = spec.destinations ?? [];
      const kept = list.filter((d) => !sameDestination(d as Destination, destination));
      return kept.length === list.length ? undefined : { ...spec, destinations: kept };
    });
  }

  addSource(name: string, repoURL: string): Promise<AppProject> {
    if (!repoURL.trim())
      throw new InvalidRequestError('project source: repository URL is required');
    return this.modify(name, (spec) => {
      const list = spec.sourceRepos ?? [];
      if (list.some((r) => r === repoURL || normalizeRepoURL(r) === normalizeRepoURL(repoURL)))
        return undefined;
      return { ...spec, sourceRepos: [...list, repoURL] };
    });
  }

  removeSource(name: string, repoURL: string): Promise<AppProject> {
    return this.modify(name, (spec) => {
      const list = spec.sourceRepos ?? [];
      const kept = list.filter(
        (r) => r !== repoURL && normalizeRepoURL(r) !== normalizeRepoURL(repoURL),
      );
      return kept.length === list.length ? undefined : { ...spec, sourceRepos: kept };
    });
  }
}
