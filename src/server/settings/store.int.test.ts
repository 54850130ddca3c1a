import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RBAC_CONFIG_MAP } from '../../api/index.js';
import { ClusterConnection } from '../../cluster/index.js';
import { silentLogger, waitFor } from '../../core/index.js';
import { startLocalCluster, type LocalCluster } from '../../testenv/index.js';
import { REVOKED_SESSIONS_KEY } from './settings.js';
import { SettingsStore } from './store.js';

const NAMESPACE = 'default';

describe('the server settings store on a real API server', () => {
  let cluster: LocalCluster;
  let core: CoreV1Api;
  let store: SettingsStore;

  beforeAll(async () => {
    cluster = await startLocalCluster({ name: 'settings-store', ephemeral: true });
    const kc = new KubeConfig();
    kc.loadFromFile(cluster.kubeconfigPath);
    core = kc.makeApiClient(CoreV1Api);
    // Re-reading back to back keeps a periodic read in flight almost all the time:
    // the window in which a write used to be missed.
    store = new SettingsStore({
      connection: ClusterConnection.fromKubeconfig(cluster.kubeconfigPath),
      namespace: NAMESPACE,
      logger: silentLogger,
      refreshMs: 1,
    });
    await store.start();
  });

  afterAll(async () => {
    store?.stop();
    await cluster?.stop();
  });

  it('shows its own writes to keelson-secret as soon as the write returns', async () => {
    for (let i = 0; i < 25; i++) {
      const jti = `session-${i}`;
      await store.updateSecret((current) => {
        const revoked = JSON.parse(current.data[REVOKED_SESSIONS_KEY] ?? '{}') as object;
        return { data: { [REVOKED_SESSIONS_KEY]: JSON.stringify({ ...revoked, [jti]: 1 }) } };
      });
      // THEN the next request already treats the session as logged out
      expect(store.settings.revokedSessions.has(jti), `write ${i} seen`).toBe(true);
    }
  });

  it('keeps the previous RBAC policy when an edit does not load', async () => {
    const reader = { username: 'alice', groups: [] };
    const setPolicy = async (csv: string): Promise<void> => {
      const body = { metadata: { name: RBAC_CONFIG_MAP }, data: { 'policy.csv': csv } };
      await core
        .replaceNamespacedConfigMap({ name: RBAC_CONFIG_MAP, namespace: NAMESPACE, body })
        .catch(() => core.createNamespacedConfigMap({ namespace: NAMESPACE, body }));
    };
    // GIVEN a policy that makes alice a reader, picked up without a restart
    await setPolicy('g, alice, role:readonly\n');
    await waitFor(() => store.enforcer.can(reader, 'applications', 'get', 'default/guestbook'), {
      what: 'the edited policy to be loaded',
      timeoutMs: 10_000,
    });
    // WHEN someone saves a policy with a misspelt effect on a line that would let alice delete
    const good = store.rbac.policyCsv;
    await setPolicy('g, alice, role:readonly\np, alice, applications, delete, */*, alow\n');
    // (the second read surely started after the write; the first may have been in flight)
    await store.refresh();
    await store.refresh();
    expect(store.rbac.policyCsv).toBe(good);
    // THEN alice keeps her access and gains nothing
    expect(store.enforcer.can(reader, 'applications', 'get', 'default/guestbook')).toBe(true);
    expect(store.enforcer.can(reader, 'applications', 'delete', 'default/guestbook')).toBe(false);
  });
});
