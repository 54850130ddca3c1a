import { CoordinationV1Api, KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../core/index.js';
import { ClusterConnection } from '../cluster/index.js';
import { startLocalCluster, type LocalCluster } from '../testenv/index.js';
import { runLeaderElection } from './leader-election.js';
import { LeaseLock } from './lease.js';

describe('leader election on a Lease', () => {
  let cluster: LocalCluster;
  // Locks write through Keelson's connection; the official client reads back.
  let api: CoordinationV1Api;
  let connection: ClusterConnection;

  beforeAll(async () => {
    cluster = await startLocalCluster({ name: 'lease', ephemeral: true });
    const kc = new KubeConfig();
    kc.loadFromFile(cluster.kubeconfigPath);
    api = kc.makeApiClient(CoordinationV1Api);
    connection = ClusterConnection.fromKubeconfig(cluster.kubeconfigPath);
  });

  afterAll(async () => {
    connection?.close();
    await cluster?.stop();
  });

  const lock = (name: string, identity: string): LeaseLock =>
    new LeaseLock(connection, { namespace: 'default', name, identity, leaseDurationSeconds: 2 });

  it('lets exactly one candidate hold a lease until it stops renewing', async () => {
    const a = lock('exclusive', 'replica-a');
    const b = lock('exclusive', 'replica-b');
    // GIVEN a holds the lease
    expect(await a.tryAcquireOrRenew()).toBe(true);
    // THEN b cannot take it while a keeps renewing
    expect(await b.tryAcquireOrRenew()).toBe(false);
    expect(await a.tryAcquireOrRenew()).toBe(true);
    expect(await b.tryAcquireOrRenew()).toBe(false);
    // WHEN a goes silent (crashed) THEN b takes over once the lease duration passed since b last saw it change
    const taken = await waitFor(async () => b.tryAcquireOrRenew(), {
      what: 'b to take over the expired lease',
      timeoutMs: 10_000,
      intervalMs: 250,
    });
    expect(taken).toBe(true);
    const lease = await api.readNamespacedLease({ name: 'exclusive', namespace: 'default' });
    expect(lease.spec?.holderIdentity).toBe('replica-b');
    expect(lease.spec?.leaseTransitions).toBe(1);
    // AND a, back from the dead, does not steal it
    expect(await a.tryAcquireOrRenew()).toBe(false);
  });

  it('hands leadership over at once when the leader stops cleanly', async () => {
    const events: string[] = [];
    const stopA = new AbortController();
    const stopB = new AbortController();
    const options = { retryPeriodMs: 200, renewDeadlineMs: 1_500 };
    const runA = runLeaderElection(
      lock('handover', 'a'),
      {
        onStartedLeading: () => events.push('a leads'),
        onStoppedLeading: () => events.push('a stopped'),
      },
      stopA.signal,
      options,
    );
    await waitFor(() => events.includes('a leads'), { what: 'a to lead', timeoutMs: 10_000 });
    const runB = runLeaderElection(
      lock('handover', 'b'),
      { onStartedLeading: () => events.push('b leads') },
      stopB.signal,
      options,
    );
    stopA.abort();
    await runA;
    await waitFor(() => events.includes('b leads'), {
      what: 'b to lead after a released',
      timeoutMs: 1_900,
    });
    stopB.abort();
    await runB;
    expect(events).toEqual(['a leads', 'a stopped', 'b leads']);
  });
});
