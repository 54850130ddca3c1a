import { KubeConfig } from '@kubernetes/client-node';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { waitFor, type KubeObject } from '../core/index.js';
import { startLocalCluster, type LocalCluster } from '../testenv/index.js';
import {
  ClusterConnection,
  LiveStateCache,
  applyObject,
  deleteObject,
  getObject,
  refOf,
  withDefaultNamespaces,
  withTrackingMarker,
} from './index.js';
import { establishedKindOf } from './crd-kind.js';

const configMap = (
  namespace: string,
  name: string,
  data: Record<string, string> = {},
): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace },
  data,
});

const widgetCrd: KubeObject = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'widgets.cache.example.com' },
  spec: {
    group: 'cache.example.com',
    scope: 'Namespaced',
    names: { kind: 'Widget', plural: 'widgets', singular: 'widget', listKind: 'WidgetList' },
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

const gadgetCrd: KubeObject = {
  ...widgetCrd,
  metadata: { name: 'gadgets.cache.example.com' },
  spec: {
    ...(widgetCrd.spec as Record<string, unknown>),
    names: { kind: 'Gadget', plural: 'gadgets', singular: 'gadget', listKind: 'GadgetList' },
  },
};

/** The kinds of an application's objects in a cache, comma-separated. */
const kindsOf = (cache: LiveStateCache, app: string): string =>
  cache
    .objectsOf(app)
    .map((o) => o.kind)
    .join();

const widget = (namespace: string, name: string): KubeObject => ({
  apiVersion: 'cache.example.com/v1',
  kind: 'Widget',
  metadata: { name, namespace },
  spec: { size: 1 },
});

/** A TCP proxy in front of the API server whose connections the test can cut. */
interface Proxy {
  readonly port: number;
  /** Breaks every open connection and refuses new ones. */
  cut(): void;
  /** Accepts connections again. */
  restore(): void;
  close(): Promise<void>;
}

async function startProxy(target: URL): Promise<Proxy> {
  const sockets = new Set<Socket>();
  let blocked = false;
  const server: Server = createServer((client) => {
    if (blocked) return void client.destroy();
    const upstream = connect(Number(target.port), target.hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => s.destroy());
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    cut: () => {
      blocked = true;
      for (const s of sockets) s.destroy();
    },
    restore: () => {
      blocked = false;
    },
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** The cluster's kubeconfig, pointed at `port` on loopback. */
function kubeconfigVia(path: string, port: number): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromFile(path);
  const via = new KubeConfig();
  via.loadFromOptions({
    clusters: kc.clusters.map((c) => ({ ...c, server: `https://127.0.0.1:${port}` })),
    users: kc.users,
    contexts: kc.contexts,
    currentContext: kc.currentContext,
  });
  return via;
}

describe('cluster: discovery and the live-state cache', () => {
  let cluster: LocalCluster;
  let conn: ClusterConnection;
  let cache: LiveStateCache;

  beforeAll(async () => {
    cluster = await startLocalCluster({ name: 'cluster-cache', ephemeral: true });
    conn = ClusterConnection.fromKubeconfig(cluster.kubeconfigPath);
    cache = await LiveStateCache.start(conn);
  });

  /** Creates the Widget CRD and waits until the kind is served. */
  async function ensureWidgetKind(): Promise<void> {
    await applyObject(conn, widgetCrd);
    await waitFor(
      () => conn.discovery.find({ group: 'cache.example.com', version: 'v1', kind: 'Widget' }),
      { what: 'the Widget kind to be served', timeoutMs: 20_000 },
    );
    await applyObject(conn, {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'cache-crd' },
    });
  }

  afterAll(async () => {
    await cache?.stop();
    conn?.close();
    await cluster?.stop();
  });

  it('knows kinds, scopes and plural names, and puts objects in the default namespace', async () => {
    const deployment = await conn.discovery.resourceFor({
      group: 'apps',
      version: 'v1',
      kind: 'Deployment',
    });
    expect(deployment).toMatchObject({
      resource: 'deployments',
      namespaced: true,
      preferred: true,
    });
    const [cm, ns] = await withDefaultNamespaces(
      conn,
      [
        { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } },
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'b', namespace: 'oops' } },
      ],
      'shop',
    );
    expect(cm?.metadata.namespace).toBe('shop');
    expect(ns?.metadata).toEqual({ name: 'b' });
  });

  it("lists and follows an application's objects, and does not count copies or other apps' objects", async () => {
    // GIVEN a namespace with objects of two applications, and a copy of one of them
    const ns = 'cache-follow';
    await applyObject(conn, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
    const mine = withTrackingMarker(configMap(ns, 'mine', { v: '1' }), 'alpha');
    await applyObject(conn, mine);
    await applyObject(conn, withTrackingMarker(configMap(ns, 'theirs'), 'beta'));
    await applyObject(conn, { ...mine, metadata: { ...mine.metadata, name: 'copied' } });

    // THEN the cache attributes each to its owner and the copy to nobody
    const names = (app: string): (string | undefined)[] =>
      cache.objectsOf(app).map((o) => o.metadata.name);
    const copied = { group: '', kind: 'ConfigMap', namespace: ns, name: 'copied' };
    await waitFor(
      () => names('alpha').length === 1 && names('beta').length === 1 && cache.get(copied),
      {
        what: 'the cache to see both applications',
        timeoutMs: 10_000,
      },
    );
    expect(names('alpha')).toEqual(['mine']);
    expect(names('beta')).toEqual(['theirs']);
    expect(
      cache.get({ group: '', kind: 'ConfigMap', namespace: ns, name: 'copied' }),
    ).toBeDefined();
    // AND it keeps objects lean
    expect(cache.objectsOf('alpha')[0]?.metadata.managedFields).toBeUndefined();

    // WHEN an object changes and another is deleted
    await applyObject(conn, withTrackingMarker(configMap(ns, 'mine', { v: '2' }), 'alpha'));
    await deleteObject(conn, refOf(configMap(ns, 'theirs')));
    // THEN the cache follows
    await waitFor(() => cache.objectsOf('alpha')[0]?.data && names('beta').length === 0, {
      what: 'the cache to follow the change and the deletion',
      timeoutMs: 10_000,
    });
    expect(cache.objectsOf('alpha')[0]?.data).toEqual({ v: '2' });
  });

  it('waits until it shows what was just written: a create, an update; gives up at the deadline', async () => {
    const ns = 'cache-show';
    await applyObject(conn, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
    const key = { group: '', kind: 'ConfigMap', namespace: ns, name: 'shown' };
    const version = (o: KubeObject): string => o.metadata.resourceVersion ?? '';
    // WHEN an object is created THEN the cache comes to show it
    const created = await applyObject(
      conn,
      withTrackingMarker(configMap(ns, 'shown', { v: '1' }), 'shower'),
    );
    expect(await cache.waitToShow([{ key, resourceVersion: version(created) }], 10_000)).toBe(true);
    expect(cache.get(key)?.data).toEqual({ v: '1' });
    // WHEN it is changed THEN the wait ends when the cache holds the new version, not the old
    const updated = await applyObject(
      conn,
      withTrackingMarker(configMap(ns, 'shown', { v: '2' }), 'shower'),
    );
    const update = {
      key,
      resourceVersion: version(updated),
      replacedVersion: version(created),
    };
    expect(await cache.waitToShow([update], 10_000)).toBe(true);
    expect(cache.get(key)?.data).toEqual({ v: '2' });
    // AND a write the cache never sees (an object that does not exist) ends in false at the deadline
    const missing = { ...key, name: 'never-written' };
    const started = Date.now();
    expect(await cache.waitToShow([{ key: missing, resourceVersion: '1' }], 300)).toBe(false);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it("leaves out the Endpoints and EndpointSlices the control plane copies our label onto, and keeps an app's own", async () => {
    // GIVEN a Service of application svc-app: the control plane makes its
    // Endpoints and EndpointSlice, copying its labels (ours too)
    const ns = 'cache-endpoints';
    await applyObject(conn, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
    const service: KubeObject = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', namespace: ns },
      spec: { selector: { app: 'web' }, ports: [{ port: 80 }] },
    };
    await applyObject(conn, withTrackingMarker(service, 'svc-app'));
    const copy = { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'web', namespace: ns } };
    await waitFor(async () => (await getObject(conn, refOf(copy)))?.metadata.labels, {
      what: "the control plane to make the Service's Endpoints",
      timeoutMs: 30_000,
    });
    expect((await getObject(conn, refOf(copy)))?.metadata.labels).toHaveProperty(
      'keelson.dev/app',
      'svc-app',
    );
    // WHEN the application declares Endpoints of its own (same watch, later)
    const own: KubeObject = {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { name: 'external', namespace: ns },
      subsets: [{ addresses: [{ ip: '10.1.2.3' }], ports: [{ port: 5432 }] }],
    };
    await applyObject(conn, withTrackingMarker(own, 'svc-app'));
    // THEN the cache tracks the Service and the declared Endpoints, not the copy
    const kindsAndNames = (): string[] =>
      cache.objectsOf('svc-app').map((o) => `${o.kind}/${o.metadata.name ?? ''}`);
    await waitFor(() => kindsAndNames().includes('Endpoints/external'), {
      what: 'the cache to see the declared Endpoints',
      timeoutMs: 10_000,
    });
    expect(kindsAndNames().sort()).toEqual(['Endpoints/external', 'Service/web']);
    expect(cache.get({ group: '', kind: 'Endpoints', namespace: ns, name: 'web' })).toBeUndefined();
    const slices = (await conn.request({
      method: 'GET',
      path: `/apis/discovery.k8s.io/v1/namespaces/${ns}/endpointslices`,
    })) as { items: KubeObject[] };
    expect(slices.items.map((o) => o.metadata.labels?.['keelson.dev/app'])).toContain('svc-app');
    for (const slice of slices.items) {
      const key = { group: 'discovery.k8s.io', kind: 'EndpointSlice', namespace: ns };
      expect(cache.get({ ...key, name: slice.metadata.name ?? '' })).toBeUndefined();
    }
  });

  it('starts watching a kind as soon as its CRD is established', async () => {
    // GIVEN a cache started before the Widget CRD existed
    // WHEN the CRD is created, then a widget
    await ensureWidgetKind();
    await applyObject(conn, withTrackingMarker(widget('cache-crd', 'w1'), 'gamma'));
    // THEN the cache has it
    await waitFor(() => kindsOf(cache, 'gamma') === 'Widget', {
      what: 'the widget in the cache',
      timeoutMs: 20_000,
    });
  });

  it('watches a new kind once discovery shows it, even after its CRD has gone quiet', async () => {
    // GIVEN a cache whose discovery lags behind the API server: it hides the
    // Gadget kind, even once served, until the test lets it show
    const lagged = ClusterConnection.fromKubeconfig(cluster.kubeconfigPath);
    const served = lagged.discovery.preferredResources.bind(lagged.discovery);
    let lagging = true;
    const hiddenAt: number[] = [];
    vi.spyOn(lagged.discovery, 'preferredResources').mockImplementation(async () => {
      const all = await served();
      const shown = lagging ? all.filter((r) => r.kind !== 'Gadget') : all;
      if (shown.length < all.length) hiddenAt.push(Date.now());
      return shown;
    });
    const laggedCache = await LiveStateCache.start(lagged, {
      includeResource: (r) => r.kind === 'Gadget',
    });
    try {
      // WHEN the Gadget CRD is created and Established, the cache refreshes
      // its kinds after that last CRD event while the kind is still hidden,
      // and only then does discovery show it
      await applyObject(conn, gadgetCrd);
      const crdRef = refOf(gadgetCrd);
      await waitFor(
        async () => {
          const crd = await getObject(conn, crdRef);
          return crd !== undefined && establishedKindOf(crd) !== undefined;
        },
        { what: 'the Gadget CRD to be Established', timeoutMs: 20_000 },
      );
      const establishedAt = Date.now();
      await waitFor(() => hiddenAt.some((t) => t > establishedAt), {
        what: 'a refresh of the cache with the Gadget kind hidden',
        timeoutMs: 20_000,
      });
      lagging = false;
      await applyObject(conn, {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: 'cache-lag' },
      });
      await applyObject(
        conn,
        withTrackingMarker(
          {
            apiVersion: 'cache.example.com/v1',
            kind: 'Gadget',
            metadata: { name: 'g1', namespace: 'cache-lag' },
          },
          'lagged',
        ),
      );

      // THEN the cache watches Gadgets without another CRD event, and has this one
      await waitFor(() => kindsOf(laggedCache, 'lagged') === 'Gadget', {
        what: 'the gadget in the lagging cache',
        timeoutMs: 20_000,
      });
    } finally {
      await laggedCache.stop();
      lagged.close();
    }
  });

  it('recovers from broken watches: resumes from the last resourceVersion, or relists after 410 Gone', async () => {
    await ensureWidgetKind();
    // GIVEN a second cache that reaches the API server through a proxy
    const proxy = await startProxy(new URL(cluster.server));
    const viaProxy = ClusterConnection.fromKubeconfig(
      kubeconfigVia(cluster.kubeconfigPath, proxy.port),
    );
    const watched = await LiveStateCache.start(viaProxy, {
      includeResource: (r) => r.kind === 'ConfigMap' || r.kind === 'Widget',
    });
    try {
      const ns = 'cache-cut';
      await applyObject(conn, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
      await applyObject(conn, withTrackingMarker(configMap(ns, 'before'), 'delta'));
      await waitFor(() => watched.objectsOf('delta').length === 1, {
        what: 'the first object',
        timeoutMs: 10_000,
      });

      // WHEN the connection breaks, and objects change while it is down
      proxy.cut();
      await applyObject(conn, withTrackingMarker(configMap(ns, 'during'), 'delta'));
      await deleteObject(conn, refOf(configMap(ns, 'before')));
      proxy.restore();
      // THEN the cache catches up by resuming its watches
      await waitFor(
        () =>
          watched
            .objectsOf('delta')
            .map((o) => o.metadata.name)
            .join() === 'during',
        { what: 'the cache to catch up after the disconnect', timeoutMs: 60_000 },
      );
      expect(watched.stats().resumes).toBeGreaterThan(0);

      // WHEN, while the connection is down again, the Widget CRD is deleted
      // and recreated (an operator reinstalled): the server's watch cache for
      // widgets starts over and forgets the old resourceVersions
      await applyObject(conn, withTrackingMarker(widget('cache-crd', 'w2'), 'delta'));
      await waitFor(() => watched.objectsOf('delta').length === 2, {
        what: 'widget w2',
        timeoutMs: 10_000,
      });
      const relistsBefore = watched.stats().relists;
      proxy.cut();
      await deleteObject(conn, refOf(widgetCrd));
      await waitFor(async () => !(await getObject(conn, refOf(widgetCrd))), {
        what: 'the Widget CRD to be deleted',
        timeoutMs: 60_000,
      });
      await ensureWidgetKind();
      await waitFor(
        async () => {
          await applyObject(conn, withTrackingMarker(widget('cache-crd', 'w3'), 'delta'));
          return true;
        },
        { what: 'widget w3 to be created', timeoutMs: 20_000 },
      );
      proxy.restore();
      // THEN the resumed watch gets 410 Gone, and the cache relists: w2 is gone, w3 is there
      await waitFor(
        () =>
          watched
            .objectsOf('delta')
            .map((o) => o.metadata.name)
            .join() === 'during,w3',
        { what: 'the cache to relist widgets', timeoutMs: 60_000 },
      );
      expect(watched.stats().relists).toBeGreaterThan(relistsBefore);
    } finally {
      await watched.stop();
      viaProxy.close();
      await proxy.close();
    }
  });
});
