import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_VERSION, installCrds, type Application } from '../apis/index.js';
import { ClusterConnection } from '../cluster/index.js';
import { startLocalCluster, type LocalCluster } from '../testenv/index.js';
import { ApplicationClient } from './app-client.js';

const NS = 'default';
const APPS = `/apis/${API_VERSION}/namespaces/${NS}/applications`;

describe('ApplicationClient.patchStatus', () => {
  let cluster: LocalCluster;
  let connection: ClusterConnection;
  let client: ApplicationClient;

  beforeAll(async () => {
    cluster = await startLocalCluster({ name: 'app-client', ephemeral: true });
    connection = ClusterConnection.fromKubeconfig(cluster.kubeconfigPath);
    await installCrds(connection);
    client = new ApplicationClient(connection, NS);
  });

  afterAll(async () => {
    connection?.close();
    await cluster?.stop();
  });

  const create = async (name: string): Promise<Application> =>
    (await connection.request({
      method: 'POST',
      path: APPS,
      body: {
        apiVersion: API_VERSION,
        kind: 'Application',
        metadata: { name },
        spec: {
          project: 'default',
          source: { repoURL: 'https://git.example.com/apps.git', path: name },
          destination: { server: 'https://kubernetes.default.svc', namespace: name },
        },
      },
    })) as Application;

  const read = async (name: string): Promise<Application> =>
    (await connection.request({ method: 'GET', path: `${APPS}/${name}` })) as Application;

  /** Status patches the API server refused as unprocessable, from its own request metrics. */
  const refusedStatusPatches = async (): Promise<number> => {
    const text = (await connection.request({
      method: 'GET',
      path: '/metrics',
      responseType: 'text',
    })) as string;
    const line = text
      .split('\n')
      .find(
        (l) =>
          l.startsWith('apiserver_request_total{') &&
          l.includes('code="422"') &&
          l.includes('resource="applications"') &&
          l.includes('subresource="status"') &&
          l.includes('verb="PATCH"'),
      );
    return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
  };

  const running = {
    operation: { sync: {} },
    phase: 'Running',
    message: 'sync started',
    startedAt: '2026-01-01T00:00:00Z',
  };

  it('creates a new application’s first status without a refused request', async () => {
    // GIVEN two new applications, which have no status yet
    const plain = await create('plain');
    const hinted = await create('hinted');
    expect(plain.status).toBeUndefined();

    // WHEN the first status is written without, then with, the copy's resourceVersion
    const before = await refusedStatusPatches();
    await client.patchStatus('plain', { sync: { status: 'OutOfSync' }, operationState: running });
    const afterPlain = await refusedStatusPatches();
    await client.patchStatus(
      'hinted',
      { sync: { status: 'OutOfSync' }, operationState: running },
      hinted.metadata.resourceVersion,
    );
    const afterHinted = await refusedStatusPatches();

    // THEN both statuses are written; only the unhinted write cost a refused JSON patch
    for (const name of ['plain', 'hinted']) {
      const app = await read(name);
      expect(app.status?.sync?.status).toBe('OutOfSync');
      expect(app.status?.operationState?.phase).toBe('Running');
    }
    expect(afterPlain - before).toBe(1);
    expect(afterHinted - afterPlain).toBe(0);
  });

  it('still replaces fields whole when the statusless copy is stale', async () => {
    // GIVEN an application whose copy was read before a finished operation was written
    const stale = await create('stale');
    await client.patchStatus('stale', {
      operationState: { ...running, phase: 'Succeeded', finishedAt: '2026-01-01T00:01:00Z' },
    });

    // WHEN the next operation's Running is written with the stale copy's version
    await client.patchStatus('stale', { operationState: running }, stale.metadata.resourceVersion);

    // THEN the operation state is the new one, whole: no finishedAt left from the old one
    const state = (await read('stale')).status?.operationState;
    expect(state?.phase).toBe('Running');
    expect(state?.finishedAt).toBeUndefined();
  });
});
