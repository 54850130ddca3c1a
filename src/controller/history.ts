import type { RevisionHistory } from '../apis/index.js';

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
