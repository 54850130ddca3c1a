/**
 * Base class for every error Keelson raises on purpose. The message names the
 * object or place the error is about; `cause` keeps the underlying error.
 */
export class KeelsonError extends Error {
  constructor(message: string, options?: { readonly cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A program Keelson needs (node, git, go, openssl, ...) is not installed or too old. */
export class MissingPrerequisiteError extends KeelsonError {
  constructor(
    readonly prerequisite: string,
    readonly hint: string,
  ) {
    super(`missing prerequisite: ${prerequisite} (${hint})`);
  }
}

/** Renders an unknown thrown value as a one-line message for users. */
export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
