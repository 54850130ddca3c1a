/** Past syncs: compare the live state with any of them, and roll back in one click (plus a confirmation). */
import { useState } from 'react';
import { messageOf } from '../../api/client.js';
import { applications } from '../../api/endpoints.js';
import type { Application, RevisionHistory } from '../../api/types.js';
import { Dialog } from '../../components/dialog.js';
import { Icon } from '../../components/icon.js';
import { EmptyState, ErrorBox, Loading } from '../../components/states.js';
import { useNotify } from '../../components/toasts.js';
import { useAsync } from '../../components/use-async.js';
import { historyNewestFirst, isAutomated, nameOf } from '../../lib/app-view.js';
import { formatTime, shortRevision, timeAgo } from '../../lib/format.js';
import { DiffList } from './diff-list.js';

function sourceLabel(entry: RevisionHistory): string {
  const { repoURL, path, chart, targetRevision } = entry.source;
  return `${repoURL}${chart ? ` ${chart}` : path ? ` ${path}` : ''}@${targetRevision || 'HEAD'}`;
}

function CompareDialog({
  app,
  entry,
  onClose,
}: {
  readonly app: Application;
  readonly entry: RevisionHistory;
  readonly onClose: () => void;
}) {
  const diff = useAsync(() => applications.diff(nameOf(app), entry.revision), [entry.revision]);
  return (
    <Dialog
      title={`Live state compared with #${entry.id} (${shortRevision(entry.revision)})`}
      onClose={onClose}
      wide
    >
      {diff.error !== undefined && <ErrorBox error={diff.error} />}
      {diff.loading && !diff.data && <Loading label="Rendering that revision…" />}
      {diff.data && <DiffList diff={diff.data} />}
    </Dialog>
  );
}

function RollbackDialog({
  app,
  entry,
  onClose,
  onDone,
}: {
  readonly app: Application;
  readonly entry: RevisionHistory;
  readonly onClose: () => void;
  readonly onDone: () => void;
}) {
  const [prune, setPrune] = useState(false);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const confirm = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await applications.rollback(nameOf(app), { id: entry.id, prune });
      onDone();
    } catch (err) {
      setError(messageOf(err));
      setBusy(false);
    }
  };
  return (
    <Dialog
      title={`Roll back ${nameOf(app)}`}
      onClose={onClose}
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button
            type="button"
            className="button button-primary"
            disabled={busy}
            onClick={() => void confirm()}
          >
            {busy ? 'Requesting…' : `Roll back to #${entry.id}`}
          </button>
        </>
      }
    >
      <p>
        Sync revision <span className="mono">{shortRevision(entry.revision)}</span> (deployed{' '}
        {formatTime(entry.deployedAt)}) again. Git is not changed: the application stays out of sync
        until Git matches or it is synced to the target revision.
      </p>
      <label className="check">
        <input type="checkbox" checked={prune} onChange={(e) => setPrune(e.target.checked)} />
        Prune resources that revision does not have
      </label>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </Dialog>
  );
}

export function HistoryPanel({ app }: { readonly app: Application }) {
  const notify = useNotify();
  const [comparing, setComparing] = useState<RevisionHistory>();
  const [rollingBack, setRollingBack] = useState<RevisionHistory>();
  const history = historyNewestFirst(app);
  const automated = isAutomated(app);
  if (history.length === 0) {
    return (
      <EmptyState title="No syncs yet">Each sync adds an entry you can roll back to.</EmptyState>
    );
  }
  const current = history[0]?.id;
  return (
    <>
      {automated && (
        <p className="note" id="rollback-note">
          Automated sync is on, so Keelson would sync Git's revision again right after a rollback.
          To roll back, first turn automated sync off (Edit).
        </p>
      )}
      <div className="table-scroll">
        <table className="table">
          <caption className="visually-hidden">Sync history of {nameOf(app)}</caption>
          <thead>
            <tr>
              <th scope="col">ID</th>
              <th scope="col">Deployed</th>
              <th scope="col">Initiated by</th>
              <th scope="col">Revision</th>
              <th scope="col">Source</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {history.map((entry) => (
              <tr key={entry.id}>
                <th scope="row">
                  #{entry.id}
                  {entry.id === current && (
                    <span className="badge badge-inline tone-info">current</span>
                  )}
                </th>
                <td title={formatTime(entry.deployedAt)}>
                  {formatTime(entry.deployedAt)}{' '}
                  <span className="muted">({timeAgo(entry.deployedAt)})</span>
                </td>
                <td>
                  {entry.initiatedBy?.automated
                    ? 'automated sync'
                    : (entry.initiatedBy?.username ?? '—')}
                </td>
                <td className="mono" title={entry.revision}>
                  {shortRevision(entry.revision)}
                </td>
                <td className="truncate" title={sourceLabel(entry)}>
                  {sourceLabel(entry)}
                </td>
                <td className="row-actions">
                  <button
                    type="button"
                    className="button button-small"
                    onClick={() => setComparing(entry)}
                  >
                    Compare<span className="visually-hidden"> with #{entry.id}</span>
                  </button>
                  <button
                    type="button"
                    className="button button-small"
                    disabled={automated}
                    aria-describedby={automated ? 'rollback-note' : undefined}
                    onClick={() => setRollingBack(entry)}
                  >
                    <Icon name="history" /> Roll back
                    <span className="visually-hidden"> to #{entry.id}</span>
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {comparing && (
        <CompareDialog app={app} entry={comparing} onClose={() => setComparing(undefined)} />
      )}
      {rollingBack && (
        <RollbackDialog
          app={app}
          entry={rollingBack}
          onClose={() => setRollingBack(undefined)}
          onDone={() => {
            notify(`Rollback of ${nameOf(app)} to #${rollingBack.id} requested`);
            setRollingBack(undefined);
          }}
        />
      )}
    </>
  );
}
