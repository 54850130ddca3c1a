import type { Application } from '../apis/index.js';
import { isRecord } from '../core/index.js';
import {
  InvalidRequestError,
  UnavailableError,
  type Actor,
  type ApplicationDiff,
  type ApplicationList,
  type ApplicationListQuery,
  type ApplicationOperations,
  type ApplicationPatch,
  type ApplicationWatchEvent,
  type DeletionPropagation,
  type EventView,
  type RefreshKind,
  type ResourceDiffView,
  type ResourceRef,
  type ResourceTree,
  type RollbackRequest,
  type SyncRequest,
} from '../service/index.js';
import { segment, type HttpTransport } from './http.js';
import { SseParser } from './sse.js';

const BASE = '/api/v1/applications';

function resourceQuery(ref: ResourceRef): Record<string, string> {
  return { group: ref.group, kind: ref.kind, namespace: ref.namespace, resourceName: ref.name };
}

/** Application operations over HTTP. */
export class HttpApplications implements ApplicationOperations {
  constructor(private readonly http: HttpTransport) {}

  list(query: ApplicationListQuery = {}): Promise<ApplicationList> {
    return this.http.json('GET', BASE, {
      query: {
        project: query.projects,
        selector: query.selector,
        search: query.search,
        sync: query.sync,
        health: query.health,
        cluster: query.cluster,
        namespace: query.namespace,
        limit: query.limit,
        continue: query.continue,
      },
    });
  }

  get(name: string): Promise<Application> {
    return this.http.json('GET', `${BASE}/${segment(name)}`);
  }

  create(app: Application, options: { readonly upsert?: boolean } = {}): Promise<Application> {
    return this.http.json('POST', BASE, {
      body: app,
      query: { upsert: options.upsert ? true : undefined },
    });
  }

  update(app: Application): Promise<Application> {
    return this.http.json('PUT', `${BASE}/${segment(app.metadata.name ?? '')}`, { body: app });
  }

  patch(name: string, patch: ApplicationPatch): Promise<Application> {
    return this.http.json('PATCH', `${BASE}/${segment(name)}`, { body: patch });
  }

  async delete(name: string, propagation: DeletionPropagation = 'foreground'): Promise<void> {
    await this.http.json('DELETE', `${BASE}/${segment(name)}`, {
      query: propagation === 'orphan' ? { cascade: false } : { propagationPolicy: propagation },
    });
  }

  // The server records the authenticated user as the initiator; `actor` is for direct mode.
  sync(name: string, request: SyncRequest, _actor?: Actor): Promise<Application> {
    return this.http.json('POST', `${BASE}/${segment(name)}/sync`, { body: request });
  }

  rollback(name: string, request: RollbackRequest, _actor?: Actor): Promise<Application> {
    return this.http.json('POST', `${BASE}/${segment(name)}/rollback`, { body: request });
  }

  terminateOperation(name: string): Promise<Application> {
    return this.http.json('DELETE', `${BASE}/${segment(name)}/operation`);
  }

  refresh(name: string, kind: RefreshKind): Promise<Application> {
    return this.http.json('GET', `${BASE}/${segment(name)}`, { query: { refresh: kind } });
  }

  diff(name: string, options: { readonly revision?: string } = {}): Promise<ApplicationDiff> {
    return this.http.json('GET', `${BASE}/${segment(name)}/diff`, {
      query: { revision: options.revision },
    });
  }

  diffLocal(): Promise<ApplicationDiff> {
    return Promise.reject(
      new InvalidRequestError(
        'diff --local reads files on this machine, so it runs in direct mode (add --core to use the kubeconfig)',
      ),
    );
  }

  resourceTree(name: string): Promise<ResourceTree> {
    return this.http.json('GET', `${BASE}/${segment(name)}/resource-tree`);
  }

  resource(name: string, ref: ResourceRef): Promise<ResourceDiffView> {
    return this.http.json('GET', `${BASE}/${segment(name)}/resource`, {
      query: resourceQuery(ref),
    });
  }

  async runResourceAction(name: string, ref: ResourceRef, action: 'restart'): Promise<void> {
    await this.http.json('POST', `${BASE}/${segment(name)}/resource/actions`, {
      query: resourceQuery(ref),
      body: { action },
    });
  }

  async podLogs(
    name: string,
    request: {
      readonly namespace: string;
      readonly pod: string;
      readonly container?: string;
      readonly tailLines?: number;
    },
  ): Promise<string> {
    const { text } = await this.http.json<{ text: string }>(
      'GET',
      `${BASE}/${segment(name)}/logs`,
      {
        query: {
          namespace: request.namespace,
          podName: request.pod,
          container: request.container,
          tailLines: request.tailLines,
        },
      },
    );
    return text;
  }

  async events(name: string, ref?: ResourceRef): Promise<readonly EventView[]> {
    const { items } = await this.http.json<{ items: EventView[] }>(
      'GET',
      `${BASE}/${segment(name)}/events`,
      { ...(ref ? { query: resourceQuery(ref) } : {}) },
    );
    return items;
  }

  /** Follows `GET /api/v1/stream/applications` (server-sent events) until `signal` aborts. */
  async watch(
    options: { readonly name?: string; readonly signal: AbortSignal },
    onEvent: (event: ApplicationWatchEvent) => void,
  ): Promise<void> {
    const { signal } = options;
    let response: Response;
    try {
      response = await this.http.send('GET', '/api/v1/stream/applications', {
        query: { name: options.name },
        signal,
      });
    } catch (err) {
      if (signal.aborted) return;
      throw err;
    }
    const parser = new SseParser();
    const decoder = new TextDecoder();
    const body = response.body;
    if (!body) throw new UnavailableError(`${this.http.server}: event stream has no body`);
    try {
      for await (const chunk of body) {
        for (const event of parser.push(decoder.decode(chunk, { stream: true })))
          dispatch(event.event, event.data, onEvent, this.http.server);
      }
    } catch (err) {
      if (signal.aborted) return;
      throw err;
    }
    if (!signal.aborted)
      throw new UnavailableError(`the event stream from ${this.http.server} ended`);
  }
}

function dispatch(
  event: string,
  data: string,
  onEvent: (event: ApplicationWatchEvent) => void,
  server: string,
): void {
  const parsed: unknown = JSON.parse(data);
  if (event === 'error') {
    const message = isRecord(parsed) && typeof parsed.error === 'string' ? parsed.error : data;
    throw new UnavailableError(`${server}: application stream failed: ${message}`);
  }
  if (event === 'message') onEvent(parsed as ApplicationWatchEvent);
}
