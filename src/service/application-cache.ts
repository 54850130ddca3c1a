import type { Application } from '../apis/index.js';
import { Reflector, type ClusterConnection } from '../cluster/index.js';
import type { KubeObject } from '../core/index.js';
import { sortByName } from './app-query.js';
import { APPLICATIONS } from './namespaced-objects.js';
import type { ApplicationWatchEvent } from './types.js';

export interface ApplicationCacheOptions {
  /** `metadata.name=web` to follow one application. */
  readonly fieldSelector?: string;
  readonly onError?: (err: unknown) => void;
}

type Listener = (event: ApplicationWatchEvent) => void;

/**
 * An in-memory copy of the Applications in one namespace, kept current by a
 * {@link Reflector} (list, then watch; resume, relist on 410), sorted by
 * name for paging, with listeners for watch streams: however many clients
 * watch, there is one Kubernetes watch. A relist is turned into the ADDED,
 * MODIFIED and DELETED events it implies, so listeners never miss a change.
 */
export class ApplicationCache {
  private readonly items = new Map<string, Application>();
  private sorted: readonly Application[] | undefined;
  private readonly listeners = new Set<Listener>();
  private readonly reflector: Reflector;

  constructor(
    connection: ClusterConnection,
    namespace: string,
    options: ApplicationCacheOptions = {},
  ) {
    this.reflector = new Reflector(
      connection,
      APPLICATIONS,
      {
        replace: (items) => this.replace(items),
        upsert: (obj) => this.upsert(obj),
        remove: (obj) => this.remove(obj),
        error: options.onError,
      },
      { namespace, fieldSelector: options.fieldSelector },
    );
  }

  /** Starts listing and watching; resolves after the first list. */
  async start(): Promise<void> {
    this.reflector.start();
    await this.reflector.synced;
  }

  stop(): Promise<void> {
    return this.reflector.stop();
  }

  /** Every application, sorted by name (the array is shared: do not modify). */
  list(): readonly Application[] {
    this.sorted ??= sortByName([...this.items.values()]);
    return this.sorted;
  }

  get(name: string): Application | undefined {
    return this.items.get(name);
  }

  /**
   * Calls `listener` with an ADDED event for each application held now (or
   * only `name`), then with every change; returns the unsubscribe function.
   */
  subscribe(listener: Listener, name?: string): () => void {
    const filtered: Listener = name
      ? (event) => {
          if (event.application.metadata.name === name) listener(event);
        }
      : listener;
    for (const application of this.list()) filtered({ type: 'ADDED', application });
    this.listeners.add(filtered);
    return () => this.listeners.delete(filtered);
  }

  private emit(event: ApplicationWatchEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  private replace(items: readonly KubeObject[]): void {
    const seen = new Set<string>();
    for (const item of items) {
      seen.add(item.metadata.name ?? '');
      this.upsert(item);
    }
    for (const [name, app] of [...this.items]) if (!seen.has(name)) this.remove(app);
  }

  private upsert(obj: KubeObject): void {
    const app = obj as Application;
    const name = app.metadata.name ?? '';
    const previous = this.items.get(name);
    if (previous && previous.metadata.resourceVersion === app.metadata.resourceVersion) return;
    this.items.set(name, app);
    this.sorted = undefined;
    this.emit({ type: previous ? 'MODIFIED' : 'ADDED', application: app });
  }

  private remove(obj: KubeObject): void {
    const name = obj.metadata.name ?? '';
    if (!this.items.delete(name)) return;
    this.sorted = undefined;
    this.emit({ type: 'DELETED', application: obj as Application });
  }
}
