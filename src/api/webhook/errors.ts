import { KeelsonError } from '../../core/index.js';
import type { WebhookProvider } from './types.js';

const NAMES: Record<WebhookProvider, string> = {
  github: 'GitHub',
  gitlab: 'GitLab',
  bitbucket: 'Bitbucket',
  gitea: 'Gitea',
};

/** Display name of a provider, for messages. */
export function providerName(provider: WebhookProvider): string {
  return NAMES[provider];
}

/**
 * Base class of refused webhook deliveries. `status` is the HTTP status to
 * answer with. Messages never contain a secret or a signature.
 */
export class WebhookError extends KeelsonError {
  constructor(
    message: string,
    readonly status: number,
    options?: { readonly cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The signature or token is missing or wrong (401). */
export class WebhookSignatureError extends WebhookError {
  constructor(
    readonly provider: WebhookProvider,
    reason: string,
  ) {
    super(`${providerName(provider)} webhook: ${reason}`, 401);
  }
}

/** The body is not a payload of the kind its headers announce (400). */
export class WebhookPayloadError extends WebhookError {
  constructor(
    readonly provider: WebhookProvider,
    reason: string,
    options?: { readonly cause?: unknown },
  ) {
    super(`${providerName(provider)} webhook: ${reason}`, 400, options);
  }
}

/** The body is larger than the configured limit (413). */
export class WebhookTooLargeError extends WebhookError {
  constructor(
    readonly size: number,
    readonly limit: number,
  ) {
    super(`webhook payload of ${size} bytes exceeds the limit of ${limit} bytes`, 413);
  }
}
