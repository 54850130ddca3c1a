/** The two views of the applications list: tiles (cards) and a compact table. */
import type { Application } from '../../api/types.js';
import { Icon } from '../../components/icon.js';
import { HealthBadge, SyncBadge } from '../../components/status-badge.js';
import { healthStatusOf, nameOf, syncPolicyLabel, syncStatusOf } from '../../lib/app-view.js';
import { destinationLabel, formatTime, shortRevision, timeAgo } from '../../lib/format.js';
import { Link } from '../../router/router.js';

export interface AppActions {
  readonly onSync: (app: Application) => void;
  readonly onRefresh: (app: Application) => void;
}

const appPath = (app: Application) => `/applications/${encodeURIComponent(nameOf(app))}`;

function lastSynced(app: Application): string | undefined {
  return app.status?.operationState?.finishedAt ?? app.status?.history?.at(-1)?.deployedAt;
}

function Tile({ app, actions }: { readonly app: Application; readonly actions: AppActions }) {
  const source = app.spec.source;
  const synced = lastSynced(app);
  return (
    <li className={`tile tile-${healthStatusOf(app).toLowerCase()}`}>
      <article aria-labelledby={`tile-${nameOf(app)}`}>
        <h3 className="tile-title" id={`tile-${nameOf(app)}`}>
          <Link to={appPath(app)}>{nameOf(app)}</Link>
        </h3>
        <div className="badges">
          <HealthBadge status={healthStatusOf(app)} title={app.status?.health?.message} />
          <SyncBadge status={syncStatusOf(app)} />
          {app.metadata.deletionTimestamp && <span className="badge tone-bad">Deleting</span>}
        </div>
        <dl className="facts">
          <dt>Project</dt>
          <dd>{app.spec.project || 'default'}</dd>
          <dt>Repository</dt>
          <dd className="truncate" title={source.repoURL}>
            {source.repoURL}
          </dd>
          <dt>Path</dt>
          <dd className="truncate">{source.chart ?? (source.path || '.')}</dd>
          <dt>Revision</dt>
          <dd>
            {source.targetRevision || 'HEAD'}
            {app.status?.sync?.revision && (
              <span className="muted"> ({shortRevision(app.status.sync.revision)})</span>
            )}
          </dd>
          <dt>Destination</dt>
          <dd className="truncate">{destinationLabel(app.spec.destination)}</dd>
          <dt>Policy</dt>
          <dd>{syncPolicyLabel(app)}</dd>
          {synced && (
            <>
              <dt>Last sync</dt>
              <dd title={formatTime(synced)}>{timeAgo(synced)}</dd>
            </>
          )}
        </dl>
        <div className="tile-actions">
          <button type="button" className="button button-small" onClick={() => actions.onSync(app)}>
            <Icon name="sync" /> Sync<span className="visually-hidden"> {nameOf(app)}</span>
          </button>
          <button
            type="button"
            className="button button-small"
            onClick={() => actions.onRefresh(app)}
          >
            <Icon name="refresh" /> Refresh
            <span className="visually-hidden"> {nameOf(app)}</span>
          </button>
        </div>
      </article>
    </li>
  );
}

export function AppTiles({
  apps,
  actions,
}: {
  readonly apps: readonly Application[];
  readonly actions: AppActions;
}) {
  return (
    <ul className="tiles" aria-label="Applications">
      {apps.map((app) => (
        <Tile key={nameOf(app)} app={app} actions={actions} />
      ))}
    </ul>
  );
}

export function AppTable({
  apps,
  actions,
}: {
  readonly apps: readonly Application[];
  readonly actions: AppActions;
}) {
  return (
    <div className="table-scroll">
      <table className="table">
        <caption className="visually-hidden">Applications</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Project</th>
            <th scope="col">Health</th>
            <th scope="col">Sync</th>
            <th scope="col">Source</th>
            <th scope="col">Revision</th>
            <th scope="col">Destination</th>
            <th scope="col">Last sync</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {apps.map((app) => {
            const synced = lastSynced(app);
            return (
              <tr key={nameOf(app)}>
                <th scope="row">
                  <Link to={appPath(app)}>{nameOf(app)}</Link>
                </th>
                <td>{app.spec.project || 'default'}</td>
                <td>
                  <HealthBadge status={healthStatusOf(app)} title={app.status?.health?.message} />
                </td>
                <td>
                  <SyncBadge status={syncStatusOf(app)} />
                </td>
                <td className="truncate" title={app.spec.source.repoURL}>
                  {app.spec.source.repoURL} <span className="muted">{app.spec.source.path}</span>
                </td>
                <td>
                  {shortRevision(app.status?.sync?.revision) || app.spec.source.targetRevision}
                </td>
                <td>{destinationLabel(app.spec.destination)}</td>
                <td title={formatTime(synced)}>{timeAgo(synced)}</td>
                <td className="row-actions">
                  <button
                    type="button"
                    className="button button-small"
                    onClick={() => actions.onSync(app)}
                  >
                    Sync<span className="visually-hidden"> {nameOf(app)}</span>
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
