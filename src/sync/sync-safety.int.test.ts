import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ClusterConnection,
  applyObject,
  getObject,
  listTrackedObjects,
  trackingOwner,
  withTrackingMarker,
} from '../cluster/index.js';
import { describeObject, waitFor, type KubeObject } from '../core/index.js';
import { startLocalCluster, type LocalCluster } from '../testenv/index.js';
import { RecentValidations, runSync, type RunSyncOptions, type SyncResult } from './index.js';

const namespace = (name: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name },
});

const configMap = (
  name: string,
  data: Record<string, string> = { a: '1' },
  annotations?: Record<string, string>,
): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, ...(annotations ? { annotations } : {}) },
  data,
});

const statuses = (r: SyncResult): string[] =>
  r.resources.map((x) => `${describeObject(x.key)} ${x.status}`);

describe('sync: safety and options on a real control plane', () => {
  let cluster: LocalCluster;
  let conn: ClusterConnection;

  beforeAll(async () => {
    cluster = await startLocalCluster({ name: 'sync-safety', ephemeral: true });
    conn = ClusterConnection.fromKubeconfig(cluster.kubeconfigPath);
  });

  afterAll(async () => {
    conn?.close();
    await cluster?.stop();
  });

  async function sync(
    desired: readonly KubeObject[],
    options: RunSyncOptions,
  ): Promise<SyncResult> {
    const live = await listTrackedObjects(conn, options.app);
    return runSync(conn, { desired, live }, { waveTimeoutMs: 60_000, ...options });
  }

  const cm = (ns: string, name: string): Promise<KubeObject | undefined> =>
    getObject(conn, { apiVersion: 'v1', kind: 'ConfigMap', namespace: ns, name });

  it('prunes only when asked, never an object marked Prune=false', async () => {
    // GIVEN an application with three ConfigMaps, one marked Prune=false
    const ns = 'prune';
    const keep = configMap(
      'keep',
      { a: '1' },
      { 'argocd.argoproj.io/sync-options': 'Prune=false' },
    );
    const first = await sync([namespace(ns), configMap('stay'), configMap('drop'), keep], {
      app: 'prune',
      namespace: ns,
    });
    expect(first.phase, first.message).toBe('Succeeded');

    // WHEN two of them leave the desired state and the sync does not prune
    const noPrune = await sync([namespace(ns), configMap('stay')], { app: 'prune', namespace: ns });
    // THEN they are reported and left in place
    expect(statuses(noPrune)).toEqual([
      'Namespace/prune Synced',
      'ConfigMap/prune/drop PruneSkipped',
      'ConfigMap/prune/keep PruneSkipped',
      'ConfigMap/prune/stay Synced',
    ]);
    expect(await cm(ns, 'drop')).toBeDefined();

    // WHEN the sync prunes
    const pruned = await sync([namespace(ns), configMap('stay')], {
      app: 'prune',
      namespace: ns,
      prune: true,
    });
    // THEN the Extra object is deleted, the Prune=false one stays
    expect(pruned.phase, pruned.message).toBe('Succeeded');
    expect(pruned.resources.map((x) => `${x.key.name} ${x.status} ${x.message}`)).toEqual([
      'drop Pruned pruned',
      'prune Synced unchanged',
      'keep PruneSkipped not pruned: Prune=false',
      'stay Synced unchanged',
    ]);
    // (foreground deletion: gone once the garbage collector has finished with it)
    await waitFor(async () => (await cm(ns, 'drop')) === undefined, {
      what: 'the pruned ConfigMap to be gone',
      timeoutMs: 30_000,
    });
    expect(await cm(ns, 'keep')).toBeDefined();
  });

  it('never prunes everything because the desired state is empty, unless allowEmpty', async () => {
    const ns = 'empty';
    await sync([namespace(ns), configMap('one')], { app: 'empty', namespace: ns });
    const refused = await sync([], { app: 'empty', namespace: ns, prune: true });
    expect(refused.phase).toBe('Failed');
    expect(refused.message).toBe(
      'nothing was changed: refusing to prune all 2 resources: the desired state is empty (set allowEmpty to allow it)',
    );
    expect(await cm(ns, 'one')).toBeDefined();
    const allowed = await sync([], {
      app: 'empty',
      namespace: ns,
      prune: true,
      allowEmpty: true,
      prunePropagationPolicy: 'background',
    });
    expect(allowed.phase, allowed.message).toBe('Succeeded');
    expect(statuses(allowed)).toEqual(['Namespace/empty Pruned', 'ConfigMap/empty/one Pruned']);
  });

  it("leaves another application's object alone and changes nothing", async () => {
    // GIVEN a ConfigMap owned by application "owner"
    const ns = 'conflict';
    await sync([namespace(ns), configMap('shared', { owner: 'yes' })], {
      app: 'owner',
      namespace: ns,
    });
    // WHEN another application declares it too, with a new object
    const result = await sync([configMap('shared', { owner: 'no' }), configMap('mine')], {
      app: 'intruder',
      namespace: ns,
    });
    // THEN the sync fails naming the owner, and nothing was changed
    expect(result.phase).toBe('Failed');
    expect(result.message).toBe(
      'nothing was changed: ConfigMap/conflict/shared: already managed by application "owner"',
    );
    const shared = await cm(ns, 'shared');
    expect(trackingOwner(shared)).toBe('owner');
    expect(shared?.data).toEqual({ owner: 'yes' });
    expect(await cm(ns, 'mine')).toBeUndefined();
  });

  it('does not adopt an object it did not create, unless told to', async () => {
    const ns = 'adopt';
    await applyObject(conn, namespace(ns));
    await applyObject(conn, {
      ...configMap('found', { v: 'theirs' }),
      metadata: { name: 'found', namespace: ns },
    });
    const refused = await sync([configMap('found', { v: 'ours' })], {
      app: 'adopt',
      namespace: ns,
    });
    expect(refused.phase).toBe('Failed');
    expect(refused.message).toContain(
      'ConfigMap/adopt/found: exists and is not managed by application "adopt"',
    );
    expect((await cm(ns, 'found'))?.data).toEqual({ v: 'theirs' });

    const adopted = await sync([configMap('found', { v: 'ours' })], {
      app: 'adopt',
      namespace: ns,
      adoptUnmanaged: true,
    });
    expect(adopted.phase, adopted.message).toBe('Succeeded');
    const found = await cm(ns, 'found');
    expect(found?.data).toEqual({ v: 'ours' });
    expect(trackingOwner(found)).toBe('adopt');
  });

  it('validates everything before changing anything: one invalid object and nothing is applied', async () => {
    // GIVEN a set with an invalid Deployment between two valid ConfigMaps, in a namespace the sync creates
    const ns = 'invalid';
    const invalid: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'other' } },
          spec: { containers: [{ name: 'web', image: 'web:1' }] },
        },
      },
    };
    const validations = new RecentValidations();
    const result = await sync([configMap('first'), invalid, configMap('last')], {
      app: 'invalid',
      namespace: ns,
      createNamespace: true,
      validations,
    });
    // THEN the sync fails naming the object and the reason, and nothing exists, not even the namespace
    expect(result.phase).toBe('Failed');
    expect(result.message).toMatch(
      /^validation failed, nothing was changed: Deployment\/invalid\/web: .*`selector` does not match template `labels`/,
    );
    expect(statuses(result)).toEqual([
      'Namespace/invalid Skipped',
      'ConfigMap/invalid/first Skipped',
      'ConfigMap/invalid/last Skipped',
      'Deployment/invalid/web SyncFailed',
    ]);
    expect(
      await getObject(conn, { apiVersion: 'v1', kind: 'Namespace', name: ns }),
    ).toBeUndefined();
    // AND a second tenant's identical sync is refused the same way: only valid objects'
    // verdicts are reused, so the invalid one is dry-run (and refused) again
    const tenant = await sync([configMap('first'), invalid, configMap('last')], {
      app: 'invalid-2',
      namespace: 'invalid-2',
      createNamespace: true,
      validations,
    });
    expect(tenant.message).toMatch(
      /^validation failed, nothing was changed: Deployment\/invalid-2\/web/,
    );

    // AND the same in a namespace that exists
    await applyObject(conn, namespace('invalid-existing'));
    const again = await sync([configMap('first'), invalid, configMap('last')], {
      app: 'invalid',
      namespace: 'invalid-existing',
    });
    expect(again.message).toMatch(
      /^validation failed, nothing was changed: Deployment\/invalid-existing\/web: dry-run apply failed: .*`selector` does not match template `labels`/,
    );
    expect(await cm('invalid-existing', 'first')).toBeUndefined();
  });

  it('creates the destination namespace, unmarked, with CreateNamespace; changes nothing in dry-run mode', async () => {
    const ns = 'created-ns';
    const dry = await sync([configMap('a')], {
      app: 'created',
      namespace: ns,
      createNamespace: true,
      dryRun: true,
    });
    expect(dry.phase, dry.message).toBe('Succeeded');
    expect(dry.resources.map((r) => `${describeObject(r.key)} ${r.status}: ${r.message}`)).toEqual([
      'Namespace/created-ns Skipped: not run (dry run)',
      'ConfigMap/created-ns/a Synced: created (dry run)',
    ]);
    expect(
      await getObject(conn, { apiVersion: 'v1', kind: 'Namespace', name: ns }),
    ).toBeUndefined();

    const real = await sync([configMap('a')], {
      app: 'created',
      namespace: ns,
      createNamespace: true,
    });
    expect(real.phase, real.message).toBe('Succeeded');
    const created = await getObject(conn, { apiVersion: 'v1', kind: 'Namespace', name: ns });
    expect(created).toBeDefined();
    expect(trackingOwner(created)).toBeUndefined();
    expect(trackingOwner(await cm(ns, 'a'))).toBe('created');
  });

  it('applies a CRD and its custom resources in one sync', async () => {
    const ns = 'crd';
    const crd: KubeObject = {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'gadgets.sync.example.com' },
      spec: {
        group: 'sync.example.com',
        scope: 'Namespaced',
        names: { kind: 'Gadget', plural: 'gadgets', singular: 'gadget', listKind: 'GadgetList' },
        versions: [
          {
            name: 'v1',
            served: true,
            storage: true,
            schema: {
              openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
            },
          },
        ],
      },
    };
    const gadget: KubeObject = {
      apiVersion: 'sync.example.com/v1',
      kind: 'Gadget',
      metadata: { name: 'g1' },
      spec: { size: 2 },
    };
    const result = await sync([namespace(ns), gadget, crd], { app: 'crd', namespace: ns });
    expect(result.phase, result.message).toBe('Succeeded');
    expect(statuses(result)).toEqual([
      'Namespace/crd Synced',
      'CustomResourceDefinition/gadgets.sync.example.com Synced',
      'Gadget/crd/g1 Synced',
    ]);
    const live = await getObject(conn, {
      apiVersion: 'sync.example.com/v1',
      kind: 'Gadget',
      namespace: ns,
      name: 'g1',
    });
    expect(trackingOwner(live)).toBe('crd');
  });

  it('reports field conflicts with other managers, and takes the fields over with Force=true', async () => {
    // GIVEN a ConfigMap whose value another field manager set since
    const ns = 'managers';
    await sync([namespace(ns), configMap('tuned', { level: '1' })], {
      app: 'managers',
      namespace: ns,
    });
    await applyObject(
      conn,
      withTrackingMarker(
        { ...configMap('tuned', { level: '9' }), metadata: { name: 'tuned', namespace: ns } },
        'managers',
      ),
      {
        fieldManager: 'tuner',
        force: true,
      },
    );
    // WHEN synced again
    const conflicted = await sync([namespace(ns), configMap('tuned', { level: '1' })], {
      app: 'managers',
      namespace: ns,
    });
    // THEN the conflict is reported with the other manager's name, and nothing changed
    expect(conflicted.phase).toBe('Failed');
    expect(conflicted.message).toMatch(
      /ConfigMap\/managers\/tuned: .*conflict.*"tuner".*set Force=true/,
    );
    expect((await cm(ns, 'tuned'))?.data).toEqual({ level: '9' });
    // WHEN the resource asks for force
    const forced = await sync(
      [
        namespace(ns),
        configMap('tuned', { level: '1' }, { 'keelson.dev/sync-options': 'Force=true' }),
      ],
      { app: 'managers', namespace: ns },
    );
    expect(forced.phase, forced.message).toBe('Succeeded');
    expect((await cm(ns, 'tuned'))?.data).toEqual({ level: '1' });
  });

  it('rejects unknown fields, unless the resource says Validate=false', async () => {
    const ns = 'validate';
    const typo = { ...configMap('typo'), dataa: { a: '1' } };
    const strict = await sync([namespace(ns), typo], { app: 'validate', namespace: ns });
    expect(strict.phase).toBe('Failed');
    // (validated by a dry-run create elsewhere, since this sync creates the namespace)
    expect(strict.message).toMatch(/ConfigMap\/validate\/typo: .*unknown field "dataa"/);
    const lenient = await sync(
      [
        namespace(ns),
        {
          ...typo,
          metadata: {
            name: 'typo',
            annotations: { 'argocd.argoproj.io/sync-options': 'Validate=false' },
          },
        },
      ],
      { app: 'validate', namespace: ns },
    );
    expect(lenient.phase, lenient.message).toBe('Succeeded');
    expect(await cm(ns, 'typo')).toBeDefined();
  });

  it('syncs selectively, only out-of-sync resources, and replaces when asked', async () => {
    const ns = 'options';
    await sync([namespace(ns), configMap('a'), configMap('b')], { app: 'options', namespace: ns });
    // A selective sync touches only the named resource.
    const selective = await sync(
      [namespace(ns), configMap('a', { a: '2' }), configMap('b', { b: '2' })],
      {
        app: 'options',
        namespace: ns,
        resources: [{ group: '', kind: 'ConfigMap', namespace: ns, name: 'a' }],
      },
    );
    expect(statuses(selective)).toEqual(['ConfigMap/options/a Synced']);
    expect((await cm(ns, 'b'))?.data).toEqual({ a: '1' });
    // ApplyOutOfSyncOnly leaves Synced resources untouched; Replace=true replaces.
    const replaced = await sync(
      [
        namespace(ns),
        configMap('a', { a: '2' }),
        configMap('b', { b: '2' }, { 'keelson.dev/sync-options': 'Replace=true' }),
      ],
      { app: 'options', namespace: ns, applyOutOfSyncOnly: true },
    );
    expect(replaced.resources.map((r) => `${r.key.name} ${r.action} ${r.message}`)).toEqual([
      'options none already in sync (ApplyOutOfSyncOnly)',
      'a none already in sync (ApplyOutOfSyncOnly)',
      'b replace replaced',
    ]);
    expect((await cm(ns, 'b'))?.data).toEqual({ b: '2' });
  });
});
