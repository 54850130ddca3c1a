import type { KubernetesObject, KubernetesObjectApi } from '@kubernetes/client-node';
import { FIELD_MANAGER, kubeErrorMessage, statusCodeOf } from '../apis/index.js';
import { KeelsonError } from '../core/index.js';
import { defaultProject } from './default-project.js';

/** The `default` AppProject could not be created. */
export class DefaultProjectError extends KeelsonError {
  constructor(namespace: string, reason: string, options?: { readonly cause?: unknown }) {
    super(`AppProject/${namespace}/default: ${reason}`, options);
  }
}

/**
 * Creates the `default` AppProject in `namespace` unless it exists. An
 * existing one is left as it is, so an administrator may narrow it (as in
 * Argo CD). Resolves `created` or `exists`.
 */
export async function ensureDefaultProject(
  api: KubernetesObjectApi,
  namespace: string,
): Promise<'created' | 'exists'> {
  // A custom resource passes through the client's serializer unchanged.
  const project = defaultProject(namespace) as unknown as KubernetesObject;
  try {
    await api.create(project, undefined, undefined, FIELD_MANAGER);
    return 'created';
  } catch (err) {
    if (statusCodeOf(err) === 409) return 'exists';
    throw new DefaultProjectError(namespace, `create failed: ${kubeErrorMessage(err)}`, {
      cause: err,
    });
  }
}
