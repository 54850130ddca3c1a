import { kubeErrorMessage, statusCodeOf, type AppProject } from '../apis/index.js';
import { KeelsonError } from '../core/index.js';
import { defaultProject } from './default-project.js';

/** The `default` AppProject could not be created. */
export class DefaultProjectError extends KeelsonError {
  constructor(namespace: string, reason: string, options?: { readonly cause?: unknown }) {
    super(`AppProject/${namespace}/default: ${reason}`, options);
  }
}

/**
 * Creates an object in the cluster (a POST with Keelson's field manager);
 * rejects with an error carrying the HTTP status (409 when it exists).
 */
export type CreateProject = (project: AppProject) => Promise<unknown>;

/**
 * Creates the `default` AppProject in `namespace` unless it exists. An
 * existing one is left as it is, so an administrator may narrow it (as in
 * Argo CD). Resolves `created` or `exists`.
 */
export async function ensureDefaultProject(
  create: CreateProject,
  namespace: string,
): Promise<'created' | 'exists'> {
  try {
    await create(defaultProject(namespace));
    return 'created';
  } catch (err) {
    if (statusCodeOf(err) === 409) return 'exists';
    throw new DefaultProjectError(namespace, `create failed: ${kubeErrorMessage(err)}`, {
      cause: err,
    });
  }
}
