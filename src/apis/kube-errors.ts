/**
 * Reading errors of the two Kubernetes clients Keelson uses, without
 * importing either: `@kubernetes/client-node`'s ApiException carries the
 * HTTP status in `code` and the API server's Status object in `body` (as a
 * string or parsed), and its own message dumps headers, so users get the
 * Status message instead; the cluster module's KubeApiError carries
 * `status` and `apiMessage`.
 */

/** The HTTP status of a failed Kubernetes API call, if it was one. */
export function statusCodeOf(err: unknown): number | undefined {
  const failed = err as { code?: unknown; status?: unknown; apiMessage?: unknown } | null;
  if (typeof failed?.code === 'number') return failed.code;
  if (typeof failed?.apiMessage === 'string' && typeof failed.status === 'number')
    return failed.status;
  return undefined;
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
  const apiMessage = (err as { apiMessage?: unknown } | null)?.apiMessage;
  if (typeof apiMessage === 'string' && apiMessage) return apiMessage;
  if (err instanceof Error) {
    // Connection failures keep their useful part in the cause (ECONNREFUSED ...).
    const cause = (err as { cause?: unknown }).cause;
    return cause instanceof Error ? `${err.message}: ${cause.message}` : err.message;
  }
  return String(err);
}
