import type { FastifyError } from 'fastify';
import { AuthError, LoginRateLimitedError, PolicyError, WebhookError } from '../../api/index.js';
import { InvalidResourceError } from '../../apis/index.js';
import { KubeApiError } from '../../cluster/index.js';
import { errorMessage, KeelsonError } from '../../core/index.js';
import { BackendError } from '../../service/index.js';

/** An error as the API answers it: `{"error": message, "code": status}`. */
export interface ErrorReply {
  readonly status: number;
  readonly body: { readonly error: string; readonly code: number };
  readonly headers?: Readonly<Record<string, string>>;
}

function reply(status: number, message: string, headers?: Record<string, string>): ErrorReply {
  return { status, body: { error: message, code: status }, ...(headers ? { headers } : {}) };
}

/**
 * Maps any thrown error to the answer. Typed errors carry their status;
 * framework errors (bad JSON 400, body too large 413, unsupported media 415,
 * schema violations 400) keep theirs; anything else is a 500 whose details
 * go to the log only.
 */
export function errorReply(err: unknown): ErrorReply {
  if (err instanceof LoginRateLimitedError)
    return reply(429, err.message, {
      'retry-after': String(Math.max(1, Math.ceil(err.retryAfterMs / 1000))),
    });
  if (err instanceof BackendError || err instanceof AuthError || err instanceof WebhookError)
    return reply(err.status, err.message);
  if (err instanceof InvalidResourceError || err instanceof PolicyError)
    return reply(400, err.message);
  if (err instanceof KubeApiError) return reply(kubeStatus(err), err.message);
  if (isFastifyError(err)) {
    if (err.validation) return reply(400, `invalid request: ${err.message}`);
    const status = err.statusCode ?? 500;
    if (status >= 400 && status < 500) return reply(status, fastifyMessage(err));
  }
  if (err instanceof KeelsonError) return reply(500, err.message);
  return reply(500, 'internal server error (details are in the server log)');
}

function kubeStatus(err: KubeApiError): number {
  if (err.status === 404 || err.status === 409) return err.status;
  if (err.status === 400 || err.status === 422) return 400;
  if (err.status === 0 || err.status >= 500) return 503;
  return 500;
}

function isFastifyError(err: unknown): err is FastifyError {
  return err instanceof Error && typeof (err as FastifyError).code === 'string';
}

function fastifyMessage(err: FastifyError): string {
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'request body is too large';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return `unsupported content type: ${errorMessage(err).replace(/^Unsupported Media Type:?\s*/, '')}; send application/json`;
    default:
      return err.message;
  }
}
