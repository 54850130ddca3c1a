/**
 * Keeping a large application's status small (pure). The API server refuses
 * objects over about 1.5 MiB (etcd's request limit), and every watcher of
 * Applications pays for each byte on every status write. So the status lists
 * at most a limited number of per-resource entries — the ones a user must
 * see first — and carries counts over all of them; the API's resource tree
 * (built from the live objects) has the full detail.
 */
import type { ResourceResult, ResourceStatus, ResourcesSummary } from '../apis/index.js';

/** Per-resource entries kept in `status.resources` and in a sync result by default. */
export const DEFAULT_STATUS_RESOURCES_LIMIT = 1000;

/**
 * Keeps the `limit` entries that matter most, in their original order.
 * `rank` sorts them: lower first; ties keep their original order.
 */
function keepMostImportant<T>(items: readonly T[], limit: number, rank: (t: T) => number): T[] {
  if (items.length <= limit) return [...items];
  const kept = items
    .map((item, index) => ({ index, rank: rank(item) }))
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .slice(0, Math.max(0, limit))
    .map((e) => e.index)
    .sort((a, b) => a - b);
  return kept.map((index) => items[index] as T);
}

/** Out of sync (or to prune) first, then unhealthy, then the rest. */
function statusRank(r: ResourceStatus): number {
  if (r.status !== 'Synced' || r.requiresPruning) return 0;
  if (r.health && r.health.status !== 'Healthy') return 1;
  return 2;
}

/** The entries of `status.resources` to write, and counts over all of them. */
export function limitResourceStatuses(
  resources: readonly ResourceStatus[],
  limit: number,
): { readonly resources: ResourceStatus[]; readonly summary: ResourcesSummary } {
  const listed = keepMostImportant(resources, limit, statusRank);
  const summary: ResourcesSummary = {
    total: resources.length,
    listed: listed.length,
    outOfSync: 0,
    healthy: 0,
    progressing: 0,
    degraded: 0,
    suspended: 0,
    missing: 0,
    unknown: 0,
  };
  for (const r of resources) {
    if (statusRank(r) === 0) summary.outOfSync++;
    switch (r.health?.status) {
      case 'Healthy':
        summary.healthy++;
        break;
      case 'Progressing':
        summary.progressing++;
        break;
      case 'Degraded':
        summary.degraded++;
        break;
      case 'Suspended':
        summary.suspended++;
        break;
      case 'Missing':
        summary.missing++;
        break;
      default:
        summary.unknown++;
    }
  }
  return { resources: listed, summary };
}

/**
 * Hooks first (a sync resumed on another replica adopts the hooks its
 * interrupted attempt recorded, so they must never be dropped), then
 * failures, then the rest.
 */
function resultRank(r: ResourceResult): number {
  if (r.hookType !== undefined) return 0;
  if (r.status !== 'Synced' && r.status !== 'Pruned') return 1;
  return 2;
}

/** A sync result's per-resource entries to write, with the total when some were left out. */
export function limitResourceResults(
  results: readonly ResourceResult[],
  limit: number,
): { readonly resources: ResourceResult[]; readonly resourcesTotal?: number } {
  const resources = keepMostImportant(results, limit, resultRank);
  return resources.length < results.length
    ? { resources, resourcesTotal: results.length }
    : { resources };
}
