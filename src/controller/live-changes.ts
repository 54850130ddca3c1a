import { createHash } from 'node:crypto';
import type { LiveStateChange } from '../cluster/index.js';
import { formatResourceKey, type KubeObject } from '../core/index.js';
import { assessHealth } from '../health/index.js';

/**
 * Coalesces status-only churn of live objects. Controllers rewrite the status
 * of Deployments, Pods' owners, HPAs and the like every few seconds; each
 * rewrite is a watch event, but only a change of the object outside `status`
 * (drift) or of its health status can change the application's sync or
 * health. Everything else is dropped here instead of costing a comparison.
 *
 * Keeps one digest per live object (a hash, not the object) so the memory
 * cost stays small with tens of thousands of objects.
 */
export class LiveChangeFilter {
  private readonly digests = new Map<string, string>();

  /** True when the change may alter its application's sync or health status. */
  matters(change: LiveStateChange, obj: KubeObject | undefined): boolean {
    const key = formatResourceKey(change.key);
    if (change.type === 'delete' || obj === undefined) {
      this.digests.delete(key);
      return true;
    }
    const digest = digestOf(obj);
    const before = this.digests.get(key);
    this.digests.set(key, digest);
    return before !== digest;
  }
}

function digestOf(obj: KubeObject): string {
  // Everything but status and the server's bookkeeping, plus the health verdict.
  const metadata: Record<string, unknown> = { ...obj.metadata };
  delete metadata.resourceVersion;
  delete metadata.managedFields;
  const rest: Record<string, unknown> = { ...obj, metadata };
  delete rest.status;
  return createHash('sha1')
    .update(JSON.stringify(rest))
    .update('\0')
    .update(assessHealth(obj).status)
    .digest('base64');
}
