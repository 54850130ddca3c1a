import {
  leanObject,
  Reflector,
  type ApiResource,
  type ClusterConnection,
  type ReflectorStats,
} from '../cluster/index.js';
import type { KubeObject } from '../core/index.js';

export type InformerEvent = 'upsert' | 'delete';

/**
 * An in-memory copy of one resource type in one namespace (Applications,
 * AppProjects, credential Secrets), kept current by a {@link Reflector}, with
 * a callback per change. Objects are keyed by name and kept lean (no managed
 * fields, no kubectl last-applied copy): for a thousand Applications those
 * are megabytes the controller never reads.
 */
export class Informer {
  private readonly items = new Map<string, KubeObject>();
  private readonly reflector: Reflector;

  constructor(
    connection: ClusterConnection,
    resource: ApiResource,
    namespace: string,
    /** `previous` is the copy this informer held before an upsert, if any. */
    onEvent: (event: InformerEvent, obj: KubeObject, previous?: KubeObject) => void,
    options: { labelSelector?: string; onError?: (err: unknown) => void } = {},
  ) {
    this.reflector = new Reflector(
      connection,
      resource,
      {
        replace: (items) => {
          const seen = new Set<string>();
          for (const item of items.map(leanObject)) {
            const name = item.metadata.name ?? '';
            seen.add(name);
            const previous = this.items.get(name);
            this.items.set(name, item);
            onEvent('upsert', item, previous);
          }
          for (const [name, item] of [...this.items]) {
            if (seen.has(name)) continue;
            this.items.delete(name);
            onEvent('delete', item);
          }
        },
        upsert: (raw) => {
          const obj = leanObject(raw);
          const previous = this.items.get(obj.metadata.name ?? '');
          this.items.set(obj.metadata.name ?? '', obj);
          onEvent('upsert', obj, previous);
        },
        remove: (obj) => {
          this.items.delete(obj.metadata.name ?? '');
          onEvent('delete', obj);
        },
        error: options.onError,
      },
      { namespace, labelSelector: options.labelSelector },
    );
  }

  /** Starts listing and watching; resolves after the first list. */
  async start(): Promise<void> {
    this.reflector.start();
    await this.reflector.synced;
  }

  get(name: string): KubeObject | undefined {
    return this.items.get(name);
  }

  list(): KubeObject[] {
    return [...this.items.values()];
  }

  stats(): ReflectorStats {
    return this.reflector.stats;
  }

  stop(): Promise<void> {
    return this.reflector.stop();
  }
}
