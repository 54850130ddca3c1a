import { KeelsonError } from '../core/index.js';

/**
 * A kubeconfig could not be loaded or used. The message names the source
 * (file, `in-cluster service account` or cluster name) and the context, and
 * never carries a token, key or password.
 */
export class KubeconfigError extends KeelsonError {
  constructor(
    /** A file path (or `:`-joined list), `in-cluster service account`, or a cluster name. */
    readonly source: string,
    readonly problem: string,
    readonly context?: string,
    options?: { readonly cause?: unknown },
  ) {
    const where = context ? `${source} (context ${JSON.stringify(context)})` : source;
    super(`kubeconfig ${where}: ${problem}`, options);
  }
}
