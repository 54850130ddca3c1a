/**
 * Kubernetes Events on Applications ("sync started", "sync failed: …",
 * "health changed to Degraded"), visible in `kubectl describe` and the UI.
 * A repeated event (same object, type, reason and message) bumps the count of
 * the existing Event instead of creating a new one, as kubelet's recorder does,
 * so a flapping app cannot flood etcd.
 */
import { createHash } from 'node:crypto';
import { KubeApiError, type ClusterConnection } from '../cluster/index.js';
import { kubeTime } from './kube-time.js';

export type EventType = 'Normal' | 'Warning';

export interface InvolvedObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  readonly uid?: string;
}

const COMPONENT = 'keelson-controller';

/** A core/v1 Event, with the fields this recorder writes and reads. */
interface KubeEvent {
  readonly apiVersion: 'v1';
  readonly kind: 'Event';
  readonly metadata: {
    readonly name: string;
    readonly namespace: string;
    resourceVersion?: string;
  };
  readonly involvedObject: InvolvedObject;
  readonly type: EventType;
  readonly reason: string;
  readonly message: string;
  readonly count?: number;
  readonly firstTimestamp: string;
  readonly lastTimestamp: string;
  readonly source: { readonly component: string };
  readonly reportingComponent: string;
  readonly reportingInstance: string;
}

/** Events this recorder wrote last, kept to count a repeat with one request. */
const REMEMBERED_EVENTS = 500;

export class EventRecorder {
  // Name → the Event as last written (with its resourceVersion), oldest first.
  private readonly written = new Map<string, KubeEvent>();

  constructor(
    private readonly connection: ClusterConnection,
    private readonly instance: string,
  ) {}

  /**
   * Records an event; failures are reported to `onError`, never thrown
   * (events are best effort). One request in the usual cases: a new event
   * is created, a repeat of one this recorder wrote is replaced with its
   * count bumped. Only a repeat first seen by another replica (or before a
   * restart) is read first; a stale copy (409) or an expired event (404) is
   * handled by reading or creating again.
   */
  async record(
    object: InvolvedObject,
    type: EventType,
    reason: string,
    message: string,
    onError?: (err: unknown) => void,
  ): Promise<void> {
    const digest = createHash('sha256')
      .update([object.uid ?? object.name, type, reason, message].join('\u0000'))
      .digest('hex')
      .slice(0, 16);
    const name = `${object.name}.${digest}`;
    const namespace = object.namespace;
    const now = new Date();
    try {
      const known = this.written.get(name);
      const bumped = known && (await this.bump(known, now).catch(ignore(404, 409)));
      if (bumped) return this.remember(bumped);
      const created = await this.send(
        'POST',
        eventsPath(namespace),
        newEvent(object, name, type, reason, message, now, this.instance),
      ).catch(ignore(409));
      if (created) return this.remember(created);
      const existing = await this.send('GET', eventsPath(namespace, name));
      this.remember(await this.bump(existing, now));
    } catch (err) {
      onError?.(err);
    }
  }

  private bump(event: KubeEvent, now: Date): Promise<KubeEvent> {
    const { name, namespace } = event.metadata;
    const body: KubeEvent = {
      ...event,
      count: (event.count ?? 1) + 1,
      lastTimestamp: kubeTime(now),
    };
    return this.send('PUT', eventsPath(namespace, name), body);
  }

  private async send(method: 'GET' | 'POST' | 'PUT', path: string, body?: KubeEvent) {
    const answer = await this.connection.request({ method, path, body, verb: 'record event' });
    return answer as KubeEvent;
  }

  private remember(event: KubeEvent): void {
    const name = event.metadata.name;
    this.written.delete(name);
    this.written.set(name, event);
    if (this.written.size > REMEMBERED_EVENTS) {
      const oldest = this.written.keys().next().value;
      if (oldest !== undefined) this.written.delete(oldest);
    }
  }
}

/** A rejection handler turning the given HTTP codes into `undefined`. */
function ignore(...codes: number[]): (err: unknown) => undefined {
  return (err) => {
    if (err instanceof KubeApiError && codes.includes(err.status)) return undefined;
    throw err;
  };
}

function newEvent(
  object: InvolvedObject,
  name: string,
  type: EventType,
  reason: string,
  message: string,
  now: Date,
  instance: string,
): KubeEvent {
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name, namespace: object.namespace },
    involvedObject: { ...object },
    type,
    reason,
    message: message.slice(0, 1024),
    count: 1,
    firstTimestamp: kubeTime(now),
    lastTimestamp: kubeTime(now),
    source: { component: COMPONENT },
    reportingComponent: COMPONENT,
    reportingInstance: instance,
  };
}

function eventsPath(namespace: string, name?: string): string {
  const collection = `/api/v1/namespaces/${encodeURIComponent(namespace)}/events`;
  return name === undefined ? collection : `${collection}/${encodeURIComponent(name)}`;
}
