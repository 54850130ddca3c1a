import { InvalidResourceError } from '../apis/index.js';
import { KubeApiError, InvalidAppNameError } from '../cluster/index.js';
import { InvalidCredentialSecretError } from '../credentials/index.js';
import {
  AlreadyExistsError,
  BackendError,
  ConflictError,
  ForbiddenError,
  InvalidRequestError,
  NotFoundError,
  UnavailableError,
} from './errors.js';

/** What a request was about, so a 404 or 409 names it (`Application "web"`). */
export interface ErrorSubject {
  readonly kind: string;
  readonly name: string;
}

/**
 * Turns what Kubernetes (or a validation) threw into the {@link BackendError}
 * family: 404 → NotFound, 409 → AlreadyExists/Conflict, 403 → Forbidden with
 * Kubernetes' RBAC message, 400/422 → InvalidRequest, no answer, throttling
 * and server errors → Unavailable naming the API server. Backend errors pass
 * through; anything else is returned unchanged.
 */
export function toBackendError(err: unknown, subject?: ErrorSubject, server?: string): unknown {
  if (err instanceof BackendError) return err;
  if (err instanceof InvalidResourceError || err instanceof InvalidAppNameError)
    return new InvalidRequestError(err.message, { cause: err });
  if (err instanceof InvalidCredentialSecretError)
    return new InvalidRequestError(err.message, { cause: err });
  if (!(err instanceof KubeApiError)) return err;
  switch (err.status) {
    case 404:
      return subject
        ? new NotFoundError(subject.kind, subject.name)
        : new BackendError(err.message, 404);
    case 409:
      if (err.reason === 'AlreadyExists' && subject)
        return new AlreadyExistsError(subject.kind, subject.name);
      return new ConflictError(`${err.message} (it changed meanwhile; retry)`);
    case 403:
      return new ForbiddenError(`Kubernetes refused: ${err.apiMessage}`);
    case 400:
    case 422:
      return new InvalidRequestError(err.message, { cause: err });
    default:
      if (err.status === 0 || err.status === 429 || err.status >= 500)
        return new UnavailableError(
          `Kubernetes API server ${server ? `${server} ` : ''}unavailable: ${err.message}`,
          { cause: err },
        );
      return new BackendError(err.message, err.status >= 400 ? err.status : 502);
  }
}

/** Runs `fn`, mapping its failure with {@link toBackendError}. */
export async function mapKubeErrors<T>(
  fn: () => Promise<T>,
  subject?: ErrorSubject,
  server?: string,
): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw toBackendError(err, subject, server);
  }
}
