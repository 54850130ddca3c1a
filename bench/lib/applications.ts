/**
 * Reading benchmark Applications back from the API server: only the status
 * fields the scenarios wait on, typed loosely because the bench must not
 * break when the controller adds status fields.
 */
import type { ClusterConnection } from '../../src/cluster/index.js';
import { KEELSON_NAMESPACE } from './bench-cluster.js';

/** Collection path of the Applications in {@link KEELSON_NAMESPACE}. */
export const APPLICATIONS_PATH = `/apis/keelson.dev/v1alpha1/namespaces/${KEELSON_NAMESPACE}/applications`;

/** The parts of an Application the benchmarks look at. */
export interface AppView {
  readonly metadata: {
    readonly name: string;
    readonly annotations?: Readonly<Record<string, string>>;
  };
  readonly status?: {
    readonly sync?: { readonly status?: string };
    readonly health?: { readonly status?: string; readonly message?: string };
    readonly operationState?: { readonly phase?: string; readonly message?: string };
    readonly resourcesSummary?: { readonly total?: number; readonly healthy?: number };
    readonly conditions?: readonly { readonly type?: string }[];
  };
}

/** What a user waits for after creating an Application. */
export function isSyncedAndHealthy(app: AppView): boolean {
  return app.status?.sync?.status === 'Synced' && app.status.health?.status === 'Healthy';
}

/**
 * One line for progress logs and timeout messages: sync, health, healthy
 * resources, conditions (a ComparisonError explains a wait that never ends),
 * operation.
 */
export function describeAppState(app: AppView): string {
  const s = app.status;
  const parts = [
    `sync ${s?.sync?.status ?? 'unknown'}`,
    `health ${s?.health?.status ?? 'unknown'}`,
  ];
  const summary = s?.resourcesSummary;
  if (summary?.total !== undefined) parts.push(`${summary.healthy ?? 0}/${summary.total} healthy`);
  const conditions = (s?.conditions ?? []).map((c) => c.type ?? '?');
  if (conditions.length > 0) parts.push(`conditions ${conditions.join(', ')}`);
  const op = s?.operationState;
  if (op) parts.push(`operation ${op.phase ?? '?'}${op.message ? `: ${op.message}` : ''}`);
  return parts.join(', ');
}

/** The Application `name`, as the API server returns it. */
export async function getApp(conn: ClusterConnection, name: string): Promise<AppView> {
  return (await conn.request({ method: 'GET', path: `${APPLICATIONS_PATH}/${name}` })) as AppView;
}

/**
 * Only the metadata of Application `name` (a few hundred bytes however large
 * the status), so it can be polled often without slowing what is being
 * measured. A consistent read, not one from the watch cache, which may still
 * hold the version before a change just made.
 */
export async function getAppMetadata(
  conn: ClusterConnection,
  name: string,
): Promise<AppView['metadata']> {
  const partial = (await conn.request({
    method: 'GET',
    path: `${APPLICATIONS_PATH}/${name}`,
    accept: 'application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1',
  })) as Pick<AppView, 'metadata'>;
  return partial.metadata;
}

/**
 * Calls `onChange` with each Application as it changes, from a watch (the
 * first events list them all), until `stop` is aborted. A watch costs the
 * API server far less than listing a thousand large Applications every few
 * seconds, so measuring does not slow down what is measured. Re-opens the
 * watch when the server ends it.
 */
export async function watchApps(
  conn: ClusterConnection,
  onChange: (type: string, app: AppView) => void,
  stop: AbortSignal,
): Promise<void> {
  while (!stop.aborted) {
    const handle = conn.watch(APPLICATIONS_PATH, {}, (type, object) =>
      onChange(type, object as AppView),
    );
    const aborted = (): void => handle.abort();
    stop.addEventListener('abort', aborted, { once: true });
    await handle.done.catch(() => undefined);
    stop.removeEventListener('abort', aborted);
  }
}
