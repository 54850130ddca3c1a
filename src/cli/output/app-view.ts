/**
 * Human views of an Application, in the layout of `argocd app list/get/history`
 * so habits carry over. Pure functions of the Application: no I/O.
 */
import { projectOf, type Application, type OperationState } from '../../apis/index.js';
import { formatFields, formatTable } from './table.js';

/** The destination cluster as given: server URL or cluster name. */
export function clusterOf(app: Application): string {
  return app.spec.destination.server || app.spec.destination.name || '';
}

/** `Automated (Prune, SelfHeal)`, `Automated` or `Manual`; `Auto-Prune` style in tables. */
export function syncPolicyText(app: Application, short = false): string {
  const automated = app.spec.syncPolicy?.automated;
  if (!automated) return short ? '<none>' : 'Manual';
  const extras = [automated.prune ? 'Prune' : '', automated.selfHeal ? 'SelfHeal' : ''].filter(
    Boolean,
  );
  if (short) return ['Auto', ...extras].join('-');
  return extras.length ? `Automated (${extras.join(', ')})` : 'Automated';
}

function conditionTypes(app: Application): string {
  const types = (app.status?.conditions ?? []).map((c) => c.type);
  return types.length ? types.join(',') : '<none>';
}

/** `app list`: NAME CLUSTER NAMESPACE PROJECT STATUS HEALTH SYNCPOLICY CONDITIONS (+ REPO PATH TARGET when wide). */
export function formatApplicationList(apps: readonly Application[], wide: boolean): string {
  const header = [
    'NAME',
    'CLUSTER',
    'NAMESPACE',
    'PROJECT',
    'STATUS',
    'HEALTH',
    'SYNCPOLICY',
    'CONDITIONS',
  ];
  const rows = apps.map((app) => {
    const row = [
      app.metadata.name ?? '',
      clusterOf(app),
      app.spec.destination.namespace ?? '',
      projectOf(app),
      app.status?.sync?.status ?? 'Unknown',
      app.status?.health?.status ?? 'Unknown',
      syncPolicyText(app, true),
      conditionTypes(app),
    ];
    if (!wide) return row;
    const source = app.spec.source;
    return [...row, source.repoURL, source.path ?? '', source.targetRevision ?? 'HEAD'];
  });
  return formatTable([wide ? [...header, 'REPO', 'PATH', 'TARGET'] : header, ...rows]);
}

function shortRevision(revision: string | undefined): string {
  if (!revision) return '';
  return /^[0-9a-f]{40}$/.test(revision) ? revision.slice(0, 7) : revision;
}

function syncStatusText(app: Application): string {
  const sync = app.status?.sync;
  if (!sync) return 'Unknown';
  const target = app.spec.source.targetRevision ?? 'HEAD';
  const revision = shortRevision(sync.revision);
  return `${sync.status} to ${target}${revision && revision !== target ? ` (${revision})` : ''}`;
}

function healthText(app: Application): string {
  const health = app.status?.health;
  if (!health) return 'Unknown';
  return health.message ? `${health.status} (${health.message})` : health.status;
}

/** The key/value summary of `app get`. */
export function formatApplicationSummary(app: Application): string {
  const source = app.spec.source;
  const fields: [string, string][] = [
    ['Name', `${app.metadata.namespace ?? ''}/${app.metadata.name ?? ''}`.replace(/^\//, '')],
    ['Project', projectOf(app)],
    ['Server', clusterOf(app)],
    ['Namespace', app.spec.destination.namespace ?? ''],
    ['Repo', source.repoURL],
    ['Target', source.targetRevision ?? 'HEAD'],
    ['Path', source.chart ? `chart ${source.chart}` : (source.path ?? '.')],
  ];
  if (app.status?.sourceType) fields.push(['Source Type', app.status.sourceType]);
  fields.push(
    ['Sync Policy', syncPolicyText(app)],
    ['Sync Status', syncStatusText(app)],
    ['Health Status', healthText(app)],
  );
  return formatFields(fields);
}

/** The last (or running) operation: phase, revision, times and message. */
export function formatOperationState(state: OperationState): string {
  const fields: [string, string][] = [
    ['Operation', state.operation.sync ? 'Sync' : 'Unknown'],
    ['Sync Revision', shortRevision(state.syncResult?.revision) || ''],
    ['Phase', state.phase],
    ['Start', state.startedAt],
  ];
  if (state.finishedAt) {
    fields.push(['Finished', state.finishedAt]);
    const seconds = (Date.parse(state.finishedAt) - Date.parse(state.startedAt)) / 1000;
    if (Number.isFinite(seconds))
      fields.push([
        'Duration',
        seconds < 10 ? `${seconds.toFixed(1)}s` : `${Math.round(seconds)}s`,
      ]);
  }
  if (state.message) fields.push(['Message', state.message]);
  return formatFields(fields);
}

/** CONDITION MESSAGE LAST TRANSITION, or `''` when there are none. */
export function formatConditions(app: Application): string {
  const conditions = app.status?.conditions ?? [];
  if (conditions.length === 0) return '';
  return formatTable([
    ['CONDITION', 'MESSAGE', 'LAST TRANSITION'],
    ...conditions.map((c) => [c.type, c.message, c.lastTransitionTime ?? '']),
  ]);
}

/** The managed resources: GROUP KIND NAMESPACE NAME STATUS HEALTH. */
export function formatManagedResources(app: Application): string {
  const resources = app.status?.resources ?? [];
  return formatTable([
    ['GROUP', 'KIND', 'NAMESPACE', 'NAME', 'STATUS', 'HEALTH'],
    ...resources.map((r) => [
      r.group ?? '',
      r.kind,
      r.namespace ?? '',
      r.name,
      r.requiresPruning ? `${r.status ?? ''} (prune)`.trim() : (r.status ?? ''),
      r.health?.status ?? '',
    ]),
  ]);
}

/** A line saying how many resources a large application's status leaves out, if any. */
function unlistedNote(app: Application): string {
  const summary = app.status?.resourcesSummary;
  if (!summary || summary.listed >= summary.total) return '';
  return `${summary.total - summary.listed} more resources in sync not listed (${summary.total} in all, ${summary.outOfSync} out of sync); keelson app resources shows them all\n`;
}

/** Everything `app get` shows, sections separated by blank lines. */
export function formatApplication(app: Application, showOperation: boolean): string {
  const sections = [formatApplicationSummary(app)];
  const state = app.status?.operationState;
  if (showOperation && state) sections.push(formatOperationState(state));
  const conditions = formatConditions(app);
  if (conditions) sections.push(conditions);
  sections.push(formatManagedResources(app) + unlistedNote(app));
  return sections.join('\n');
}

/** `app history`: ID DATE REVISION INITIATED-BY, oldest first. */
export function formatHistory(app: Application): string {
  const history = app.status?.history ?? [];
  return formatTable([
    ['ID', 'DATE', 'REVISION', 'INITIATED-BY'],
    ...history.map((h) => [
      String(h.id),
      h.deployedAt,
      `${h.source.targetRevision ?? 'HEAD'} (${shortRevision(h.revision)})`,
      h.initiatedBy?.automated ? 'automated' : (h.initiatedBy?.username ?? ''),
    ]),
  ]);
}

/** What an operation did per resource: GROUP KIND NAMESPACE NAME STATUS HOOK MESSAGE. */
export function formatOperationResources(state: OperationState): string {
  const results = state.syncResult?.resources ?? [];
  if (results.length === 0) return '';
  return formatTable([
    ['GROUP', 'KIND', 'NAMESPACE', 'NAME', 'STATUS', 'HOOK', 'MESSAGE'],
    ...results.map((r) => [
      r.group,
      r.kind,
      r.namespace,
      r.name,
      r.status ?? r.hookPhase ?? '',
      r.hookType ?? '',
      r.message ?? '',
    ]),
  ]);
}
