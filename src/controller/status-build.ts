/**
 * Turning a comparison and a sync result into the Application's status
 * fields. Pure.
 */
import type {
  ApplicationHealthStatus,
  ResourceResult as StatusResourceResult,
  ResourceStatus,
} from '../apis/index.js';
import { parseApiVersion, type KubeObject } from '../core/index.js';
import type { ResourceDiff } from '../diff/index.js';
import { aggregateResourceHealth, assessHealth, type HealthStatus } from '../health/index.js';
import { syncWave, type SyncResult } from '../sync/index.js';

export interface ResourceSummary {
  readonly resources: ResourceStatus[];
  readonly health: HealthStatus;
}

/**
 * Per-resource summary (sync status, health, wave) and the application's
 * health: the worst of its desired resources. Extra resources (to be pruned)
 * are listed but do not count towards health: they are on their way out.
 */
export function summarizeResources(diffs: readonly ResourceDiff[]): ResourceSummary {
  const resources: ResourceStatus[] = [];
  const healthEntries: { resource: string; health: HealthStatus }[] = [];
  for (const d of diffs) {
    const obj: KubeObject | undefined = d.live ?? d.target;
    const version = obj ? parseApiVersion(obj.apiVersion).version : '';
    const health = assessHealth(d.live);
    const wave = d.target ? safeWave(d.target) : undefined;
    resources.push({
      group: d.key.group || undefined,
      version,
      kind: d.key.kind,
      namespace: d.key.namespace || undefined,
      name: d.key.name,
      status: d.status === 'Synced' ? 'Synced' : 'OutOfSync',
      health: toStatusHealth(health),
      requiresPruning: d.status === 'Extra' ? true : undefined,
      syncWave: wave,
    });
    if (d.status !== 'Extra') {
      const name = d.key.namespace
        ? `${d.key.kind}/${d.key.namespace}/${d.key.name}`
        : `${d.key.kind}/${d.key.name}`;
      healthEntries.push({ resource: name, health });
    }
  }
  return { resources, health: aggregateResourceHealth(healthEntries) };
}

function safeWave(obj: KubeObject): number | undefined {
  try {
    const wave = syncWave(obj);
    return wave === 0 ? undefined : wave;
  } catch {
    return undefined; // an invalid annotation is reported by the sync, not here
  }
}

export function toStatusHealth(health: HealthStatus): ApplicationHealthStatus {
  return health.message
    ? { status: health.status, message: health.message }
    : { status: health.status };
}

export type StatusResult = StatusResourceResult;

/** A sync result's per-resource outcomes in the Application status format. */
export function toStatusResults(result: Pick<SyncResult, 'resources'>): StatusResourceResult[] {
  return result.resources.map((r) => ({
    group: r.key.group,
    version: r.version ?? '',
    kind: r.key.kind,
    namespace: r.key.namespace,
    name: r.key.name,
    status: r.status,
    message: r.message || undefined,
    hookType: r.hookType,
    hookPhase: r.hookPhase,
    syncPhase: r.phase,
  }));
}
