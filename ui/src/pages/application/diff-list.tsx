/** An application's diff: every managed resource, the changed ones opened side by side. */
import { useState } from 'react';
import type { ApplicationDiff } from '../../api/types.js';
import { SplitDiff } from '../../components/split-diff.js';
import { EmptyState } from '../../components/states.js';
import { SyncBadge } from '../../components/status-badge.js';
import { diffStats } from '../../lib/diff-lines.js';
import { resourceLabel, shortRevision } from '../../lib/format.js';

export function DiffList({ diff }: { readonly diff: ApplicationDiff }) {
  const [onlyChanged, setOnlyChanged] = useState(true);
  const changed = diff.resources.filter((r) => r.status !== 'Synced');
  const shown = onlyChanged ? changed : diff.resources;
  return (
    <div className="diff-list">
      <div className="toolbar">
        <p className="summary">
          Compared with revision <span className="mono">{shortRevision(diff.revision)}</span>:{' '}
          <SyncBadge status={diff.status} /> — {changed.length} of {diff.resources.length} resources
          differ
        </p>
        <label className="check">
          <input
            type="checkbox"
            checked={onlyChanged}
            onChange={(e) => setOnlyChanged(e.target.checked)}
          />
          Only resources that differ
        </label>
      </div>
      {shown.length === 0 && <EmptyState title="Live state equals Git: nothing to show" />}
      {shown.map((resource) => {
        const label = resourceLabel(resource);
        const stats = diffStats(resource.diff);
        return (
          <details
            key={`${resource.group}/${label}`}
            className="diff-item"
            open={resource.status !== 'Synced'}
          >
            <summary>
              <span className="mono">{label}</span>
              <SyncBadge status={resource.status} />
              {resource.requiresPruning && (
                <span className="badge tone-warn">requires pruning</span>
              )}
              {resource.diff && (
                <span className="diff-stats">
                  <span className="added">+{stats.added}</span>{' '}
                  <span className="removed">−{stats.removed}</span>
                </span>
              )}
            </summary>
            {resource.message && <p className="muted">{resource.message}</p>}
            {resource.diff ? (
              <SplitDiff diff={resource.diff} label={`Diff of ${label}`} />
            ) : (
              <p className="muted">
                {resource.status === 'Synced' ? 'No differences.' : 'No diff available.'}
              </p>
            )}
          </details>
        );
      })}
    </div>
  );
}
