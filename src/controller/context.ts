import type { Application, AppProject } from '../apis/index.js';
import type { Logger } from '../core/index.js';
import type { KnownInSync } from './known-in-sync.js';
import type { ComparisonCache } from './comparison-cache.js';
import type { SourceRenderer } from '../render/index.js';
import type { ApplicationClient } from './app-client.js';
import type { LastAutoSync, SelfHealState } from './auto-sync.js';
import type { DestinationRegistry } from './destinations.js';
import type { EventRecorder } from './events.js';
import type { Informer } from './informer.js';
import type { ControllerMetrics } from './metrics.js';
import type { ControllerOptions } from './options.js';
import type { Terminations } from './terminations.js';
import type { ComparisonStatusWrites } from './status-writes.js';
import type { ParsedObjects } from './parse-once.js';

/**
 * Which applications declare which resources. Two applications declaring
 * one object is reported on both (SharedResourceWarning); only the one whose
 * tracking marker the object carries ever changes it, so they cannot flap.
 */
export class ResourceClaims {
  private readonly byKey = new Map<string, Set<string>>();
  private readonly byApp = new Map<string, Set<string>>();

  /** Records what `app` declares now; returns, per key, the other apps declaring it too. */
  update(app: string, keys: readonly string[]): Map<string, string[]> {
    this.remove(app);
    this.byApp.set(app, new Set(keys));
    const shared = new Map<string, string[]>();
    for (const key of keys) {
      const apps = this.byKey.get(key) ?? new Set<string>();
      apps.add(app);
      this.byKey.set(key, apps);
      if (apps.size > 1) shared.set(key, [...apps].filter((a) => a !== app).sort());
    }
    return shared;
  }

  remove(app: string): void {
    for (const key of this.byApp.get(app) ?? []) {
      const apps = this.byKey.get(key);
      apps?.delete(app);
      if (apps?.size === 0) this.byKey.delete(key);
    }
    this.byApp.delete(app);
  }
}

export interface FinishedOperation {
  /**
   * `metadata.generation` of the Application whose requested operation we
   * finished or refused (a request is a change of a non-status field, so a new
   * request, even an identical one, always comes with a higher generation).
   */
  readonly requestGeneration?: number;
  readonly last?: LastAutoSync;
  readonly finishedAt: string;
}

/** Everything one reconcile needs; built once by the controller. */
export interface ReconcileContext {
  readonly options: ControllerOptions;
  readonly apps: Informer;
  readonly projects: Informer;
  readonly secrets: Informer;
  readonly client: ApplicationClient;
  readonly destinations: DestinationRegistry;
  readonly renderer: SourceRenderer;
  readonly events: EventRecorder;
  readonly metrics: ControllerMetrics;
  readonly logger: Logger;
  /** Self-heal attempts per application since it was last Synced. */
  readonly selfHeal: Map<string, SelfHealState>;
  /**
   * The last operation this controller finished per application. The
   * informer's copy of an Application lags behind our own writes; this keeps
   * a just-finished operation from running twice and an automated sync from
   * being judged against a stale operationState.
   */
  readonly finished: Map<string, FinishedOperation>;
  /** The last comparison per application, reused while nothing changed. */
  readonly comparisons: ComparisonCache;
  /** Live objects known to be in sync (our applies, Synced dry runs): not dry-run again while unchanged. */
  readonly inSync: KnownInSync;
  /** Which applications declare each resource (by formatted key), to warn all of them. */
  readonly claims: ResourceClaims;
  /** Each version of an Application or AppProject, parsed once. */
  readonly parsedApplications: ParsedObjects<Application>;
  readonly parsedProjects: ParsedObjects<AppProject>;
  /** Skips comparison status writes that would only move reconciledAt. */
  readonly statusWrites: ComparisonStatusWrites;
  /** Last reported health per application, for health-change events. */
  readonly lastHealth: Map<string, string>;
  /** Aborts when the controller stops or loses leadership. */
  readonly signal: AbortSignal;
  /** Running operations, so a termination request can abort them. */
  readonly terminations: Terminations;
  /** Limits concurrent sync operations. */
  readonly syncSlot: <T>(fn: () => Promise<T>) => Promise<T>;
}
