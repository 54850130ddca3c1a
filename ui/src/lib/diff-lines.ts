/**
 * Side-by-side view of a unified diff (live → desired, as the API returns
 * it): the left column is the live object, the right the desired one. Runs of
 * removed lines followed by added lines are paired row by row, so a changed
 * line sits next to its replacement (the convention of GitHub's split view).
 */

export interface DiffCell {
  /** Line number in its file (1-based). */
  readonly line: number;
  readonly text: string;
}

export type DiffRow =
  | { readonly type: 'hunk'; readonly header: string }
  | {
      readonly type: 'context' | 'change';
      /** Absent: the line exists only on the other side. */
      readonly left?: DiffCell;
      readonly right?: DiffCell;
    };

const HUNK = /^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@(.*)$/;

/** Pairs the lines of a unified diff; file headers and "\ No newline" markers are dropped. */
export function pairDiffLines(unified: string): readonly DiffRow[] {
  const rows: DiffRow[] = [];
  let removed: DiffCell[] = [];
  let added: DiffCell[] = [];
  let left = 0;
  let right = 0;
  let inHunk = false;
  const flush = () => {
    for (let i = 0; i < Math.max(removed.length, added.length); i++) {
      rows.push({ type: 'change', left: removed[i], right: added[i] });
    }
    removed = [];
    added = [];
  };
  for (const line of unified.split('\n')) {
    const hunk = HUNK.exec(line);
    if (hunk) {
      flush();
      left = Number(hunk[1]);
      right = Number(hunk[2]);
      inHunk = true;
      rows.push({ type: 'hunk', header: line });
      continue;
    }
    if (!inHunk || line.startsWith('\\')) continue;
    const text = line.slice(1);
    if (line.startsWith('-')) removed.push({ line: left++, text });
    else if (line.startsWith('+')) added.push({ line: right++, text });
    else if (line.startsWith(' ') || line === '') {
      // An empty line inside a hunk is a context line whose leading space was trimmed.
      flush();
      rows.push({
        type: 'context',
        left: { line: left++, text },
        right: { line: right++, text },
      });
    }
  }
  flush();
  // A trailing empty "context" line comes from the diff's final newline, not the files.
  const last = rows.at(-1);
  if (last?.type === 'context' && last.left?.text === '' && unified.endsWith('\n')) rows.pop();
  return rows;
}

/** Lines added and removed (the "+3 −1" next to a resource). */
export function diffStats(unified: string): { readonly added: number; readonly removed: number } {
  let added = 0;
  let removed = 0;
  for (const row of pairDiffLines(unified)) {
    if (row.type !== 'change') continue;
    if (row.left) removed++;
    if (row.right) added++;
  }
  return { added, removed };
}
