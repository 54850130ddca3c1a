import { describe, expect, it } from 'vitest';
import type { RevisionHistory } from '../apis/index.js';
import { appendHistory } from './history.js';
import { statusAsWritten } from './status-writes.js';

const entry = (revision: string): Omit<RevisionHistory, 'id'> => ({
  revision,
  source: { repoURL: 'https://git.example/apps.git', path: 'web' },
  deployStartedAt: '2026-12-04T07:00:00Z',
  deployedAt: '2026-12-04T07:00:01Z',
});

describe('sync history', () => {
  it('numbers entries after the highest id and keeps the newest `limit`', () => {
    let history: RevisionHistory[] = [];
    for (const r of ['a', 'b', 'c']) history = appendHistory(history, entry(r), 2);
    expect(history.map((h) => [h.id, h.revision])).toEqual([
      [1, 'b'],
      [2, 'c'],
    ]);
    expect(appendHistory(history, entry('d'), 0)).toEqual([]);
  });

  it('GIVEN the outcome of the sync just before is not written yet THEN the next sync appends to its history, losing neither entry', () => {
    const stored = appendHistory([], entry('a'), 10);
    const carried = appendHistory(stored, entry('b'), 10);
    const next = appendHistory(
      statusAsWritten({ history: stored }, { operationState: {}, history: carried }).history ?? [],
      entry('c'),
      10,
    );
    expect(next.map((h) => h.revision)).toEqual(['a', 'b', 'c']);
    expect(statusAsWritten({ history: stored }, { sync: {} }).history).toBe(stored);
    expect(statusAsWritten(undefined, undefined).history ?? []).toEqual([]);
  });
});
