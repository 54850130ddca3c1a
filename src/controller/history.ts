import type { RevisionHistory } from '../apis/index.js';
import type { ComparisonStatus } from './status-writes.js';

/**
 * Appends a sync to the history (oldest first) with the next id, keeping at
 * most `limit` entries. Ids only grow, so a rollback id never points at a
 * different sync after old entries are dropped.
 */
export function appendHistory(
  history: readonly RevisionHistory[],
  entry: Omit<RevisionHistory, 'id'>,
  limit: number,
): RevisionHistory[] {
  const nextId = history.reduce((max, h) => Math.max(max, h.id), -1) + 1;
  const all = [...history, { ...entry, id: nextId }];
  return limit <= 0 ? [] : all.slice(Math.max(0, all.length - limit));
}

/**
 * The history a new sync appends to: the one `unwritten` status carries, if
 * any — the outcome of the sync just before, handed on to be written with
 * this one, so the application's stored history lacks its entry yet — or
 * else the stored one.
 */
export function historyBefore(
  stored: readonly RevisionHistory[] | undefined,
  unwritten: ComparisonStatus | undefined,
): readonly RevisionHistory[] {
  const carried = unwritten?.history;
  return Array.isArray(carried) ? (carried as RevisionHistory[]) : (stored ?? []);
}
