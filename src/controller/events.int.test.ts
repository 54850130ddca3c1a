import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClusterConnection } from '../cluster/index.js';
import { startLocalCluster, type LocalCluster } from '../testenv/index.js';
import { EventRecorder } from './events.js';

describe('EventRecorder', () => {
  let cluster: LocalCluster;
  // The recorder writes through Keelson's connection; the official client reads back.
  let core: CoreV1Api;
  let connection: ClusterConnection;

  beforeAll(async () => {
    cluster = await startLocalCluster({ name: 'events', ephemeral: true });
    const kc = new KubeConfig();
    kc.loadFromFile(cluster.kubeconfigPath);
    core = kc.makeApiClient(CoreV1Api);
    connection = ClusterConnection.fromKubeconfig(cluster.kubeconfigPath);
  });

  afterAll(async () => {
    connection?.close();
    await cluster?.stop();
  });

  it('records events on an object and counts repeats instead of duplicating them', async () => {
    const recorder = new EventRecorder(connection, 'test-replica');
    const app = {
      apiVersion: 'keelson.dev/v1alpha1',
      kind: 'Application',
      namespace: 'default',
      name: 'shop',
    };
    const errors: unknown[] = [];
    await recorder.record(app, 'Normal', 'SyncStarted', 'sync to 1a2b3c4 started', (e) =>
      errors.push(e),
    );
    await recorder.record(app, 'Warning', 'SyncFailed', 'Deployment/shop/web: apply failed', (e) =>
      errors.push(e),
    );
    await recorder.record(app, 'Warning', 'SyncFailed', 'Deployment/shop/web: apply failed', (e) =>
      errors.push(e),
    );
    expect(errors).toEqual([]);

    const events = await core.listNamespacedEvent({
      namespace: 'default',
      fieldSelector: 'involvedObject.name=shop,involvedObject.kind=Application',
    });
    const byReason = new Map(events.items.map((e) => [e.reason, e]));
    expect(events.items).toHaveLength(2);
    expect(byReason.get('SyncStarted')?.count).toBe(1);
    expect(byReason.get('SyncFailed')?.count).toBe(2);
    expect(byReason.get('SyncFailed')?.type).toBe('Warning');
    expect(byReason.get('SyncFailed')?.source?.component).toBe('keelson-controller');

    // WHEN another replica (or this one after a restart) repeats the event, and the
    // first one repeats it again on its now stale copy
    const other = new EventRecorder(connection, 'other-replica');
    await other.record(app, 'Warning', 'SyncFailed', 'Deployment/shop/web: apply failed', (e) =>
      errors.push(e),
    );
    await recorder.record(app, 'Warning', 'SyncFailed', 'Deployment/shop/web: apply failed', (e) =>
      errors.push(e),
    );
    // AND the SyncStarted event expires (Events have a TTL) before it is repeated
    const started = byReason.get('SyncStarted')?.metadata?.name ?? '';
    await core.deleteNamespacedEvent({ name: started, namespace: 'default' });
    await recorder.record(app, 'Normal', 'SyncStarted', 'sync to 1a2b3c4 started', (e) =>
      errors.push(e),
    );
    // THEN every repeat was counted, and the expired one was recorded afresh
    expect(errors).toEqual([]);
    const after = await core.listNamespacedEvent({
      namespace: 'default',
      fieldSelector: 'involvedObject.name=shop,involvedObject.kind=Application',
    });
    const counts = Object.fromEntries(after.items.map((e) => [e.reason, e.count]));
    expect(counts).toEqual({ SyncStarted: 1, SyncFailed: 4 });
  });
});
