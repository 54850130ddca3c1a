import { fingerprintOf, formatResourceKey, resourceKeyOf, type KubeObject } from '../core/index.js';
import type { SyncResult } from '../sync/index.js';

/**
 * What the controller's own applies produced, per application and resource:
 * the resulting resourceVersion and the fingerprint of the desired object.
 * The comparison right after a sync would otherwise dry-run every object it
 * has just applied; a live object that still has the version our apply gave
 * it, for the same desired object, is Synced. Anything else (someone edited
 * it, a controller wrote its status, Git changed) falls back to the dry run.
 */
export class AppliedVersions {
  private readonly byApp = new Map<string, Map<string, AppliedEntry>>();

  /**
   * Remembers the applies of a sync, replacing those of earlier syncs of the
   * app: resources pruned or renamed since leave no entry behind, and one
   * the sync did not apply is simply dry-run again.
   */
  record(app: string, result: Pick<SyncResult, 'resources' | 'dryRun'>): void {
    if (result.dryRun) return;
    const entries = new Map<string, AppliedEntry>();
    for (const r of result.resources) {
      if (r.status === 'Synced' && r.applied) entries.set(formatResourceKey(r.key), r.applied);
    }
    if (entries.size > 0) this.byApp.set(app, entries);
    else this.byApp.delete(app);
  }

  /** Whether `live` is exactly what applying `target` produced. */
  isApplied(app: string, target: KubeObject, live: KubeObject): boolean {
    const entry = this.byApp.get(app)?.get(formatResourceKey(resourceKeyOf(live)));
    return (
      entry !== undefined &&
      entry.resourceVersion === live.metadata.resourceVersion &&
      entry.fingerprint === fingerprintOf(target)
    );
  }

  /** Forgets an application (deleted, or hard-refreshed: compare everything again). */
  forget(app: string): void {
    this.byApp.delete(app);
  }
}

interface AppliedEntry {
  readonly resourceVersion: string;
  readonly fingerprint: string;
}
