import { errorMessage, isRecord } from '../core/index.js';
import { backendErrorFor, UnavailableError } from '../service/index.js';

export type QueryValue = string | number | boolean | readonly string[] | undefined;

export interface RequestOptions {
  readonly query?: Readonly<Record<string, QueryValue>>;
  readonly body?: unknown;
  readonly signal?: AbortSignal;
}

/**
 * HTTP to one Keelson API server: JSON in and out, the token as a Bearer
 * header, errors turned back into the backend's error classes so the CLI
 * behaves the same in direct and server mode.
 */
export class HttpTransport {
  readonly server: string;

  constructor(
    server: string,
    private readonly token: string | undefined,
    private readonly fetchImpl: typeof fetch = globalThis.fetch,
  ) {
    this.server = server.replace(/\/+$/, '');
  }

  /** Sends a request and returns the parsed JSON answer. */
  async json<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const response = await this.send(method, path, options);
    const text = await response.text();
    return (text ? JSON.parse(text) : {}) as T;
  }

  /** Sends a request and returns the response once its status is 2xx. */
  async send(method: string, path: string, options: RequestOptions = {}): Promise<Response> {
    const url = this.url(path, options.query);
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await this.fetchImpl(url, {
        method,
        headers,
        ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      });
    } catch (err) {
      if (options.signal?.aborted) throw err;
      throw new UnavailableError(
        `cannot reach the Keelson API server at ${this.server}: ${networkReason(err)}`,
        { cause: err },
      );
    }
    if (response.ok) return response;
    throw await errorFrom(response, this.server);
  }

  private url(path: string, query: Readonly<Record<string, QueryValue>> = {}): string {
    const url = new URL(this.server + path);
    for (const [key, value] of Object.entries(query)) {
      if (value === undefined) continue;
      if (Array.isArray(value)) for (const v of value) url.searchParams.append(key, String(v));
      else url.searchParams.set(key, String(value));
    }
    return url.href;
  }
}

/** A path segment, URL-encoded (names with `/`, repository URLs). */
export function segment(value: string): string {
  return encodeURIComponent(value);
}

async function errorFrom(response: Response, server: string): Promise<Error> {
  const text = await response.text().catch(() => '');
  let message = `${server} answered ${response.status} ${response.statusText}`.trim();
  try {
    const body: unknown = JSON.parse(text);
    if (isRecord(body) && typeof body.error === 'string') message = body.error;
  } catch {
    // not JSON: keep the status line
  }
  return backendErrorFor(response.status, message);
}

// fetch reports "fetch failed"; the cause says what (ECONNREFUSED, ENOTFOUND, a TLS problem).
function networkReason(err: unknown): string {
  const cause = err instanceof Error ? err.cause : undefined;
  if (isRecord(cause) && typeof cause.code === 'string') return cause.code;
  return errorMessage(cause ?? err);
}
