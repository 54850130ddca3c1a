/**
 * Running external programs (git, helm, kustomize, sops, go, openssl, ...).
 *
 * Every program is spawned with an argument array, never through a shell, so
 * no argument is ever interpreted as shell syntax. Every call has a timeout.
 * Secrets handed in as `redact` are scrubbed from any error message or output
 * that leaves this module, so they cannot reach logs, events or API responses.
 */
export {
  runTool,
  ToolFailedError,
  ToolNotFoundError,
  type RunOptions,
  type RunResult,
} from './run.js';
export { redact } from './redact.js';
