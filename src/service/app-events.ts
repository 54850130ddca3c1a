import pLimit from 'p-limit';
import type { Application } from '../apis/index.js';
import { listObjects } from '../cluster/index.js';
import { isRecord, type KubeObject } from '../core/index.js';
import type { BackendContext } from './context.js';
import { NotFoundError } from './errors.js';
import { mapKubeErrors } from './kube-errors.js';
import { EVENTS } from './namespaced-objects.js';
import type { EventView, ResourceRef } from './types.js';

const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

/** A core/v1 Event as shown (timestamps: legacy fields, else eventTime/series, else creation). */
export function toEventView(obj: KubeObject): EventView {
  const e = obj as Record<string, unknown>;
  const involved = isRecord(e.involvedObject) ? e.involvedObject : {};
  const series = isRecord(e.series) ? e.series : {};
  const first = str(e.firstTimestamp) ?? str(e.eventTime) ?? obj.metadata.creationTimestamp;
  const last = str(e.lastTimestamp) ?? str(series.lastObservedTime) ?? first;
  const namespace = str(involved.namespace);
  return {
    type: str(e.type) ?? 'Normal',
    reason: str(e.reason) ?? '',
    message: str(e.message) ?? '',
    count:
      typeof e.count === 'number' ? e.count : typeof series.count === 'number' ? series.count : 1,
    ...(first ? { firstTimestamp: first } : {}),
    ...(last ? { lastTimestamp: last } : {}),
    involvedObject: {
      kind: str(involved.kind) ?? '',
      ...(namespace ? { namespace } : {}),
      name: str(involved.name) ?? '',
    },
  };
}

interface Subject {
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
}

const subjectKey = (s: Subject): string => `${s.kind}/${s.namespace}/${s.name}`;

/**
 * Events about the application (in the Keelson namespace) and its managed
 * resources (or only `ref`, which must be one of them), oldest first.
 * Events of cluster-scoped resources are looked for in `default`, where
 * Kubernetes records them.
 */
export async function applicationEvents(
  ctx: BackendContext,
  name: string,
  ref?: ResourceRef,
): Promise<EventView[]> {
  const app = (await ctx.apps.get(name)) as Application;
  const managed = (app.status?.resources ?? []).map((r) => ({
    group: r.group ?? '',
    kind: r.kind,
    namespace: r.namespace ?? '',
    name: r.name,
  }));
  let subjects: Subject[];
  if (ref) {
    const match = managed.find(
      (r) =>
        r.group === (ref.group ?? '') &&
        r.kind === ref.kind &&
        r.namespace === (ref.namespace ?? '') &&
        r.name === ref.name,
    );
    if (!match)
      throw new NotFoundError(`resource of Application "${name}"`, `${ref.kind}/${ref.name}`);
    subjects = [match];
  } else {
    subjects = [{ kind: 'Application', namespace: ctx.namespace, name }, ...managed];
  }
  const wanted = new Set(subjects.map(subjectKey));
  const { connection, server } = await ctx.destination(app.spec.destination);
  // The Application's own events are on the Keelson cluster, its resources' on the destination.
  const sources = new Map<string, { connection: typeof connection; namespace: string }>();
  if (!ref)
    sources.set(`own/${ctx.namespace}`, { connection: ctx.connection, namespace: ctx.namespace });
  for (const s of managed.filter((m) => !ref || wanted.has(subjectKey(m)))) {
    const namespace = s.namespace || 'default';
    const owner = connection === ctx.connection ? 'own' : 'destination';
    sources.set(`${owner}/${namespace}`, { connection, namespace });
  }
  const limit = pLimit(4);
  const lists = await Promise.all(
    [...sources.values()].map((source) =>
      limit(() =>
        mapKubeErrors(
          async () =>
            (await listObjects(source.connection, EVENTS, { namespace: source.namespace })).items,
          undefined,
          server,
        ),
      ),
    ),
  );
  const isWanted = (e: EventView): boolean => {
    const { kind, namespace, name: n } = e.involvedObject;
    return (
      wanted.has(subjectKey({ kind, namespace: namespace ?? '', name: n })) ||
      // cluster-scoped resources: the Event sits in `default`, the resource has no namespace
      wanted.has(subjectKey({ kind, namespace: '', name: n }))
    );
  };
  return lists
    .flat()
    .map(toEventView)
    .filter(isWanted)
    .sort((a, b) => (a.lastTimestamp ?? '').localeCompare(b.lastTimestamp ?? ''));
}
