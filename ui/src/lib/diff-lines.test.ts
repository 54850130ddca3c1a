import { describe, expect, it } from 'vitest';
import { diffStats, pairDiffLines } from './diff-lines.js';

const UNIFIED = `Index: Deployment/shop/web
===================================================================
--- live
+++ desired
@@ -3,5 +3,6 @@
 metadata:
   name: web
 spec:
-  replicas: 5
+  replicas: 2
+  paused: false
   selector:
`;

describe('side-by-side diff', () => {
  it('pairs a removed line with its replacement and keeps line numbers', () => {
    const rows = pairDiffLines(UNIFIED);
    expect(rows[0]).toEqual({ type: 'hunk', header: '@@ -3,5 +3,6 @@' });
    expect(rows[1]).toEqual({
      type: 'context',
      left: { line: 3, text: 'metadata:' },
      right: { line: 3, text: 'metadata:' },
    });
    // replicas 5 → 2 on one row; the extra added line alone on the right
    expect(rows[4]).toEqual({
      type: 'change',
      left: { line: 6, text: '  replicas: 5' },
      right: { line: 6, text: '  replicas: 2' },
    });
    expect(rows[5]).toEqual({
      type: 'change',
      left: undefined,
      right: { line: 7, text: '  paused: false' },
    });
    expect(rows[6]).toEqual({
      type: 'context',
      left: { line: 7, text: '  selector:' },
      right: { line: 8, text: '  selector:' },
    });
    expect(rows).toHaveLength(7);
  });

  it('handles several hunks, pure removals and "no newline" markers', () => {
    const rows = pairDiffLines(
      '@@ -1,2 +1,1 @@\n a: 1\n-b: 2\n\\ No newline at end of file\n@@ -10 +9 @@\n-x\n+y\n',
    );
    expect(rows.map((r) => r.type)).toEqual(['hunk', 'context', 'change', 'hunk', 'change']);
    expect(rows[2]).toEqual({ type: 'change', left: { line: 2, text: 'b: 2' }, right: undefined });
    expect(rows[4]).toEqual({
      type: 'change',
      left: { line: 10, text: 'x' },
      right: { line: 9, text: 'y' },
    });
  });

  it('treats a removed line that looks like a header as content', () => {
    const rows = pairDiffLines('@@ -1 +1 @@\n---\n+++\n');
    expect(rows[1]).toEqual({
      type: 'change',
      left: { line: 1, text: '--' },
      right: { line: 1, text: '++' },
    });
    expect(diffStats('@@ -1 +1 @@\n---\n+++\n')).toEqual({ added: 1, removed: 1 });
  });

  it('has no rows for an empty diff and counts changes', () => {
    expect(pairDiffLines('')).toEqual([]);
    expect(diffStats(UNIFIED)).toEqual({ added: 2, removed: 1 });
  });
});
