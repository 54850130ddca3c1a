import { KubeConfig, Watch } from '@kubernetes/client-node';
import http from 'node:http';
import https from 'node:https';
import { errorMessage, isRecord } from '../core/index.js';
import { KubeApiError, type KubeStatusDetails } from './api-error.js';
import { Discovery } from './discovery.js';

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
  readonly query?: Readonly<Record<string, string | number | boolean | undefined>>;
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
  readonly agent: http.Agent;
  readonly expiresAt: number;
}

/** How long authentication headers (tokens from exec plugins) are reused before asking the kubeconfig again. */
const AUTH_TTL_MS = 60_000;

/**
 * A connection to one cluster's API server: authentication from a
 * kubeconfig, a keep-alive connection pool, JSON requests that fail with
 * {@link KubeApiError}, watches, and the cluster's {@link Discovery}.
 *
 * Requests go through Node's HTTPS client with the TLS material and
 * credentials the official client derives from the kubeconfig. The official
 * client's typed `KubernetesObjectApi` is not used for objects because its
 * serializer turns timestamps into `Date`s and drops fields it has no model
 * for, which would corrupt diffs; watches use the official `Watch`.
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
    readonly kubeConfig: KubeConfig,
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

  /** Connects with a kubeconfig file path or a loaded `KubeConfig` (its current context). */
  static fromKubeconfig(
    source: string | KubeConfig,
    options: ConnectionOptions = {},
  ): ClusterConnection {
    let kc = source;
    if (typeof kc === 'string') {
      const path = kc;
      kc = new KubeConfig();
      kc.loadFromFile(path);
    }
    return new ClusterConnection(kc, options);
  }

  /** Sends one request and returns the parsed JSON answer (or `undefined` for an empty body). */
  async request(req: ApiRequest): Promise<unknown> {
    const auth = await this.authState();
    const url = new URL(this.server + req.path);
    for (const [name, value] of Object.entries(req.query ?? {})) {
      if (value !== undefined) url.searchParams.set(name, String(value));
    }
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
    const transport = url.protocol === 'http:' ? http : https;
    const { status, body } = await new Promise<{ status: number; body: string }>(
      (resolve, reject) => {
        const request = transport.request(
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
   * object. `done` resolves when the server ends the stream and rejects with
   * a {@link KubeApiError} when it could not be opened.
   */
  watch(
    path: string,
    query: Readonly<Record<string, string | number | boolean | undefined>>,
    onEvent: (type: string, object: unknown) => void,
  ): WatchHandle {
    let controller: AbortController | undefined;
    let aborted = false;
    const done = new Promise<void>((resolve, reject) => {
      const finished = (err: unknown): void => {
        if (controller) this.watches.delete(controller);
        if (!err || aborted) resolve();
        else reject(watchError(path, err));
      };
      new Watch(this.kubeConfig)
        .watch(path, query, onEvent, finished)
        .then((c) => {
          controller = c;
          if (aborted) c.abort();
          else this.watches.add(c);
        })
        .catch(finished);
    });
    return {
      done,
      abort: () => {
        aborted = true;
        controller?.abort();
      },
    };
  }

  /** Closes pooled connections and running watches. */
  close(): void {
    for (const c of this.watches) c.abort();
    this.watches.clear();
    for (const agent of this.agents) agent.destroy();
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
    const agent =
      this.auth?.agent ??
      this.newAgent({
        ca: opts.ca,
        cert: opts.cert,
        key: opts.key,
        rejectUnauthorized: opts.rejectUnauthorized,
        servername: opts.servername ?? undefined,
      });
    this.auth = { headers, agent, expiresAt: Date.now() + AUTH_TTL_MS };
    return this.auth;
  }

  private newAgent(tls: https.AgentOptions): http.Agent {
    const common = { keepAlive: true, maxSockets: this.maxSockets };
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

function watchError(path: string, err: unknown): KubeApiError {
  if (err instanceof KubeApiError) return err;
  const status = isRecord(err) && typeof err.statusCode === 'number' ? err.statusCode : 0;
  const reason = status === 0 ? 'NetworkError' : `HTTP${status}`;
  return new KubeApiError(path, 'watch', status, reason, errorMessage(err), undefined, {
    cause: err,
  });
}
