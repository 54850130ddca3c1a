import {
  contentFingerprintOf,
  fingerprintOf,
  objectFingerprintOf,
  formatResourceKey,
  resourceKeyOf,
  type KubeObject,
} from '../core/index.js';
import type { InSyncMemo } from '../diff/index.js';
import type { SyncResult } from '../sync/index.js';

/**
 * Live objects known to be in sync with what an application wants, per
 * application and resource: the fingerprint of the desired object, and the
 * content fingerprint (everything but status, bookkeeping, and labels and
 * annotations Git does not set) of the live object that was found or made
 * to match it, by our own apply or by a dry run that said Synced.
 *
 * A comparison would otherwise dry-run every object again each time: after
 * a sync, and whenever a controller rewrote an object's status or added its
 * own annotation (every new Deployment gets `deployment.kubernetes.io/revision`:
 * 2,000 dry runs in the 1,000-app fleet). A live object whose content is
 * unchanged, for the same desired object and the same ignore rules, is still
 * Synced. Anything else (someone edited a field Git sets, Git changed, the
 * rules changed) falls back to the dry run, whose Synced verdict is
 * remembered in turn.
 */
export class KnownInSync {
  private readonly byApp = new Map<string, AppEntries>();
  // Fingerprints by object identity: the live-state cache and the render
  // cache hand out the same objects until they change, so a periodic resync
  // of a thousand unchanged apps hashes nothing (desired objects through
  // objectFingerprintOf).
  private readonly livePrints = new WeakMap<KubeObject, LivePrint>();

  /**
   * Remembers the applies of a sync, replacing what was known of the app:
   * resources pruned or renamed since leave no entry behind, and one the
   * sync did not apply is simply dry-run again.
   */
  recordSync(app: string, rules: string, result: Pick<SyncResult, 'resources' | 'dryRun'>): void {
    if (result.dryRun) return;
    const entries = new Map<string, InSyncEntry>();
    for (const r of result.resources) {
      if (r.status !== 'Synced' || !r.applied) continue;
      entries.set(formatResourceKey(r.key), {
        desired: r.applied.fingerprint,
        live: r.applied.liveFingerprint,
      });
    }
    if (entries.size > 0) this.byApp.set(app, { rules, entries });
    else this.byApp.delete(app);
  }

  /**
   * The memo a comparison of `app` uses. `rules` fingerprints the app's
   * ignoreDifferences: a verdict reached under other rules is not trusted.
   */
  memoFor(app: string, rules: string): InSyncMemo {
    return {
      isInSync: (target, live) => {
        const known = this.byApp.get(app);
        if (known?.rules !== rules) return false;
        const entry = known.entries.get(formatResourceKey(resourceKeyOf(live)));
        return (
          entry !== undefined &&
          entry.live === this.liveFingerprint(live, target) &&
          entry.desired === objectFingerprintOf(target)
        );
      },
      remember: (target, live) => {
        let known = this.byApp.get(app);
        if (known?.rules !== rules) {
          known = { rules, entries: new Map() };
          this.byApp.set(app, known);
        }
        known.entries.set(formatResourceKey(resourceKeyOf(live)), {
          desired: objectFingerprintOf(target),
          live: this.liveFingerprint(live, target),
        });
      },
    };
  }

  /** Labels and annotations `target` does not set are left out: others may add theirs. */
  private liveFingerprint(live: KubeObject, target: KubeObject): string {
    const known = this.livePrints.get(live);
    if (known?.target === target) return known.print;
    const print = contentFingerprintOf(live, target);
    this.livePrints.set(live, { target, print });
    return print;
  }

  /** Forgets an application (deleted, or hard-refreshed: compare everything again). */
  forget(app: string): void {
    this.byApp.delete(app);
  }
}

/** The fingerprint of an application's ignore rules, for {@link KnownInSync}. */
export function ignoreRulesFingerprint(ignoreDifferences: unknown): string {
  return fingerprintOf(ignoreDifferences ?? []);
}

interface AppEntries {
  readonly rules: string;
  readonly entries: Map<string, InSyncEntry>;
}

interface LivePrint {
  readonly target: KubeObject;
  readonly print: string;
}

interface InSyncEntry {
  readonly desired: string;
  readonly live: string;
}
