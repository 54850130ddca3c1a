/**
 * Prometheus metrics of the controller (prom-client). Names follow the issue
 * and Argo CD's where the concept is the same (`argocd_app_info` →
 * `keelson_app_info`), so dashboards translate by prefix.
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

export interface AppInfoLabels {
  readonly name: string;
  readonly namespace: string;
  readonly project: string;
  readonly destServer: string;
  readonly destNamespace: string;
  readonly syncStatus: string;
  readonly healthStatus: string;
}

export class ControllerMetrics {
  readonly registry = new Registry();
  private readonly appInfo = new Gauge({
    name: 'keelson_app_info',
    help: 'Information about an Application: one series per app, value 1.',
    labelNames: [
      'name',
      'namespace',
      'project',
      'dest_server',
      'dest_namespace',
      'sync_status',
      'health_status',
    ],
    registers: [this.registry],
  });
  private readonly appSync = new Counter({
    name: 'keelson_app_sync_total',
    help: 'Sync operations by application and final phase.',
    labelNames: ['name', 'namespace', 'project', 'phase'],
    registers: [this.registry],
  });
  private readonly reconcileDuration = new Histogram({
    name: 'keelson_app_reconcile_duration_seconds',
    help: 'Time to reconcile one application (compare and, when due, sync).',
    labelNames: ['dest_server'],
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60],
    registers: [this.registry],
  });
  private readonly gitRequests = new Counter({
    name: 'keelson_git_request_total',
    help: 'Git requests by repository and kind (ls-remote, fetch).',
    labelNames: ['repo', 'request_type', 'outcome'],
    registers: [this.registry],
  });
  private readonly gitDuration = new Histogram({
    name: 'keelson_git_request_duration_seconds',
    help: 'Duration of Git requests by repository and kind.',
    labelNames: ['repo', 'request_type'],
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60],
    registers: [this.registry],
  });
  private readonly queueDepth = new Gauge({
    name: 'keelson_app_queue_depth',
    help: 'Applications waiting in the reconcile queue.',
    registers: [this.registry],
  });
  private readonly shardsHeld = new Gauge({
    name: 'keelson_controller_shards_held',
    help: 'Shards this replica holds (sharded mode).',
    registers: [this.registry],
  });
  /** Last label set per app, so a status change replaces its series instead of adding one. */
  private readonly infoByApp = new Map<string, AppInfoLabels>();

  setAppInfo(labels: AppInfoLabels): void {
    const key = `${labels.namespace}/${labels.name}`;
    const previous = this.infoByApp.get(key);
    if (previous) this.appInfo.remove(toPromLabels(previous));
    this.appInfo.set(toPromLabels(labels), 1);
    this.infoByApp.set(key, labels);
  }

  removeApp(namespace: string, name: string): void {
    const key = `${namespace}/${name}`;
    const previous = this.infoByApp.get(key);
    if (previous) this.appInfo.remove(toPromLabels(previous));
    this.infoByApp.delete(key);
  }

  countSync(app: { name: string; namespace: string; project: string }, phase: string): void {
    this.appSync.inc({ name: app.name, namespace: app.namespace, project: app.project, phase });
  }

  observeReconcile(destServer: string, seconds: number): void {
    this.reconcileDuration.observe({ dest_server: destServer }, seconds);
  }

  observeGit(repo: string, requestType: 'ls-remote' | 'fetch', seconds: number, ok: boolean): void {
    this.gitRequests.inc({ repo, request_type: requestType, outcome: ok ? 'success' : 'failure' });
    this.gitDuration.observe({ repo, request_type: requestType }, seconds);
  }

  setQueueDepth(depth: number): void {
    this.queueDepth.set(depth);
  }

  setShardsHeld(count: number): void {
    this.shardsHeld.set(count);
  }
}

function toPromLabels(l: AppInfoLabels): Record<string, string> {
  return {
    name: l.name,
    namespace: l.namespace,
    project: l.project,
    dest_server: l.destServer,
    dest_namespace: l.destNamespace,
    sync_status: l.syncStatus,
    health_status: l.healthStatus,
  };
}
