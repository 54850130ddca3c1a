import { projectOf, type Application, type AppProject } from '../apis/index.js';
import { describeObject, type ResourceKey } from '../core/index.js';
import { isDestinationPermitted, type DestinationToCheck } from './destination.js';
import { isResourcePermitted } from './resources.js';
import { isSourcePermitted } from './source.js';

/** Which project rule was broken. */
export type ProjectViolationType =
  'ProjectNotFound' | 'SourceNotPermitted' | 'DestinationNotPermitted' | 'ResourceNotPermitted';

/** One broken project rule, in words a user can act on. */
export interface ProjectViolation {
  readonly type: ProjectViolationType;
  readonly message: string;
  /** The resource concerned, for `ResourceNotPermitted`. */
  readonly resource?: ResourceKey;
}

/** The destination cluster as resolved from the registered clusters: both its name and server. */
export interface ResolvedCluster {
  readonly name: string;
  readonly server: string;
}

export interface ProjectCheckOptions {
  /**
   * The destination cluster, when resolved. Project entries may name a
   * cluster by server or by name; knowing both lets either kind of entry
   * match an application that uses the other.
   */
  readonly cluster?: ResolvedCluster;
}

function destinationOf(app: Application, cluster: ResolvedCluster | undefined): DestinationToCheck {
  const dst = app.spec.destination;
  return {
    server: dst.server || cluster?.server,
    name: dst.name || cluster?.name,
    namespace: dst.namespace ?? '',
  };
}

function describeDestination(dst: DestinationToCheck): string {
  const cluster = [dst.name, dst.server].filter(Boolean).join(' ');
  return `cluster ${cluster || '<none>'}, namespace ${dst.namespace || '<none>'}`;
}

/**
 * Checks an application's source and destination against its project
 * (`undefined` when the project does not exist). Returns every violation,
 * empty when the application may be synced; the controller checks this
 * before every sync and reports violations as conditions instead of applying.
 */
export function checkApplicationAgainstProject(
  app: Application,
  project: AppProject | undefined,
  options: ProjectCheckOptions = {},
): ProjectViolation[] {
  const name = projectOf(app);
  if (!project) return [{ type: 'ProjectNotFound', message: `project "${name}" does not exist` }];
  const violations: ProjectViolation[] = [];
  const repo = app.spec.source.repoURL;
  if (!isSourcePermitted(project, repo))
    violations.push({
      type: 'SourceNotPermitted',
      message: `repository ${repo} is not permitted in project "${name}"`,
    });
  const dst = destinationOf(app, options.cluster);
  if (!isDestinationPermitted(project, dst))
    violations.push({
      type: 'DestinationNotPermitted',
      message: `destination ${describeDestination(dst)} is not permitted in project "${name}"`,
    });
  return violations;
}

/** A rendered resource to check: its key and whether its kind is namespaced. */
export interface ResourceToCheck extends ResourceKey {
  readonly namespaced: boolean;
}

/**
 * Checks the resources an application would deploy: each kind must be
 * permitted (see {@link isResourcePermitted}), and each namespaced resource's
 * namespace must be a permitted destination on the application's cluster (as
 * Argo CD checks). Violations come in the order of `resources`.
 */
export function checkResourcesAgainstProject(
  app: Application,
  project: AppProject,
  resources: readonly ResourceToCheck[],
  options: ProjectCheckOptions = {},
): ProjectViolation[] {
  const name = projectOf(app);
  const dst = destinationOf(app, options.cluster);
  const violations: ProjectViolation[] = [];
  for (const r of resources) {
    const key: ResourceKey = { group: r.group, kind: r.kind, namespace: r.namespace, name: r.name };
    const kind = r.group ? `${r.group}/${r.kind}` : r.kind;
    if (!isResourcePermitted(project, r)) {
      const scope = r.namespaced ? 'namespaced' : 'cluster-scoped';
      violations.push({
        type: 'ResourceNotPermitted',
        message: `${describeObject(key)}: ${scope} kind ${kind} is not permitted in project "${name}"`,
        resource: key,
      });
    } else if (
      r.namespaced &&
      !isDestinationPermitted(project, { ...dst, namespace: r.namespace })
    ) {
      violations.push({
        type: 'ResourceNotPermitted',
        message: `${describeObject(key)}: namespace ${r.namespace} is not a permitted destination in project "${name}"`,
        resource: key,
      });
    }
  }
  return violations;
}
