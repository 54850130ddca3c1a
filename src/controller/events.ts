/**
 * Kubernetes Events on Applications ("sync started", "sync failed: …",
 * "health changed to Degraded"), visible in `kubectl describe` and the UI.
 * A repeated event (same object, type, reason and message) bumps the count of
 * the existing Event instead of creating a new one, as kubelet's recorder does,
 * so a flapping app cannot flood etcd.
 */
import { createHash } from 'node:crypto';
import type { CoreV1Api, CoreV1Event } from '@kubernetes/client-node';

export type EventType = 'Normal' | 'Warning';

export interface InvolvedObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  readonly uid?: string;
}

const COMPONENT = 'keelson-controller';

/** Events this recorder wrote last, kept to count a repeat with one request. */
const REMEMBERED_EVENTS = 500;

export class EventRecorder {
  // Name → the Event as last written (with its resourceVersion), oldest first.
  private readonly written = new Map<string, CoreV1Event>();

  constructor(
    private readonly api: CoreV1Api,
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
      const created = await this.api
        .createNamespacedEvent({
          namespace,
          body: newEvent(object, name, type, reason, message, now, this.instance),
        })
        .catch(ignore(409));
      if (created) return this.remember(created);
      const existing = await this.api.readNamespacedEvent({ name, namespace });
      this.remember(await this.bump(existing, now));
    } catch (err) {
      onError?.(err);
    }
  }

  private bump(event: CoreV1Event, now: Date): Promise<CoreV1Event> {
    const name = event.metadata?.name ?? '';
    const namespace = event.metadata?.namespace ?? '';
    const body: CoreV1Event = { ...event, count: (event.count ?? 1) + 1, lastTimestamp: now };
    return this.api.replaceNamespacedEvent({ name, namespace, body });
  }

  private remember(event: CoreV1Event): void {
    const name = event.metadata?.name ?? '';
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
    if (codes.includes((err as { code?: number }).code ?? 0)) return undefined;
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
): CoreV1Event {
  return {
    metadata: { name, namespace: object.namespace },
    involvedObject: { ...object },
    type,
    reason,
    message: message.slice(0, 1024),
    count: 1,
    firstTimestamp: now,
    lastTimestamp: now,
    source: { component: COMPONENT },
    reportingComponent: COMPONENT,
    reportingInstance: instance,
  };
}
