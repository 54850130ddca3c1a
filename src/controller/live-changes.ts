import type { LiveStateChange } from '../cluster/index.js';
import { contentFingerprintOf, formatResourceKey, type KubeObject } from '../core/index.js';
import { assessHealth } from '../health/index.js';

/**
 * What a live change may do to its application:
 * - `drift`: the object appeared, disappeared, or changed outside `status`
 *   (sync status may change);
 * - `health`: only its health verdict changed (a rollout finished, a Pod
 *   started failing): what people watching a sync wait for;
 * - `none`: status churn with the same health.
 */
export type LiveChangeEffect = 'drift' | 'health' | 'none';

/**
 * Coalesces status-only churn of live objects. Controllers rewrite the status
 * of Deployments, Pods' owners, HPAs and the like every few seconds; each
 * rewrite is a watch event, but only a change of the object outside `status`
 * (drift) or of its health status can change the application's sync or
 * health. Everything else is dropped here instead of costing a comparison.
 *
 * Keeps two digests per live object (a hash and a health word, not the
 * object) so the memory cost stays small with tens of thousands of objects.
 */
export class LiveChangeFilter {
  private readonly digests = new Map<
    string,
    { readonly content: string; readonly health: string }
  >();

  /** How the change may alter its application's sync or health status. */
  effectOf(change: LiveStateChange, obj: KubeObject | undefined): LiveChangeEffect {
    const key = formatResourceKey(change.key);
    if (change.type === 'delete' || obj === undefined) {
      this.digests.delete(key);
      return 'drift';
    }
    const now = { content: contentFingerprintOf(obj), health: assessHealth(obj).status };
    const before = this.digests.get(key);
    this.digests.set(key, now);
    if (before?.content !== now.content) return 'drift';
    return before.health !== now.health ? 'health' : 'none';
  }
}
