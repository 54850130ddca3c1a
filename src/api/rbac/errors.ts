import { KeelsonError } from '../../core/index.js';

/** An RBAC policy could not be loaded. The message names the line and what is wrong with it. */
export class PolicyError extends KeelsonError {
  constructor(
    /** 1-based line number in `policy.csv`, when the problem is on a line. */
    readonly line: number | undefined,
    readonly reason: string,
    options?: { readonly cause?: unknown },
  ) {
    super(
      line === undefined ? `RBAC policy: ${reason}` : `RBAC policy line ${line}: ${reason}`,
      options,
    );
  }
}
