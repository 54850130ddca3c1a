/**
 * One application: status header, the current operation, and tabs for the
 * resource tree, the diff, the history and the events. Live: the stream
 * (limited to this application) replaces the application as it changes, and
 * the tree is refetched (throttled) after each change.
 */
import { useCallback, useEffect, useState } from 'react';
import { ApiError, messageOf } from '../../api/client.js';
import { applications } from '../../api/endpoints.js';
import type {
  Application,
  ApplicationWatchEvent,
  RefreshKind,
  ResourceNode,
} from '../../api/types.js';
import { EventsList } from '../../components/events-list.js';
import { Icon } from '../../components/icon.js';
import { LiveIndicator, useApplicationStream } from '../../components/live.js';
import { EmptyState, ErrorBox, Loading } from '../../components/states.js';
import { Tabs } from '../../components/tabs.js';
import { useNotify } from '../../components/toasts.js';
import { useAsync } from '../../components/use-async.js';
import { useEventBatch } from '../../components/use-event-batch.js';
import { useThrottled } from '../../components/use-throttled.js';
import { isOperationRunning, nameOf } from '../../lib/app-view.js';
import { nodeKey } from '../../lib/tree.js';
import { Link, navigate, useLocation } from '../../router/router.js';
import { AppSummary, Conditions, OperationPanel } from './app-summary.js';
import { DeleteDialog } from './delete-dialog.js';
import { DiffList } from './diff-list.js';
import { EditDialog } from './edit-dialog.js';
import { HistoryPanel } from './history-panel.js';
import { ResourcePanel } from './resource-panel.js';
import { ResourceTreeView } from './resource-tree.js';
import { SyncDialog } from './sync-dialog.js';

const TREE_REFETCH_MS = 1500;
type DialogName = 'sync' | 'edit' | 'delete';
const TABS = [
  { id: 'tree', label: 'Resource tree' },
  { id: 'diff', label: 'Diff' },
  { id: 'history', label: 'History and rollback' },
  { id: 'events', label: 'Events' },
] as const;

function TabContent({
  tab,
  app,
  treeProps,
}: {
  readonly tab: string;
  readonly app: Application;
  readonly treeProps: {
    readonly nodes: readonly ResourceNode[] | undefined;
    readonly error: unknown;
    readonly selected: string | undefined;
    readonly onSelect: (node: ResourceNode) => void;
  };
}) {
  const name = nameOf(app);
  const diff = useAsync(
    () => (tab === 'diff' ? applications.diff(name) : Promise.resolve(undefined)),
    [tab, name, app.status?.sync?.revision, app.status?.reconciledAt],
  );
  const events = useAsync(
    () => (tab === 'events' ? applications.events(name) : Promise.resolve(undefined)),
    [tab, name],
  );
  if (tab === 'diff') {
    if (diff.error !== undefined) return <ErrorBox error={diff.error} onRetry={diff.reload} />;
    return diff.data ? <DiffList diff={diff.data} /> : <Loading label="Comparing with Git…" />;
  }
  if (tab === 'history') return <HistoryPanel app={app} />;
  if (tab === 'events') {
    if (events.error !== undefined)
      return <ErrorBox error={events.error} onRetry={events.reload} />;
    return events.data ? <EventsList events={events.data} /> : <Loading />;
  }
  const { nodes, error, selected, onSelect } = treeProps;
  if (error !== undefined && !nodes) return <ErrorBox error={error} />;
  if (!nodes) return <Loading label="Loading the resource tree…" />;
  return <ResourceTreeView app={app} nodes={nodes} onSelect={onSelect} selectedKey={selected} />;
}

export function ApplicationPage({ name }: { readonly name: string }) {
  const notify = useNotify();
  const location = useLocation();
  const tab = TABS.some((t) => t.id === location.search.get('tab'))
    ? (location.search.get('tab') ?? 'tree')
    : 'tree';
  const app = useAsync(() => applications.get(name), [name]);
  const tree = useAsync(() => applications.resourceTree(name), [name]);
  const [dialog, setDialog] = useState<DialogName>();
  const [selected, setSelected] = useState<ResourceNode>();
  const [deleted, setDeleted] = useState(false);

  const refetchTree = useThrottled(tree.reload, TREE_REFETCH_MS);
  const applyEvents = useCallback(
    (events: readonly ApplicationWatchEvent[]) => {
      const last = events.filter((e) => nameOf(e.application) === name).at(-1);
      if (!last) return;
      if (last.type === 'DELETED') {
        setDeleted(true);
        return;
      }
      app.update(() => last.application);
      refetchTree();
    },
    [name, app, refetchTree],
  );
  const onEvent = useEventBatch(applyEvents);
  const stream = useApplicationStream(name, onEvent);
  // See the applications page: catch up on what happened before the stream started.
  const reloadApp = app.reload;
  useEffect(() => {
    if (stream === 'live') {
      reloadApp();
      refetchTree();
    }
  }, [stream, reloadApp, refetchTree]);

  const setTab = (id: string) => {
    const params = new URLSearchParams(location.search);
    if (id === 'tree') params.delete('tab');
    else params.set('tab', id);
    const query = params.toString();
    navigate(`${location.pathname}${query ? `?${query}` : ''}`, { replace: true });
  };
  const refresh = (kind: RefreshKind) =>
    applications.get(name, kind).then(
      (fresh) => {
        app.update(() => fresh);
        tree.reload();
        notify(
          kind === 'hard' ? `Hard refresh of ${name} requested` : `Refresh of ${name} requested`,
        );
      },
      (err: unknown) => notify(messageOf(err), 'bad'),
    );
  const terminate = () =>
    applications.terminateOperation(name).then(
      (fresh) => {
        app.update(() => fresh);
        notify('Termination requested');
      },
      (err: unknown) => notify(messageOf(err), 'bad'),
    );

  if (app.error !== undefined && !app.data) {
    const missing = app.error instanceof ApiError && app.error.status === 404;
    return (
      <main className="page" id="main">
        {missing ? (
          <EmptyState title={`Application ${name} does not exist`}>
            <Link to="/applications">Back to applications</Link>
          </EmptyState>
        ) : (
          <ErrorBox error={app.error} onRetry={app.reload} />
        )}
      </main>
    );
  }
  if (!app.data) {
    return (
      <main className="page" id="main">
        <Loading label={`Loading ${name}…`} />
      </main>
    );
  }
  const current = app.data;
  const gone = deleted || (app.error instanceof ApiError && app.error.status === 404);
  const running = isOperationRunning(current);
  return (
    <main className="page" id="main">
      <nav className="breadcrumbs" aria-label="Breadcrumbs">
        <Link to="/applications">Applications</Link> <span aria-hidden="true">/</span>{' '}
        <span aria-current="page">{name}</span>
      </nav>
      <div className="page-head">
        <h1>{name}</h1>
        <LiveIndicator state={stream} />
        <div className="page-actions" role="toolbar" aria-label="Application actions">
          <button
            type="button"
            className="button button-primary"
            onClick={() => setDialog('sync')}
            disabled={gone}
          >
            <Icon name="sync" /> Sync
          </button>
          <button
            type="button"
            className="button"
            onClick={() => void refresh('normal')}
            disabled={gone}
          >
            <Icon name="refresh" /> Refresh
          </button>
          <button
            type="button"
            className="button"
            onClick={() => void refresh('hard')}
            disabled={gone}
            title="Also discard the cached render of the source"
          >
            Hard refresh
          </button>
          <button type="button" className="button" onClick={() => setTab('history')}>
            <Icon name="history" /> History
          </button>
          <button
            type="button"
            className="button"
            onClick={() => setDialog('edit')}
            disabled={gone}
          >
            <Icon name="edit" /> Edit
          </button>
          <button
            type="button"
            className="button button-danger"
            onClick={() => setDialog('delete')}
            disabled={gone}
          >
            <Icon name="trash" /> Delete
          </button>
        </div>
      </div>
      {(gone || current.metadata.deletionTimestamp) && (
        <p className="note" role="status">
          {gone ? 'This application has been deleted.' : 'This application is being deleted.'}{' '}
          <Link to="/applications">Back to applications</Link>
        </p>
      )}
      <AppSummary app={current} />
      <Conditions app={current} />
      <OperationPanel app={current} onTerminate={() => void terminate()} />
      <Tabs label="Application views" tabs={TABS} selected={tab} onSelect={setTab}>
        <TabContent
          tab={tab}
          app={current}
          treeProps={{
            nodes: tree.data?.nodes,
            error: tree.error,
            selected: selected && nodeKey(selected),
            onSelect: setSelected,
          }}
        />
      </Tabs>
      {running && (
        <span className="visually-hidden" role="status">
          A sync is in progress
        </span>
      )}
      {selected && (
        <ResourcePanel appName={name} node={selected} onClose={() => setSelected(undefined)} />
      )}
      {dialog === 'sync' && (
        <SyncDialog
          app={current}
          onClose={() => setDialog(undefined)}
          onSynced={(fresh) => {
            app.update(() => fresh);
            setDialog(undefined);
            notify(`Sync of ${name} requested`);
          }}
        />
      )}
      {dialog === 'edit' && (
        <EditDialog
          app={current}
          onClose={() => setDialog(undefined)}
          onSaved={(fresh) => {
            app.update(() => fresh);
            setDialog(undefined);
            notify(`${name} saved`);
          }}
        />
      )}
      {dialog === 'delete' && (
        <DeleteDialog
          app={current}
          onClose={() => setDialog(undefined)}
          onDeleted={() => {
            setDialog(undefined);
            notify(`Deletion of ${name} requested`);
            navigate('/applications');
          }}
        />
      )}
    </main>
  );
}
