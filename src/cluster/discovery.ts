import { KeelsonError, isRecord, type GroupVersionKind } from '../core/index.js';
import type { ClusterConnection } from './connection.js';

/** One kind of object the API server serves, at one group/version. */
export interface ApiResource {
  /** API group; `''` for the core group. */
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  /** The plural resource name used in URLs (`deployments`). */
  readonly resource: string;
  readonly namespaced: boolean;
  readonly verbs: readonly string[];
  /** True when `version` is the group's preferred version. */
  readonly preferred: boolean;
}

/** No resource type serves this group/version/kind (a CRD not installed yet, a typo in apiVersion). */
export class UnknownKindError extends KeelsonError {
  constructor(readonly gvk: GroupVersionKind) {
    const apiVersion = gvk.group ? `${gvk.group}/${gvk.version}` : gvk.version;
    super(`the cluster does not serve kind ${gvk.kind} in ${apiVersion}`);
  }
}

interface Snapshot {
  readonly all: readonly ApiResource[];
  readonly byGvk: ReadonlyMap<string, ApiResource>;
  readonly fetchedAt: number;
}

const AGGREGATED_ACCEPT =
  'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json';

/** A miss refreshes discovery at most this often (a CRD just created; a typo must not hammer the server). */
const MISS_REFRESH_INTERVAL_MS = 1_000;

const gvkKey = (g: GroupVersionKind): string => `${g.group}/${g.version}/${g.kind}`;

/**
 * API discovery with a cache: which kinds exist, their plural resource names,
 * scope and preferred versions. Fetched with aggregated discovery (two
 * requests) and per-group lists on servers without it. The cache refreshes
 * on {@link invalidate} (the live-state cache calls it when CRDs change, the
 * sync engine after it applies CRDs) and when a kind is looked up that it
 * does not know.
 */
export class Discovery {
  private snapshot: Promise<Snapshot> | undefined;

  constructor(private readonly connection: ClusterConnection) {}

  /** Every resource type at every served version, sorted by group, version, kind. */
  async resources(): Promise<readonly ApiResource[]> {
    return (await this.current()).all;
  }

  /** One resource type per group and kind, at the group's preferred version when it serves the kind there. */
  async preferredResources(): Promise<readonly ApiResource[]> {
    const chosen = new Map<string, ApiResource>();
    for (const r of await this.resources()) {
      const key = `${r.group}/${r.kind}`;
      const seen = chosen.get(key);
      if (!seen || (r.preferred && !seen.preferred)) chosen.set(key, r);
    }
    return [...chosen.values()];
  }

  /** The resource type for `gvk`, or `undefined` when the server does not serve it (after one refresh). */
  async find(gvk: GroupVersionKind): Promise<ApiResource | undefined> {
    const pending = this.current();
    const snap = await pending;
    const hit = snap.byGvk.get(gvkKey(gvk));
    if (hit || Date.now() - snap.fetchedAt < MISS_REFRESH_INTERVAL_MS) return hit;
    // Concurrent misses share one refresh.
    if (this.snapshot === pending) this.invalidate();
    return (await this.current()).byGvk.get(gvkKey(gvk));
  }

  /** Like {@link find} but throws {@link UnknownKindError}. */
  async resourceFor(gvk: GroupVersionKind): Promise<ApiResource> {
    const found = await this.find(gvk);
    if (!found) throw new UnknownKindError(gvk);
    return found;
  }

  /** Forgets what was discovered; the next lookup asks the server again. */
  invalidate(): void {
    this.snapshot = undefined;
  }

  private current(): Promise<Snapshot> {
    if (!this.snapshot) {
      const pending = this.fetch();
      this.snapshot = pending;
      // A failed discovery must not stick: the next caller tries again.
      pending.catch(() => {
        if (this.snapshot === pending) this.snapshot = undefined;
      });
    }
    return this.snapshot;
  }

  private async fetch(): Promise<Snapshot> {
    const [core, groups] = await Promise.all([this.fetchRoot('/api'), this.fetchRoot('/apis')]);
    const all = [...core, ...groups].sort(
      (a, b) =>
        a.group.localeCompare(b.group) ||
        a.version.localeCompare(b.version) ||
        a.kind.localeCompare(b.kind),
    );
    return { all, byGvk: new Map(all.map((r) => [gvkKey(r), r])), fetchedAt: Date.now() };
  }

  private async fetchRoot(root: '/api' | '/apis'): Promise<ApiResource[]> {
    const body = await this.connection.request({
      method: 'GET',
      path: root,
      accept: AGGREGATED_ACCEPT,
      verb: 'discovery',
    });
    if (isRecord(body) && body.kind === 'APIGroupDiscoveryList') return parseAggregated(body);
    return this.fetchLegacy(root, body);
  }

  /** Servers without aggregated discovery: one request per group/version. */
  private async fetchLegacy(root: '/api' | '/apis', body: unknown): Promise<ApiResource[]> {
    const groupVersions: { group: string; version: string; preferred: boolean }[] = [];
    if (root === '/api') {
      const versions = isRecord(body) && Array.isArray(body.versions) ? body.versions : [];
      versions.forEach((v, i) => {
        if (typeof v === 'string')
          groupVersions.push({ group: '', version: v, preferred: i === 0 });
      });
    } else {
      for (const g of arrayField(body, 'groups')) {
        const name = typeof g.name === 'string' ? g.name : '';
        const preferred = isRecord(g.preferredVersion) ? g.preferredVersion.version : undefined;
        for (const v of arrayField(g, 'versions')) {
          if (typeof v.version === 'string') {
            groupVersions.push({
              group: name,
              version: v.version,
              preferred: v.version === preferred,
            });
          }
        }
      }
    }
    const lists = await Promise.all(
      groupVersions.map(async (gv) => {
        const path = gv.group ? `/apis/${gv.group}/${gv.version}` : `/api/${gv.version}`;
        const list = await this.connection.request({ method: 'GET', path, verb: 'discovery' });
        return arrayField(list, 'resources')
          .filter((r) => typeof r.name === 'string' && !r.name.includes('/'))
          .map((r): ApiResource => ({
            group: gv.group,
            version: gv.version,
            kind: String(r.kind),
            resource: String(r.name),
            namespaced: r.namespaced === true,
            verbs: stringArray(r.verbs),
            preferred: gv.preferred,
          }));
      }),
    );
    return lists.flat();
  }
}

function parseAggregated(body: Record<string, unknown>): ApiResource[] {
  const out: ApiResource[] = [];
  for (const item of arrayField(body, 'items')) {
    const group =
      isRecord(item.metadata) && typeof item.metadata.name === 'string' ? item.metadata.name : '';
    // Versions are listed in preference order: the first is preferred.
    arrayField(item, 'versions').forEach((v, index) => {
      const version = typeof v.version === 'string' ? v.version : '';
      for (const r of arrayField(v, 'resources')) {
        const kind = isRecord(r.responseKind) ? r.responseKind.kind : undefined;
        if (typeof r.resource !== 'string' || typeof kind !== 'string' || !kind) continue;
        out.push({
          group,
          version,
          kind,
          resource: r.resource,
          namespaced: r.scope === 'Namespaced',
          verbs: stringArray(r.verbs),
          preferred: index === 0,
        });
      }
    });
  }
  return out;
}

function arrayField(obj: unknown, field: string): Record<string, unknown>[] {
  const value = isRecord(obj) ? obj[field] : undefined;
  return Array.isArray(value) ? value.filter(isRecord) : [];
}

function stringArray(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
