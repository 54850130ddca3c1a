/**
 * Reading errors from `@kubernetes/client-node`: its ApiException carries
 * the HTTP status in `code` and the API server's Status object in `body`
 * (as a string or parsed); its own message dumps headers, so users get the
 * Status message instead.
 */

/** The HTTP status of a failed Kubernetes API call, if it was one. */
export function statusCodeOf(err: unknown): number | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'number' ? code : undefined;
}

/** The API server's message for a failed call (`Status.message`), else the error's own message. */
export function kubeErrorMessage(err: unknown): string {
  let body = (err as { body?: unknown } | null)?.body;
  if (typeof body === 'string') {
    try {
      body = JSON.parse(body) as unknown;
    } catch {
      // not JSON: fall through to the error's own message
    }
  }
  const message = (body as { message?: unknown } | null)?.message;
  if (typeof message === 'string' && message) return message;
  if (err instanceof Error) {
    // Connection failures keep their useful part in the cause (ECONNREFUSED ...).
    const cause = (err as { cause?: unknown }).cause;
    return cause instanceof Error ? `${err.message}: ${cause.message}` : err.message;
  }
  return String(err);
}
