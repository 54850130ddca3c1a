import http from 'node:http';
import https from 'node:https';
import { errorMessage, isRecord } from '../core/index.js';
import { KubeApiError, type KubeStatusDetails } from './api-error.js';
import { Discovery } from './discovery.js';
import type { KubeAccess } from './kube-access.js';
import { Kubeconfig } from './kubeconfig.js';

export interface ConnectionOptions {
  /** Most requests in flight to the API server at once (default 32). */
  readonly maxSockets?: number;
  /** Deadline for one request (default 60 s). */
  readonly requestTimeoutMs?: number;
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** One request to the Kubernetes API. */
export interface ApiRequest {
  readonly method: HttpMethod;
  /** Path below the server URL, e.g. `/apis/apps/v1/namespaces/shop/deployments/web`. */
  readonly path: string;
  readonly query?: Query;
  /** Sent as JSON (a string is sent as is). */
  readonly body?: unknown;
  readonly contentType?: string;
  readonly accept?: string;
  /** Names the object in errors (`Deployment/shop/web`); defaults to the path. */
  readonly target?: string;
  /** The verb in errors (`apply`, `dry-run apply`, ...); defaults to the method. */
  readonly verb?: string;
  readonly signal?: AbortSignal;
  /** `text` returns the body as a string (logs); default: parsed JSON. */
  readonly responseType?: 'json' | 'text';
}

/** A handle on a running watch. `done` settles when the stream ends (rejects on errors). */
export interface WatchHandle {
  readonly done: Promise<void>;
  abort(): void;
}

interface AuthState {
  readonly headers: Record<string, string>;
  /** Pool for requests, bounded by `maxSockets`. */
  readonly agent: http.Agent;
  /** Pool for watches: each holds its socket for minutes, so they must not take the requests' slots. */
  readonly watchAgent: http.Agent;
  readonly expiresAt: number;
}

type Query = Readonly<Record<string, string | number | boolean | undefined>>;

/** How long authentication headers (tokens from exec plugins) are reused before asking the kubeconfig again. */
const AUTH_TTL_MS = 60_000;

/**
 * A connection to one cluster's API server: authentication from a
 * kubeconfig, a keep-alive connection pool, JSON requests that fail with
 * {@link KubeApiError}, watches, and the cluster's {@link Discovery}.
 *
 * Requests and watches go through Node's HTTP(S) client with the TLS
 * material and credentials a {@link KubeAccess} derives from the kubeconfig.
 * The official client's typed APIs are not used: their serializer turns
 * timestamps into `Date`s and drops fields it has no model for, which would
 * corrupt diffs, and loading them costs the controller ~70 MiB of memory.
 */
export class ClusterConnection {
  readonly discovery: Discovery;
  readonly server: string;
  private auth: AuthState | undefined;
  private readonly agents: http.Agent[] = [];
  private readonly watches = new Set<AbortController>();
  private readonly maxSockets: number;
  private readonly requestTimeoutMs: number;

  private constructor(
    readonly kubeConfig: KubeAccess,
    options: ConnectionOptions,
  ) {
    const cluster = kubeConfig.getCurrentCluster();
    if (!cluster)
      throw new KubeApiError('kubeconfig', 'connect', 0, 'NoCluster', 'no current cluster');
    this.server = cluster.server.replace(/\/+$/, '');
    this.maxSockets = options.maxSockets ?? 32;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 60_000;
    this.discovery = new Discovery(this);
  }

  /**
   * Connects with a kubeconfig file path or a loaded kubeconfig (its current
   * context): Keelson's {@link Kubeconfig} or the official client's `KubeConfig`.
   */
  static fromKubeconfig(
    source: string | KubeAccess,
    options: ConnectionOptions = {},
  ): ClusterConnection {
    const access = typeof source === 'string' ? Kubeconfig.load({ path: source }) : source;
    return new ClusterConnection(access, options);
  }

  /** Sends one request and returns the parsed JSON answer (or `undefined` for an empty body). */
  async request(req: ApiRequest): Promise<unknown> {
    const auth = await this.authState();
    const url = this.urlOf(req.path, req.query);
    const payload =
      req.body === undefined
        ? undefined
        : typeof req.body === 'string'
          ? req.body
          : JSON.stringify(req.body);
    const headers: Record<string, string> = {
      ...auth.headers,
      accept: req.accept ?? 'application/json',
    };
    if (payload !== undefined) {
      headers['content-type'] = req.contentType ?? 'application/json';
      headers['content-length'] = String(Buffer.byteLength(payload));
    }
    const target = req.target ?? req.path;
    const verb = req.verb ?? req.method;
    const { status, body } = await new Promise<{ status: number; body: string }>(
      (resolve, reject) => {
        const request = transportOf(url).request(
          url,
          { method: req.method, agent: auth.agent, headers, signal: req.signal },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (chunk: Buffer) => chunks.push(chunk));
            res.on('end', () =>
              resolve({
                status: res.statusCode ?? 0,
                body: Buffer.concat(chunks).toString('utf8'),
              }),
            );
            res.on('error', reject);
          },
        );
        request.setTimeout(this.requestTimeoutMs, () =>
          request.destroy(new Error(`no answer within ${this.requestTimeoutMs} ms`)),
        );
        request.on('error', reject);
        request.end(payload);
      },
    ).catch((err: unknown) => {
      if (req.signal?.aborted) throw err;
      throw new KubeApiError(target, verb, 0, 'NetworkError', errorMessage(err), undefined, {
        cause: err,
      });
    });
    if (status >= 200 && status < 300) {
      if (req.responseType === 'text') return body;
      return body ? (JSON.parse(body) as unknown) : undefined;
    }
    throw apiErrorFromResponse(target, verb, status, body);
  }

  /**
   * Starts a watch on `path` (a collection URL); `onEvent` receives each
   * event's type (`ADDED`, `MODIFIED`, `DELETED`, `BOOKMARK`, `ERROR`) and
   * object. `done` resolves when the server ends the stream or it is aborted,
   * and rejects with a {@link KubeApiError} when it could not be opened or
   * broke off.
   */
  watch(path: string, query: Query, onEvent: (type: string, object: unknown) => void): WatchHandle {
    const controller = new AbortController();
    this.watches.add(controller);
    const done = this.streamWatch(path, query, onEvent, controller.signal)
      .catch((err: unknown) => {
        if (!controller.signal.aborted) throw watchError(path, err);
      })
      .finally(() => this.watches.delete(controller));
    return { done, abort: () => controller.abort() };
  }

  /** Closes pooled connections and running watches. */
  close(): void {
    for (const c of this.watches) c.abort();
    this.watches.clear();
    for (const agent of this.agents) agent.destroy();
  }

  private urlOf(path: string, query: Query | undefined): URL {
    const url = new URL(this.server + path);
    for (const [name, value] of Object.entries(query ?? {})) {
      if (value !== undefined) url.searchParams.set(name, String(value));
    }
    return url;
  }

  /** Reads a watch's newline-delimited JSON events until the stream ends. */
  private async streamWatch(
    path: string,
    query: Query,
    onEvent: (type: string, object: unknown) => void,
    signal: AbortSignal,
  ): Promise<void> {
    const auth = await this.authState();
    const url = this.urlOf(path, { ...query, watch: true });
    await new Promise<void>((resolve, reject) => {
      const request = transportOf(url).request(
        url,
        {
          method: 'GET',
          agent: auth.watchAgent,
          headers: { ...auth.headers, accept: 'application/json' },
          signal,
        },
        (res) => {
          const status = res.statusCode ?? 0;
          res.setEncoding('utf8');
          if (status < 200 || status >= 300) {
            let body = '';
            res.on('data', (chunk: string) => (body += chunk));
            res.on('end', () => reject(apiErrorFromResponse(path, 'watch', status, body)));
            res.on('error', reject);
            return;
          }
          let pending = '';
          res.on('data', (chunk: string) => {
            pending += chunk;
            try {
              for (
                let nl = pending.indexOf('\n');
                nl >= 0 && !signal.aborted;
                nl = pending.indexOf('\n')
              ) {
                const line = pending.slice(0, nl);
                pending = pending.slice(nl + 1);
                if (line.trim()) deliverWatchEvent(line, onEvent);
              }
            } catch (err) {
              res.destroy(err instanceof Error ? err : new Error(String(err)));
            }
          });
          res.on('end', () => resolve());
          res.on('error', reject);
          // A connection cut without an error event must still settle the watch.
          res.on('close', () => {
            if (!res.complete) reject(new Error('watch stream closed before it ended'));
          });
        },
      );
      request.on('error', reject);
      request.end();
    });
  }

  private async authState(): Promise<AuthState> {
    if (this.auth && this.auth.expiresAt > Date.now()) return this.auth;
    const opts: https.RequestOptions = {};
    await this.kubeConfig.applyToHTTPSOptions(opts);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(opts.headers ?? {})) {
      if (typeof value === 'string' || typeof value === 'number') headers[name] = String(value);
    }
    if (opts.auth) headers.authorization = `Basic ${Buffer.from(opts.auth).toString('base64')}`;
    // One pool for the life of the connection; TLS material does not change
    // with token refreshes.
    const tls: https.AgentOptions = {
      ca: opts.ca,
      cert: opts.cert,
      key: opts.key,
      rejectUnauthorized: opts.rejectUnauthorized,
      servername: opts.servername ?? undefined,
    };
    const agent = this.auth?.agent ?? this.newAgent(tls, this.maxSockets);
    const watchAgent = this.auth?.watchAgent ?? this.newAgent(tls, Infinity);
    this.auth = { headers, agent, watchAgent, expiresAt: Date.now() + AUTH_TTL_MS };
    return this.auth;
  }

  private newAgent(tls: https.AgentOptions, maxSockets: number): http.Agent {
    const common = { keepAlive: true, maxSockets };
    const agent = this.server.startsWith('http:')
      ? new http.Agent(common)
      : new https.Agent({ ...common, ...tls });
    this.agents.push(agent);
    return agent;
  }
}

/** Turns a non-2xx answer (usually a `Status` object) into a {@link KubeApiError}. */
export function apiErrorFromResponse(
  target: string,
  verb: string,
  status: number,
  body: string,
): KubeApiError {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    parsed = undefined;
  }
  return apiErrorFromStatus(target, verb, status, parsed, body);
}

/** Turns a `Status` object (as sent in responses and watch ERROR events) into a {@link KubeApiError}. */
export function apiErrorFromStatus(
  target: string,
  verb: string,
  status: number,
  statusObject: unknown,
  fallbackMessage = '',
): KubeApiError {
  const s = isRecord(statusObject) ? statusObject : {};
  const code = typeof s.code === 'number' ? s.code : status;
  const reason = typeof s.reason === 'string' && s.reason ? s.reason : `HTTP${code}`;
  const message =
    typeof s.message === 'string' && s.message
      ? s.message
      : fallbackMessage.trim().slice(0, 300) || `HTTP ${code}`;
  const details = isRecord(s.details) ? (s.details as KubeStatusDetails) : undefined;
  return new KubeApiError(target, verb, code, reason, message, details);
}

function transportOf(url: URL): typeof http | typeof https {
  return url.protocol === 'http:' ? http : https;
}

function deliverWatchEvent(line: string, onEvent: (type: string, object: unknown) => void): void {
  const event: unknown = JSON.parse(line);
  if (!isRecord(event) || typeof event.type !== 'string')
    throw new Error('watch event without a type');
  onEvent(event.type, event.object);
}

function watchError(path: string, err: unknown): KubeApiError {
  if (err instanceof KubeApiError) return err;
  const status = isRecord(err) && typeof err.statusCode === 'number' ? err.statusCode : 0;
  const reason = status === 0 ? 'NetworkError' : `HTTP${status}`;
  return new KubeApiError(path, 'watch', status, reason, errorMessage(err), undefined, {
    cause: err,
  });
}
