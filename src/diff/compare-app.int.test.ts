import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ClusterConnection,
  applyObject,
  getObject,
  listTrackedObjects,
  withTrackingMarker,
} from '../cluster/index.js';
import { contentFingerprintOf, describeObject, waitFor, type KubeObject } from '../core/index.js';
import { startLocalCluster, type LocalCluster } from '../testenv/index.js';
import { compareApp, type ComparisonResult, type InSyncMemo, type ResourceDiff } from './index.js';

const deployment = (namespace: string, replicas = 1): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace },
  spec: {
    replicas,
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: {
        containers: [
          { name: 'web', image: 'registry.example/web:1', resources: { limits: { cpu: '500m' } } },
        ],
      },
    },
  },
});

const service = (namespace: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'web', namespace },
  spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080 }] },
});

const secret = (namespace: string, password: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name: 'db', namespace },
  stringData: { user: 'admin', password },
});

const configMap = (namespace: string, name: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace },
  data: { a: '1' },
});

function byName(result: ComparisonResult): Record<string, ResourceDiff> {
  return Object.fromEntries(result.resources.map((r) => [describeObject(r.key), r]));
}

describe('diff: comparing with the server-side dry run', () => {
  let cluster: LocalCluster;
  let conn: ClusterConnection;

  beforeAll(async () => {
    cluster = await startLocalCluster({ name: 'diff-compare', ephemeral: true });
    conn = ClusterConnection.fromKubeconfig(cluster.kubeconfigPath);
  });

  afterAll(async () => {
    conn?.close();
    await cluster?.stop();
  });

  /** A namespace, and `objects` applied in it with `app`'s marker. */
  async function given(ns: string, app: string, objects: readonly KubeObject[]): Promise<void> {
    await applyObject(conn, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
    for (const obj of objects) await applyObject(conn, withTrackingMarker(obj, app));
  }

  async function compare(
    app: string,
    ns: string,
    desired: readonly KubeObject[],
    options = {},
  ): Promise<ComparisonResult> {
    return compareApp(
      conn,
      { desired, live: await listTrackedObjects(conn, app) },
      { app, namespace: ns, ...options },
    );
  }

  it('finds an applied application Synced although the server added defaults', async () => {
    // GIVEN objects applied as written (the server defaults many fields, allocates a cluster IP)
    await given('diff-synced', 'synced', [
      deployment('diff-synced'),
      service('diff-synced'),
      secret('diff-synced', 's3cret'),
    ]);
    // WHEN compared with the same manifests, namespace left to the default
    const result = await compare('synced', 'diff-synced', [
      { ...deployment('diff-synced'), metadata: { name: 'web' } },
      service('diff-synced'),
      secret('diff-synced', 's3cret'),
    ]);
    // THEN everything is Synced, predicted by the server
    expect(result.status).toBe('Synced');
    expect(result.resources.map((r) => [describeObject(r.key), r.status, r.method])).toEqual([
      ['Secret/diff-synced/db', 'Synced', 'server-side'],
      ['Service/diff-synced/web', 'Synced', 'server-side'],
      ['Deployment/diff-synced/web', 'Synced', 'server-side'],
    ]);
  });

  it('shows Missing, OutOfSync with a readable diff, and Extra', async () => {
    await given('diff-drift', 'drift', [deployment('diff-drift'), configMap('diff-drift', 'old')]);
    const result = byName(
      await compare('drift', 'diff-drift', [
        deployment('diff-drift', 2),
        configMap('diff-drift', 'new'),
      ]),
    );
    expect(result['Deployment/diff-drift/web']?.status).toBe('OutOfSync');
    expect(result['Deployment/diff-drift/web']?.diff).toContain('-  replicas: 1\n+  replicas: 2\n');
    expect(result['ConfigMap/diff-drift/new']?.status).toBe('Missing');
    expect(result['ConfigMap/diff-drift/old']?.status).toBe('Extra');
  });

  it('shows objects of a namespace that does not exist yet as Missing, without a dry run into it', async () => {
    // GIVEN an application whose namespace nobody has created
    const result = byName(
      await compare('fresh', 'diff-not-yet', [configMap('diff-not-yet', 'settings')]),
    );
    // THEN the object is Missing and says why it could not be validated yet
    const diff = result['ConfigMap/diff-not-yet/settings'];
    expect(diff?.status).toBe('Missing');
    expect(diff?.dryRunError).toMatchObject({
      reason: 'NamespaceNotFound',
      message: 'ConfigMap/diff-not-yet/settings: namespaces "diff-not-yet" not found',
    });
  });

  it('ignores differences by JSON pointer, JSONPath and field manager', async () => {
    // GIVEN a Deployment someone scaled to 3 with another field manager
    const ns = 'diff-ignore';
    await given(ns, 'ignore', [deployment(ns)]);
    await conn.request({
      method: 'PATCH',
      path: `/apis/apps/v1/namespaces/${ns}/deployments/web/scale`,
      query: { fieldManager: 'autoscaler' },
      contentType: 'application/merge-patch+json',
      body: { spec: { replicas: 3 } },
    });
    const desired = [deployment(ns)];
    // WHEN compared plainly, the drift shows, and applying would conflict with the other manager
    const plain = byName(await compare('ignore', ns, desired))['Deployment/diff-ignore/web'];
    expect(plain?.status).toBe('OutOfSync');
    expect(plain?.diff).toContain('-  replicas: 3\n+  replicas: 1\n');
    expect(plain?.dryRunError?.reason).toBe('Conflict');
    // THEN each kind of rule hides it
    const rules = [
      { group: 'apps', kind: 'Deployment', jsonPointers: ['/spec/replicas'] },
      { group: 'apps', kind: 'Deployment', name: 'web', jsonPaths: ['$.spec.replicas'] },
      { group: '*', kind: '*', namespace: ns, managedFieldsManagers: ['autoscaler'] },
    ];
    for (const rule of rules) {
      const result = await compare('ignore', ns, desired, { ignoreDifferences: [rule] });
      expect(result.status, JSON.stringify(rule)).toBe('Synced');
    }
  });

  it('masks secret values, equal values with equal masks', async () => {
    const ns = 'diff-secret';
    await given(ns, 'secret', [secret(ns, 'hunter2')]);
    const result = await compare('secret', ns, [secret(ns, 'correct horse')]);
    const [db] = result.resources;
    expect(db?.status).toBe('OutOfSync');
    expect(db?.diff).toMatch(
      /- {2}password: "<masked value #(\d)>"\n\+ {2}password: "<masked value #(?!\1)\d>"\n/,
    );
    expect(db?.diff).toMatch(/^ {3}user: "<masked value #\d>"$/m);
    const everything = JSON.stringify(result);
    for (const plain of [
      'hunter2',
      'correct horse',
      'admin',
      btoa('hunter2'),
      btoa('admin'),
      btoa('correct horse'),
    ]) {
      expect(everything).not.toContain(plain);
    }
  });

  it("reports an object that exists but is another application's, or nobody's, as a conflict", async () => {
    const ns = 'diff-conflict';
    await given(ns, 'owner', [configMap(ns, 'shared')]);
    await applyObject(conn, configMap(ns, 'unmanaged'));
    const result = byName(
      await compare('intruder', ns, [configMap(ns, 'shared'), configMap(ns, 'unmanaged')]),
    );
    expect(result['ConfigMap/diff-conflict/shared']?.conflict).toEqual({
      owner: 'owner',
      message: 'ConfigMap/diff-conflict/shared: already managed by application "owner"',
    });
    expect(result['ConfigMap/diff-conflict/unmanaged']?.conflict?.owner).toBeUndefined();
    expect(result['ConfigMap/diff-conflict/unmanaged']?.conflict?.message).toBe(
      'ConfigMap/diff-conflict/unmanaged: exists and is not managed by application "intruder"',
    );
  });

  it('falls back to a structural comparison for objects the dry run rejects, saying why', async () => {
    const ns = 'diff-fallback';
    await given(ns, 'fallback', [deployment(ns)]);
    const invalid = {
      ...deployment(ns),
      spec: { ...(deployment(ns).spec as object), replicas: -1 },
    };
    const gadget = {
      apiVersion: 'example.com/v1',
      kind: 'Gadget',
      metadata: { name: 'g', namespace: ns },
    };
    const result = byName(await compare('fallback', ns, [invalid, gadget]));
    const web = result['Deployment/diff-fallback/web'];
    expect(web?.method).toBe('structural');
    expect(web?.dryRunError?.reason).toBe('Invalid');
    expect(web?.dryRunError?.message).toMatch(
      /^Deployment\/diff-fallback\/web: dry-run apply failed: .*spec.replicas/,
    );
    expect(web?.diff).toContain('+  replicas: -1');
    expect(result['Gadget/diff-fallback/g']).toMatchObject({
      status: 'Missing',
      dryRunError: { reason: 'UnknownKind' },
    });
  });

  it('consults and teaches an in-sync memo: only a change beyond status is dry-run again', async () => {
    const ns = 'diff-memo';
    await given(ns, 'memo', [deployment(ns), configMap(ns, 'settings')]);
    // The controller-manager annotates a new Deployment with its revision: let it, so the
    // object does not change between reading it and dry-running it
    await waitFor(
      async () => {
        const live = await getObject(conn, {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          namespace: ns,
          name: 'web',
        });
        return live?.metadata.annotations?.['deployment.kubernetes.io/revision'] !== undefined;
      },
      { what: 'the Deployment revision annotation', timeoutMs: 30_000 },
    );
    // A memo as the controller keeps one: verdicts by key and content, counted
    const known = new Map<string, string>();
    const told: string[] = [];
    const asked: string[] = [];
    const memo: InSyncMemo = {
      isInSync: (target, live) => {
        asked.push(describeObject(live));
        return known.get(describeObject(live)) === contentFingerprintOf(live);
      },
      remember: (target, live) => {
        told.push(describeObject(live));
        known.set(describeObject(live), contentFingerprintOf(live));
      },
    };
    const desired = [deployment(ns), configMap(ns, 'settings')];
    // WHEN compared: both dry runs say Synced, and the memo learns both
    expect((await compare('memo', ns, desired, { inSync: memo })).status).toBe('Synced');
    expect(told.sort()).toEqual(['ConfigMap/diff-memo/settings', 'Deployment/diff-memo/web']);
    // WHEN only the Deployment's status changes THEN it is trusted, not taught again
    await conn.request({
      method: 'PATCH',
      path: `/apis/apps/v1/namespaces/${ns}/deployments/web/status`,
      body: { status: { observedGeneration: 1, replicas: 1 } },
      contentType: 'application/merge-patch+json',
    });
    told.length = 0;
    expect((await compare('memo', ns, desired, { inSync: memo })).status).toBe('Synced');
    expect(told).toEqual([]);
    expect(asked).toContain('Deployment/diff-memo/web');
    // WHEN someone scales it by hand THEN the dry run runs and finds the drift
    await conn.request({
      method: 'PATCH',
      path: `/apis/apps/v1/namespaces/${ns}/deployments/web`,
      body: { spec: { replicas: 3 } },
      contentType: 'application/merge-patch+json',
    });
    const drifted = byName(await compare('memo', ns, desired, { inSync: memo }));
    expect(drifted['Deployment/diff-memo/web']?.status).toBe('OutOfSync');
    expect(drifted['Deployment/diff-memo/web']?.diff).toContain('-  replicas: 3\n+  replicas: 1\n');
    expect(told).toEqual([]);
  });
});
