/** Details of one node of the tree: summary, live and desired manifests, diff, events, logs. */
import { useState } from 'react';
import { messageOf } from '../../api/client.js';
import { applications } from '../../api/endpoints.js';
import type { ResourceNode, ResourceRef } from '../../api/types.js';
import { CodeBlock, YamlView } from '../../components/code.js';
import { Dialog } from '../../components/dialog.js';
import { EventsList } from '../../components/events-list.js';
import { SplitDiff } from '../../components/split-diff.js';
import { ErrorBox, Loading } from '../../components/states.js';
import { HealthBadge, SyncBadge } from '../../components/status-badge.js';
import { Tabs, type Tab } from '../../components/tabs.js';
import { useNotify } from '../../components/toasts.js';
import { useAsync } from '../../components/use-async.js';
import { formatTime } from '../../lib/format.js';

const RESTARTABLE = ['Deployment', 'StatefulSet', 'DaemonSet'];

function Summary({ node, appName }: { readonly node: ResourceNode; readonly appName: string }) {
  const notify = useNotify();
  const [busy, setBusy] = useState(false);
  const restart = async () => {
    setBusy(true);
    try {
      await applications.restart(appName, node);
      notify(`${node.kind} ${node.name} is restarting`);
    } catch (err) {
      notify(messageOf(err), 'bad');
    } finally {
      setBusy(false);
    }
  };
  return (
    <div>
      <dl className="facts facts-wide">
        <dt>Kind</dt>
        <dd>
          {node.kind}{' '}
          <span className="muted">
            ({node.group ? `${node.group}/` : ''}
            {node.version})
          </span>
        </dd>
        <dt>Name</dt>
        <dd className="mono">{node.name}</dd>
        {node.namespace && (
          <>
            <dt>Namespace</dt>
            <dd className="mono">{node.namespace}</dd>
          </>
        )}
        <dt>Health</dt>
        <dd>
          {node.health ? (
            <HealthBadge status={node.health.status} />
          ) : (
            <span className="muted">not assessed</span>
          )}
        </dd>
        {node.health?.message && (
          <>
            <dt>Health message</dt>
            <dd className="wrap">{node.health.message}</dd>
          </>
        )}
        <dt>Sync</dt>
        <dd>
          {node.status ? (
            <SyncBadge status={node.status} />
          ) : (
            <span className="muted">not managed (owned by another resource)</span>
          )}
        </dd>
        {node.createdAt && (
          <>
            <dt>Created</dt>
            <dd>{formatTime(node.createdAt)}</dd>
          </>
        )}
        {node.images && node.images.length > 0 && (
          <>
            <dt>Images</dt>
            <dd className="mono">
              {node.images.map((image) => (
                <div key={image}>{image}</div>
              ))}
            </dd>
          </>
        )}
        {node.uid && (
          <>
            <dt>UID</dt>
            <dd className="mono">{node.uid}</dd>
          </>
        )}
      </dl>
      {RESTARTABLE.includes(node.kind) && (
        <button type="button" className="button" disabled={busy} onClick={() => void restart()}>
          Restart
        </button>
      )}
    </div>
  );
}

export function ResourcePanel({
  appName,
  node,
  onClose,
}: {
  readonly appName: string;
  readonly node: ResourceNode;
  readonly onClose: () => void;
}) {
  const ref: ResourceRef = {
    group: node.group,
    kind: node.kind,
    namespace: node.namespace,
    name: node.name,
  };
  const managed = node.status !== undefined;
  const [tab, setTab] = useState(managed && node.status !== 'Synced' ? 'diff' : 'summary');
  const resource = useAsync(
    () => applications.resource(appName, ref),
    [appName, node.uid, node.name],
  );
  const events = useAsync(
    () => (tab === 'events' ? applications.events(appName, ref) : Promise.resolve(undefined)),
    [tab, node.uid, node.name],
  );
  const logs = useAsync(
    () =>
      tab === 'logs'
        ? applications.logs(appName, node.namespace, node.name)
        : Promise.resolve(undefined),
    [tab, node.uid, node.name],
  );
  const tabs: Tab[] = [
    { id: 'summary', label: 'Summary' },
    { id: 'live', label: 'Live manifest' },
    { id: 'desired', label: 'Desired manifest' },
    { id: 'diff', label: 'Diff' },
    { id: 'events', label: 'Events' },
    ...(node.kind === 'Pod' ? [{ id: 'logs', label: 'Logs' }] : []),
  ];

  const manifest = (which: 'live' | 'desired') => {
    if (resource.error !== undefined) return <ErrorBox error={resource.error} />;
    if (!resource.data) return <Loading />;
    const value = resource.data[which];
    if (!value) {
      return (
        <p className="muted">
          {which === 'live'
            ? 'Not in the cluster (Missing).'
            : 'Not in Git: a sync with prune deletes it.'}
        </p>
      );
    }
    return <YamlView value={value} label={`${which} manifest of ${node.kind} ${node.name}`} />;
  };

  let panel;
  switch (tab) {
    case 'live':
    case 'desired':
      panel = manifest(tab);
      break;
    case 'diff':
      panel =
        resource.error !== undefined ? (
          <ErrorBox error={resource.error} />
        ) : !resource.data ? (
          <Loading />
        ) : (
          <>
            {resource.data.message && <p className="note">{resource.data.message}</p>}
            <SplitDiff diff={resource.data.diff} label={`Diff of ${node.kind} ${node.name}`} />
          </>
        );
      break;
    case 'events':
      panel =
        events.error !== undefined ? (
          <ErrorBox error={events.error} />
        ) : events.data ? (
          <EventsList events={events.data} />
        ) : (
          <Loading />
        );
      break;
    case 'logs':
      panel =
        logs.error !== undefined ? (
          <ErrorBox error={logs.error} />
        ) : logs.data === undefined ? (
          <Loading />
        ) : (
          <CodeBlock text={logs.data || '(no output)'} label={`Logs of ${node.name}`} />
        );
      break;
    default:
      panel = <Summary node={node} appName={appName} />;
  }

  return (
    <Dialog title={`${node.kind} ${node.name}`} onClose={onClose} drawer>
      <Tabs label="Resource details" tabs={tabs} selected={tab} onSelect={setTab}>
        {panel}
      </Tabs>
    </Dialog>
  );
}
