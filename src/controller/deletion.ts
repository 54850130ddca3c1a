/**
 * Deleting an Application. Like Argo CD, what happens to its resources is
 * chosen with a finalizer on the Application:
 *
 * - `resources-finalizer.keelson.dev`: cascade, foreground (each resource's
 *   dependents are deleted before it);
 * - `resources-finalizer.keelson.dev/background`: cascade, background;
 * - no finalizer: orphan — Kubernetes deletes the Application at once and its
 *   resources stay.
 *
 * Argo CD's `resources-finalizer.argocd.argoproj.io` (and `/background`) are
 * honoured the same way. Only objects carrying this application's tracking
 * marker are deleted. The finalizer is removed once none is left.
 */
import { deleteObject, isNotFound, refOf, type PropagationPolicy } from '../cluster/index.js';
import { describeObject, errorMessage } from '../core/index.js';
import type { Application } from '../apis/index.js';
import type { ReconcileContext } from './context.js';
import type { Destination } from './destinations.js';

export const FOREGROUND_FINALIZER = 'resources-finalizer.keelson.dev';
export const BACKGROUND_FINALIZER = 'resources-finalizer.keelson.dev/background';
const ARGOCD_FOREGROUND = 'resources-finalizer.argocd.argoproj.io';
const ARGOCD_BACKGROUND = 'resources-finalizer.argocd.argoproj.io/background';
const CASCADE_FINALIZERS = [
  FOREGROUND_FINALIZER,
  BACKGROUND_FINALIZER,
  ARGOCD_FOREGROUND,
  ARGOCD_BACKGROUND,
];

/** The cascade the finalizers ask for, or undefined (orphan). */
export function cascadeOf(app: Application): PropagationPolicy | undefined {
  const finalizers = app.metadata.finalizers ?? [];
  if (finalizers.includes(FOREGROUND_FINALIZER) || finalizers.includes(ARGOCD_FOREGROUND))
    return 'Foreground';
  if (finalizers.includes(BACKGROUND_FINALIZER) || finalizers.includes(ARGOCD_BACKGROUND))
    return 'Background';
  return undefined;
}

/**
 * One step of deleting an app: deletes what is left and reports whether
 * anything remains (then the caller looks again shortly).
 */
export async function finalizeDeletion(
  ctx: ReconcileContext,
  app: Application,
  destination: Destination,
): Promise<{ done: boolean; remaining: number }> {
  const name = app.metadata.name ?? '';
  const policy = cascadeOf(app);
  if (!policy) return { done: true, remaining: 0 };
  const live = destination.cache.objectsOf(name);
  for (const obj of live) {
    if (obj.metadata.deletionTimestamp) continue; // already on its way
    try {
      await deleteObject(destination.connection, refOf(obj), {
        propagationPolicy: policy,
        uid: obj.metadata.uid,
      });
    } catch (err) {
      if (!isNotFound(err)) {
        ctx.logger.warn('deleting a resource of a deleted application failed', {
          app: name,
          resource: describeObject(obj),
          error: errorMessage(err),
        });
      }
    }
  }
  if (live.length > 0) return { done: false, remaining: live.length };
  const finalizers = (app.metadata.finalizers ?? []).filter((f) => !CASCADE_FINALIZERS.includes(f));
  await ctx.client.setFinalizers(name, finalizers, app.metadata.resourceVersion ?? '');
  ctx.logger.info('application deleted with its resources', { app: name, cascade: policy });
  return { done: true, remaining: 0 };
}
