/** The application's header: status, source, destination, policy, conditions and the current operation. */
import type { Application } from '../../api/types.js';
import { HealthBadge, OperationBadge, SyncBadge } from '../../components/status-badge.js';
import {
  healthStatusOf,
  operationProgress,
  sortedConditions,
  syncPolicyLabel,
  syncStatusOf,
} from '../../lib/app-view.js';
import {
  destinationLabel,
  formatDuration,
  formatTime,
  resourceLabel,
  shortRevision,
  timeAgo,
} from '../../lib/format.js';

export function AppSummary({ app }: { readonly app: Application }) {
  const { source, destination } = app.spec;
  const sync = app.status?.sync;
  const health = app.status?.health;
  return (
    <section className="summary-grid" aria-label="Status">
      <div className="summary-card">
        <h2>Health</h2>
        <HealthBadge status={healthStatusOf(app)} />
        {health?.message && <p className="muted wrap">{health.message}</p>}
      </div>
      <div className="summary-card">
        <h2>Sync</h2>
        <SyncBadge status={syncStatusOf(app)} />
        <p className="muted">
          {sync?.revision ? (
            <>
              to{' '}
              <span className="mono" title={sync.revision}>
                {shortRevision(sync.revision)}
              </span>
            </>
          ) : (
            'not compared yet'
          )}
          {app.status?.reconciledAt && (
            <span title={formatTime(app.status.reconciledAt)}>
              {' '}
              · compared {timeAgo(app.status.reconciledAt)}
            </span>
          )}
        </p>
      </div>
      <div className="summary-card">
        <h2>Source</h2>
        <p className="truncate mono" title={source.repoURL}>
          {source.repoURL}
        </p>
        <p className="muted">
          {source.chart ? `chart ${source.chart}` : `path ${source.path || '.'}`} · revision{' '}
          {source.targetRevision || 'HEAD'}
          {app.status?.sourceType && ` · ${app.status.sourceType}`}
        </p>
      </div>
      <div className="summary-card">
        <h2>Destination</h2>
        <p className="mono truncate">{destinationLabel(destination)}</p>
        <p className="muted">
          project {app.spec.project || 'default'} · {syncPolicyLabel(app)}
        </p>
      </div>
    </section>
  );
}

export function Conditions({ app }: { readonly app: Application }) {
  const conditions = sortedConditions(app);
  if (conditions.length === 0) return null;
  return (
    <section className="conditions" aria-label="Conditions">
      <ul>
        {conditions.map((c, i) => {
          const isError = c.type.endsWith('Error');
          return (
            <li key={i} className={`condition ${isError ? 'tone-bad' : 'tone-warn'}`}>
              <strong>{c.type}</strong>
              <span className="wrap">{c.message}</span>
              {c.lastTransitionTime && (
                <span className="muted" title={formatTime(c.lastTransitionTime)}>
                  {timeAgo(c.lastTransitionTime)}
                </span>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/** The running (or last) operation, with per-resource progress. */
export function OperationPanel({
  app,
  onTerminate,
}: {
  readonly app: Application;
  readonly onTerminate: () => void;
}) {
  const state = app.status?.operationState;
  if (!state && !app.operation) return null;
  if (!state) {
    return (
      <section className="operation" aria-label="Operation">
        <p>
          <OperationBadge phase="Running" /> Sync requested, waiting for the controller…
        </p>
      </section>
    );
  }
  const progress = operationProgress(state);
  const running = state.phase === 'Running' || state.phase === 'Terminating';
  const by = state.operation.initiatedBy;
  const resources = state.syncResult?.resources ?? [];
  const percent = progress.total
    ? Math.round((progress.done / progress.total) * 100)
    : running
      ? 0
      : 100;
  return (
    <section className="operation" aria-labelledby="operation-title">
      <details open={running || state.phase !== 'Succeeded'}>
        <summary>
          <h2 id="operation-title">{running ? 'Sync in progress' : 'Last sync'}</h2>
          <OperationBadge phase={state.phase} />
          {state.operation.sync?.dryRun && <span className="badge tone-info">dry run</span>}
          <span className="muted">
            {by?.automated ? 'automated' : by?.username ? `by ${by.username}` : ''} ·{' '}
            <span title={formatTime(state.startedAt)}>{timeAgo(state.startedAt)}</span> · took{' '}
            {formatDuration(state.startedAt, state.finishedAt)}
            {state.syncResult?.revision && (
              <>
                {' '}
                · revision <span className="mono">{shortRevision(state.syncResult.revision)}</span>
              </>
            )}
          </span>
        </summary>
        {state.message && <p className="wrap">{state.message}</p>}
        {progress.total > 0 && (
          <div className="progress-line">
            <progress max={progress.total} value={progress.done} aria-label="Resources done">
              {percent}%
            </progress>
            <span>
              {progress.done} of {progress.total} resources done
              {progress.failed > 0 && `, ${progress.failed} failed`}
            </span>
          </div>
        )}
        {running && (
          <button type="button" className="button button-small" onClick={onTerminate}>
            Terminate
          </button>
        )}
        {resources.length > 0 && (
          <div className="table-scroll">
            <table className="table table-compact">
              <thead>
                <tr>
                  <th scope="col">Resource</th>
                  <th scope="col">Phase</th>
                  <th scope="col">Result</th>
                  <th scope="col">Message</th>
                </tr>
              </thead>
              <tbody>
                {resources.map((r) => (
                  <tr key={`${r.group}/${r.kind}/${r.namespace}/${r.name}/${r.hookType ?? ''}`}>
                    <td className="mono">{resourceLabel(r)}</td>
                    <td>
                      {r.syncPhase ?? 'Sync'}
                      {r.hookType &&
                        ` (${r.hookType} hook${r.hookPhase ? `: ${r.hookPhase}` : ''})`}
                    </td>
                    <td>
                      {r.status ? (
                        <OperationBadge phase={r.status} />
                      ) : (
                        <OperationBadge phase="Running" />
                      )}
                    </td>
                    <td className="wrap">{r.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </details>
    </section>
  );
}
