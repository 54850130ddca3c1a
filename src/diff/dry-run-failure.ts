import {
  KubeApiError,
  MissingNamespaceError,
  UnknownKindError,
  isTransient,
} from '../cluster/index.js';
import { errorMessage } from '../core/index.js';
import type { DryRunFailure } from './types.js';

/** Sorts a dry-run error into the reasons callers act on (see {@link DryRunFailure}). */
export function classifyDryRunError(err: unknown): DryRunFailure {
  const message = errorMessage(err);
  const transient = isTransient(err);
  if (err instanceof UnknownKindError) return { reason: 'UnknownKind', message, transient };
  if (err instanceof MissingNamespaceError) return { reason: 'Invalid', message, transient };
  if (!(err instanceof KubeApiError)) return { reason: 'Error', message, transient };
  if (err.schemaRejection) return { reason: 'Invalid', message, transient };
  switch (err.status) {
    case 404:
      return {
        reason: err.details?.kind === 'namespaces' ? 'NamespaceNotFound' : 'UnknownKind',
        message,
        transient,
      };
    case 400:
    case 422:
      return { reason: 'Invalid', message, transient };
    case 403:
      return { reason: 'Forbidden', message, transient };
    case 409:
      // A uid precondition failing means the live object was replaced since
      // it was read: stale, not a field-manager conflict.
      return err.apiMessage.includes('uid mismatch')
        ? { reason: 'Error', message, transient: true }
        : { reason: 'Conflict', message, transient };
    default:
      return { reason: 'Error', message, transient };
  }
}
