/**
 * A small fetch wrapper for Keelson's REST API (docs/http-api.md): JSON in
 * and out, errors turned into {@link ApiError} carrying the server's message
 * (`{"error", "code"}`).
 *
 * **Authentication is the `keelson.token` cookie**, which the server sets
 * (HttpOnly, SameSite=Lax) on a password login and after single sign-on. The
 * UI never holds the token itself, so script injection could not steal it,
 * and `EventSource` (live updates, which cannot send headers) is
 * authenticated the same way. Every request carries `X-Requested-With`,
 * which the server requires of cookie-authenticated writes (CSRF).
 */

/** An API call failed; `message` is the server's own words. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    message: string,
    /** HTTP status; 0 when the server could not be reached. */
    readonly status: number,
    options?: { readonly cause?: unknown },
  ) {
    super(message, options);
  }
}

export type Query = URLSearchParams | Record<string, string | number | boolean | undefined>;

export interface RequestOptions {
  readonly query?: Query;
  readonly body?: unknown;
  readonly signal?: AbortSignal;
  /** Do not report a 401 to {@link onUnauthenticated} (the login call itself). */
  readonly quiet401?: boolean;
}

const unauthenticatedListeners = new Set<() => void>();

/** Called when any request comes back 401: the session expired or was revoked. */
export function onUnauthenticated(listener: () => void): () => void {
  unauthenticatedListeners.add(listener);
  return () => unauthenticatedListeners.delete(listener);
}

export function toSearch(query: Query | undefined): string {
  if (!query) return '';
  const params =
    query instanceof URLSearchParams
      ? query
      : new URLSearchParams(
          Object.entries(query)
            .filter((entry): entry is [string, string | number | boolean] => entry[1] !== undefined)
            .map(([key, value]) => [key, String(value)]),
        );
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** Calls the API; resolves with the parsed JSON body (or undefined for an empty one). */
export async function request<T>(
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  options: RequestOptions = {},
): Promise<T> {
  const headers: Record<string, string> = {
    Accept: 'application/json',
    'X-Requested-With': 'keelson-ui',
  };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(`${path}${toSearch(options.query)}`, {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(`${method} ${path}: the Keelson server cannot be reached`, 0, {
      cause: err,
    });
  }
  const body = await readBody(response);
  if (!response.ok) {
    if (response.status === 401 && !options.quiet401) {
      for (const listener of unauthenticatedListeners) listener();
    }
    throw new ApiError(errorMessage(body, response), response.status);
  }
  return body as T;
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function errorMessage(body: unknown, response: Response): string {
  if (typeof body === 'object' && body !== null && 'error' in body) {
    const message = (body as { error: unknown }).error;
    if (typeof message === 'string' && message) return message;
  }
  if (typeof body === 'string' && body.trim()) return body.trim().slice(0, 500);
  return `${response.status} ${response.statusText || 'request failed'}`;
}

/** A readable message for anything thrown by an API call. */
export function messageOf(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
