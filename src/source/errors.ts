import { KeelsonError } from '../core/index.js';

/**
 * Base class of every error raised while pulling desired state from a source.
 * The message starts with the repository (credentials never included) and
 * `transient` says whether retrying later may help (network trouble, time-outs)
 * or not (authentication, a revision that does not exist, a refused URL).
 */
export class SourceError extends KeelsonError {
  constructor(
    readonly repo: string,
    message: string,
    readonly transient: boolean,
    options?: { readonly cause?: unknown },
  ) {
    super(`${repo}: ${message}`, options);
  }
}

/** The repository URL is malformed, uses an unsupported transport, or is not allowed here. */
export class RepositoryNotAllowedError extends SourceError {
  constructor(repo: string, reason: string) {
    super(repo, reason, false);
  }
}

/** The target revision matches no branch, tag, commit or semver constraint of the repository. */
export class RevisionNotFoundError extends SourceError {
  constructor(
    repo: string,
    readonly revision: string,
    detail = '',
  ) {
    super(repo, `revision "${revision}" not found${detail ? `: ${detail}` : ''}`, false);
  }
}

/** A git command failed; its (credential-scrubbed) stderr is part of the message. */
export class GitCommandError extends SourceError {
  constructor(
    repo: string,
    readonly operation: string,
    detail: string,
    transient: boolean,
    cause?: unknown,
  ) {
    super(repo, `git ${operation} failed: ${detail}`, transient, { cause });
  }
}

/** A Helm chart (or a version of it) could not be found or downloaded. */
export class ChartFetchError extends SourceError {
  constructor(repo: string, message: string, transient: boolean, cause?: unknown) {
    super(repo, message, transient, { cause });
  }
}

/**
 * A path given by a user (application path, value file, kustomize base) is
 * absolute, escapes the checkout with `..`, or is a symlink pointing outside it.
 */
export class PathEscapeError extends KeelsonError {
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`path "${path}": ${reason}; only paths inside the repository checkout are allowed`);
  }
}

/** A path inside the checkout does not exist. */
export class PathNotFoundError extends KeelsonError {
  constructor(
    readonly path: string,
    what = 'path',
  ) {
    super(`${what} "${path}" does not exist in the repository checkout`);
  }
}

/** The source specification itself is inconsistent (e.g. both `helm` and `kustomize` set). */
export class InvalidSourceError extends KeelsonError {
  constructor(
    readonly repo: string,
    readonly reason: string,
  ) {
    super(`${repo}: invalid source: ${reason}`);
  }
}
