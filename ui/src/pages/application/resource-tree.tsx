/**
 * The resource tree, drawn left to right: the application, its managed
 * resources, and what they own. Nested lists carry the structure for screen
 * readers; CSS draws the connecting lines. Every node is a button that opens
 * its details.
 */
import { useMemo } from 'react';
import type { Application, ResourceNode } from '../../api/types.js';
import { HealthBadge, SyncBadge } from '../../components/status-badge.js';
import { healthStatusOf, nameOf, syncStatusOf } from '../../lib/app-view.js';
import { timeAgo } from '../../lib/format.js';
import { buildTree, countByHealth, type TreeItem } from '../../lib/tree.js';

/** Short kind labels, as kubectl's short names. */
const SHORT_KIND: Readonly<Record<string, string>> = {
  Deployment: 'deploy',
  ReplicaSet: 'rs',
  Pod: 'pod',
  Service: 'svc',
  ConfigMap: 'cm',
  Secret: 'secret',
  StatefulSet: 'sts',
  DaemonSet: 'ds',
  Job: 'job',
  CronJob: 'cj',
  Ingress: 'ing',
  Namespace: 'ns',
  ServiceAccount: 'sa',
  PersistentVolumeClaim: 'pvc',
  EndpointSlice: 'eps',
  Endpoints: 'ep',
  HorizontalPodAutoscaler: 'hpa',
};

function Node({
  item,
  onSelect,
  selectedKey,
}: {
  readonly item: TreeItem;
  readonly onSelect: (node: ResourceNode) => void;
  readonly selectedKey: string | undefined;
}) {
  const { node } = item;
  const kind = SHORT_KIND[node.kind] ?? node.kind.toLowerCase();
  return (
    <li className="tree-branch">
      <button
        type="button"
        className={`tree-node${item.key === selectedKey ? ' tree-node-selected' : ''}`}
        onClick={() => onSelect(node)}
        aria-label={`${node.kind} ${node.name}${node.health ? `, ${node.health.status}` : ''}${node.status ? `, ${node.status}` : ''}`}
        data-kind={node.kind}
        data-name={node.name}
      >
        <span className="tree-kind" title={node.kind}>
          {kind}
        </span>
        <span className="tree-text">
          <span className="tree-name" title={node.name}>
            {node.name}
          </span>
          <span className="tree-badges">
            {node.health && <HealthBadge status={node.health.status} title={node.health.message} />}
            {node.status && <SyncBadge status={node.status} />}
            {!node.status && node.createdAt && (
              <span className="muted">{timeAgo(node.createdAt)}</span>
            )}
          </span>
        </span>
      </button>
      {item.children.length > 0 && (
        <ul className="tree-children">
          {item.children.map((child) => (
            <Node key={child.key} item={child} onSelect={onSelect} selectedKey={selectedKey} />
          ))}
        </ul>
      )}
    </li>
  );
}

export function ResourceTreeView({
  app,
  nodes,
  onSelect,
  selectedKey,
}: {
  readonly app: Application;
  readonly nodes: readonly ResourceNode[];
  readonly onSelect: (node: ResourceNode) => void;
  readonly selectedKey: string | undefined;
}) {
  const items = useMemo(() => buildTree(nodes), [nodes]);
  const counts = useMemo(() => countByHealth(nodes), [nodes]);
  return (
    <div className="tree-wrap">
      <p className="summary">
        {nodes.length} resources
        {[...counts.entries()].map(([status, n]) => (
          <span key={status}>
            {' '}
            · {n} {status}
          </span>
        ))}
      </p>
      <div className="tree-scroll" role="region" aria-label="Resource tree" tabIndex={0}>
        <ul className="tree">
          <li className="tree-branch">
            <div className="tree-node tree-root">
              <span className="tree-kind">app</span>
              <span className="tree-text">
                <span className="tree-name">{nameOf(app)}</span>
                <span className="tree-badges">
                  <HealthBadge status={healthStatusOf(app)} />
                  <SyncBadge status={syncStatusOf(app)} />
                </span>
              </span>
            </div>
            {items.length > 0 && (
              <ul className="tree-children">
                {items.map((item) => (
                  <Node key={item.key} item={item} onSelect={onSelect} selectedKey={selectedKey} />
                ))}
              </ul>
            )}
          </li>
        </ul>
      </div>
    </div>
  );
}
