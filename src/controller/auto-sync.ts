/**
 * When the controller syncs without being asked: Argo CD's automated sync
 * rules, as a pure decision.
 *
 * 1. Only with `spec.syncPolicy.automated`, never for an application being
 *    deleted or while an operation is requested.
 * 2. Only when OutOfSync.
 * 3. Never to an empty desired state unless `allowEmpty` (an empty render
 *    would delete everything).
 * 4. Once per revision: when the last automated sync to this same revision
 *    and source failed, it is not repeated (its retries already ran under the
 *    retry policy); a new commit, a spec change, or a manual sync moves on.
 * 5. When the last sync to this revision succeeded and the app is OutOfSync
 *    again, the live state drifted: that is self-heal, only with `selfHeal`,
 *    and with a growing pause between attempts (2 s, 4 s, … 3 min) so the
 *    controller never fights another writer in a tight loop.
 * 6. When the only differences are resources to prune and `prune` is off,
 *    there is nothing an automated sync may do.
 */
import type { Application } from '../apis/index.js';

export interface AutoSyncComparison {
  readonly status: 'Synced' | 'OutOfSync';
  /** Resolved commit of this comparison. */
  readonly revision: string;
  /** Hash of the source spec compared (a spec change is a new target too). */
  readonly sourceHash: string;
  readonly desiredCount: number;
  /** True when every difference is an Extra (prunable) resource. */
  readonly onlyPruneNeeded: boolean;
}

/** Self-heal attempts since the app was last seen Synced (kept by the controller). */
export interface SelfHealState {
  readonly attempts: number;
  readonly lastAttemptAt?: Date;
}

export type AutoSyncDecision =
  | {
      readonly sync: true;
      readonly prune: boolean;
      readonly selfHeal: boolean;
      readonly reason: string;
    }
  | {
      readonly sync: false;
      readonly reason: string;
      /** A condition the user should see (a refusal worth acting on). */
      readonly warning?: string;
      /** Look again after this long (self-heal backoff). */
      readonly retryAfterMs?: number;
    };

export const SELF_HEAL_BACKOFF = { baseMs: 2_000, factor: 2, maxMs: 3 * 60_000 } as const;

export function selfHealDelay(attempts: number): number {
  if (attempts <= 0) return 0;
  return Math.min(
    SELF_HEAL_BACKOFF.maxMs,
    SELF_HEAL_BACKOFF.baseMs * SELF_HEAL_BACKOFF.factor ** (attempts - 1),
  );
}

/** The record of which target the last automated sync tried, kept in operationState. */
export interface LastAutoSync {
  readonly revision: string;
  readonly sourceHash: string;
  readonly phase: string;
}

export function decideAutoSync(
  app: Application,
  comparison: AutoSyncComparison,
  last: LastAutoSync | undefined,
  selfHeal: SelfHealState,
  now: Date,
): AutoSyncDecision {
  const automated = app.spec.syncPolicy?.automated;
  if (!automated) return { sync: false, reason: 'automated sync is not enabled' };
  if (app.metadata.deletionTimestamp)
    return { sync: false, reason: 'the application is being deleted' };
  // A Running operationState alone does not block: the reconcile of an app is
  // never concurrent with its own operation, so a leftover Running state is a
  // sync interrupted by a controller restart, and deciding anew resumes it.
  if (app.operation) return { sync: false, reason: 'an operation is already in progress' };
  if (comparison.status === 'Synced') return { sync: false, reason: 'already synced' };
  if (comparison.desiredCount === 0 && !automated.allowEmpty) {
    return {
      sync: false,
      reason: 'empty desired state',
      warning:
        'automated sync refused: the source renders no resources, which would delete everything; set syncPolicy.automated.allowEmpty to allow it',
    };
  }
  const sameTarget =
    last && last.revision === comparison.revision && last.sourceHash === comparison.sourceHash;
  if (sameTarget && last.phase !== 'Succeeded') {
    return {
      sync: false,
      reason: `automated sync to ${short(comparison.revision)} already failed`,
      warning: `automated sync to ${short(comparison.revision)} failed and is not repeated for the same revision; push a fix or sync manually`,
    };
  }
  const prune = automated.prune ?? false;
  if (comparison.onlyPruneNeeded && !prune) {
    return { sync: false, reason: 'only pruning is needed and automated prune is disabled' };
  }
  if (sameTarget) {
    if (!automated.selfHeal)
      return { sync: false, reason: 'live state drifted; selfHeal is disabled' };
    const wait = selfHealDelay(selfHeal.attempts);
    const since = selfHeal.lastAttemptAt
      ? now.getTime() - selfHeal.lastAttemptAt.getTime()
      : Infinity;
    if (since < wait) {
      return { sync: false, reason: 'self-heal backing off', retryAfterMs: wait - since };
    }
    return { sync: true, prune, selfHeal: true, reason: 'self-heal: live state drifted from Git' };
  }
  return {
    sync: true,
    prune,
    selfHeal: false,
    reason: `automated sync to ${short(comparison.revision)}`,
  };
}

function short(revision: string): string {
  return /^[0-9a-f]{40}$/.test(revision) ? revision.slice(0, 7) : revision;
}
