import { KeelsonError } from '../core/index.js';

/**
 * Base class of every rendering error. The message starts with the place it
 * is about: the application path, or `file:line:column` for a bad manifest.
 */
export class RenderError extends KeelsonError {}

/** A manifest file is not valid YAML, or a document in it is not a Kubernetes object. */
export class InvalidManifestError extends RenderError {
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    readonly column: number | undefined,
    readonly reason: string,
  ) {
    super(`${file}${line ? `:${line}` : ''}${line && column ? `:${column}` : ''}: ${reason}`);
  }
}

/** A file or a YAML document is larger than the configured limit. */
export class ManifestTooLargeError extends RenderError {
  constructor(
    readonly file: string,
    readonly what: 'file' | 'document' | 'output',
    readonly size: number,
    readonly limit: number,
  ) {
    super(`${file}: ${what} of ${size} bytes is larger than the limit of ${limit} bytes`);
  }
}

/**
 * Rendering succeeded but produced no manifests. Reported as an error so that
 * nobody mistakes it for "the application wants nothing" and prunes everything.
 */
export class NoManifestsError extends RenderError {
  constructor(
    readonly path: string,
    readonly type: string,
  ) {
    super(`${path}: rendering (${type}) produced no manifests; refusing an empty result`);
  }
}

/** Two manifests describe the same object. */
export class DuplicateManifestError extends RenderError {
  constructor(
    readonly object: string,
    readonly first: string,
    readonly second: string,
  ) {
    super(`${object} is defined twice: in ${first} and in ${second}`);
  }
}

/** A kustomization refers to a remote base or resource and remote bases are not allowed. */
export class RemoteBaseRefusedError extends RenderError {
  constructor(
    readonly kustomization: string,
    readonly entry: string,
  ) {
    super(
      `${kustomization}: remote base or resource "${entry}" refused (remote bases are not allowed; only paths inside the repository)`,
    );
  }
}

/** helm or kustomize failed; the message carries the tool's own error. */
export class RenderToolError extends RenderError {
  constructor(
    readonly path: string,
    readonly tool: string,
    readonly detail: string,
    options?: { readonly cause?: unknown },
  ) {
    super(`${path}: ${tool} failed: ${detail}`, options);
  }
}

/** A render ran out of time. */
export class RenderTimeoutError extends RenderError {
  constructor(
    readonly path: string,
    readonly timeoutMs: number,
  ) {
    super(`${path}: rendering took longer than ${timeoutMs} ms`);
  }
}

/** A render needs helm or kustomize and none was configured. */
export class MissingToolError extends RenderError {
  constructor(
    readonly tool: string,
    readonly path: string,
  ) {
    super(`${path}: rendering needs ${tool}, but no ${tool} binary was configured`);
  }
}
