import { API_VERSION, type Application } from '../../apis/index.js';
import { errorMessage } from '../../core/index.js';
import type { ServerContext } from './context.js';

/**
 * Records a Kubernetes Event on an Application for a user's request
 * ("admin requested sync to abc123"), visible in `kubectl describe` and the
 * UI next to the controller's own events. Best effort: a failure is logged,
 * never returned to the caller.
 */
export function recordRequestEvent(
  ctx: ServerContext,
  app: Application,
  reason: string,
  message: string,
): void {
  const name = app.metadata.name ?? '';
  const namespace = app.metadata.namespace ?? ctx.namespace;
  const now = new Date().toISOString();
  ctx.connection
    .request({
      method: 'POST',
      path: `/api/v1/namespaces/${namespace}/events`,
      body: {
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { generateName: `${name}.`, namespace },
        involvedObject: {
          apiVersion: API_VERSION,
          kind: 'Application',
          name,
          namespace,
          ...(app.metadata.uid ? { uid: app.metadata.uid } : {}),
        },
        type: 'Normal',
        reason,
        message,
        source: { component: 'keelson-server' },
        reportingComponent: 'keelson-server',
        firstTimestamp: now,
        lastTimestamp: now,
        count: 1,
      },
      target: `Event for Application/${namespace}/${name}`,
      verb: 'create',
    })
    .catch((err: unknown) =>
      ctx.logger.warn('cannot record event', { application: name, error: errorMessage(err) }),
    );
}
