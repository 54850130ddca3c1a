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

export class EventRecorder {
  constructor(
    private readonly api: CoreV1Api,
    private readonly instance: string,
  ) {}

  /** Records an event; failures are reported to `onError`, never thrown (events are best effort). */
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
    const now = new Date();
    try {
      const existing = await this.api
        .readNamespacedEvent({ name, namespace: object.namespace })
        .catch((err: unknown) => {
          if ((err as { code?: number }).code === 404) return undefined;
          throw err;
        });
      if (existing) {
        const body: CoreV1Event = {
          ...existing,
          count: (existing.count ?? 1) + 1,
          lastTimestamp: now,
        };
        await this.api.replaceNamespacedEvent({ name, namespace: object.namespace, body });
        return;
      }
      const body: CoreV1Event = {
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
        reportingInstance: this.instance,
      };
      await this.api.createNamespacedEvent({ namespace: object.namespace, body });
    } catch (err) {
      onError?.(err);
    }
  }
}
