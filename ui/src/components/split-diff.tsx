/** A unified diff (live → desired) shown side by side: live on the left, desired on the right. */
import { useMemo } from 'react';
import { pairDiffLines, type DiffCell } from '../lib/diff-lines.js';

function Cell({ cell, side }: { readonly cell?: DiffCell; readonly side: 'left' | 'right' }) {
  if (!cell) return <td className="diff-empty" colSpan={2} />;
  return (
    <>
      <td className="diff-line-no">{cell.line}</td>
      <td className={`diff-text diff-${side}`}>
        <span className="visually-hidden">{side === 'left' ? 'live: ' : 'desired: '}</span>
        {cell.text}
      </td>
    </>
  );
}

export function SplitDiff({ diff, label }: { readonly diff: string; readonly label: string }) {
  const rows = useMemo(() => pairDiffLines(diff), [diff]);
  if (rows.length === 0) return <p className="muted">No differences.</p>;
  return (
    <div className="diff-scroll" tabIndex={0} role="region" aria-label={label}>
      <table className="diff">
        {/* Fixed layout takes widths from here, not from the first row's spanning headers. */}
        <colgroup>
          <col className="diff-col-no" />
          <col />
          <col className="diff-col-no" />
          <col />
        </colgroup>
        <thead>
          <tr>
            <th colSpan={2} scope="colgroup">
              Live
            </th>
            <th colSpan={2} scope="colgroup">
              Desired (Git)
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) =>
            row.type === 'hunk' ? (
              <tr key={i} className="diff-hunk">
                <td colSpan={4}>{row.header}</td>
              </tr>
            ) : (
              <tr key={i} className={`diff-row diff-${row.type}`}>
                <Cell cell={row.left} side="left" />
                <Cell cell={row.right} side="right" />
              </tr>
            ),
          )}
        </tbody>
      </table>
    </div>
  );
}
