/**
 * A large application keeps its status small: the controller lists only up
 * to `statusResourcesLimit` resources in `status.resources` and in the sync
 * result (drifted ones first) and counts the rest, while the API's resource
 * tree still shows every resource with its sync and health status.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Application } from '../../src/apis/index.js';
import { ClusterConnection } from '../../src/cluster/index.js';
import type { ResourceTree } from '../../src/service/index.js';
import { configMapYaml } from './support/controller-env.js';
import { startServerEnv, type ServerEnv } from './support/server-env.js';

const COUNT = 30;
const LIMIT = 10;
const APP = 'big';

let env: ServerEnv;
let token: string;

const manifests = Array.from({ length: COUNT }, (_, i) =>
  configMapYaml(`cm-${String(i).padStart(2, '0')}`, { index: String(i) }),
).join('---\n');

beforeAll(async () => {
  env = await startServerEnv(
    'large-app',
    { 'big/configmaps.yaml': manifests },
    { controller: { statusResourcesLimit: LIMIT } },
  );
  token = await env.login();
  await env.controller.createApp(APP, {
    source: { repoURL: env.repoURL, path: 'big', targetRevision: 'main' },
    destination: { server: 'https://kubernetes.default.svc', namespace: APP },
    syncPolicy: { automated: {}, syncOptions: ['CreateNamespace=true'] },
  });
}, 300_000);

afterAll(() => env?.stop());

const treeOf = async (): Promise<ResourceTree> => {
  const response = await env.api<ResourceTree>('GET', `/api/v1/applications/${APP}/resource-tree`, {
    token,
  });
  expect(response.status).toBe(200);
  return response.body;
};

describe('a large application', () => {
  it('lists at most the limit in its status, counts all, and the resource tree shows all', async () => {
    const app = await env.controller.waitApp(
      APP,
      'Synced and Healthy with a finished sync',
      (a) =>
        a.status?.sync?.status === 'Synced' &&
        a.status.health?.status === 'Healthy' &&
        a.status.operationState?.phase === 'Succeeded',
    );
    expect(app.status?.resources).toHaveLength(LIMIT);
    expect(app.status?.resourcesSummary).toMatchObject({
      total: COUNT,
      listed: LIMIT,
      outOfSync: 0,
      healthy: COUNT,
    });
    expect(app.status?.operationState?.syncResult?.resources).toHaveLength(LIMIT);
    // The sync also created the destination namespace (CreateNamespace=true).
    expect(app.status?.operationState?.syncResult?.resourcesTotal).toBe(COUNT + 1);

    const tree = await treeOf();
    const configMaps = tree.nodes.filter((n) => n.kind === 'ConfigMap');
    expect(configMaps).toHaveLength(COUNT);
    expect(configMaps.every((n) => n.status === 'Synced')).toBe(true);
  });

  it('lists a drifted resource first, and the tree shows it OutOfSync', async () => {
    // GIVEN self-heal is off, WHEN someone edits a ConfigMap the status does not list
    await env.controller.patchApp(APP, { spec: { syncPolicy: { automated: null } } });
    const before = (await env.controller.getApp(APP)) as Application;
    const listed = new Set(before.status?.resources?.map((r) => r.name));
    const target = Array.from({ length: COUNT }, (_, i) => `cm-${String(i).padStart(2, '0')}`)
      .reverse()
      .find((name) => !listed.has(name));
    if (!target) throw new Error('every ConfigMap is listed: the limit did not apply');
    const connection = ClusterConnection.fromKubeconfig(env.kc);
    await connection
      .request({
        method: 'PATCH',
        path: `/api/v1/namespaces/${APP}/configmaps/${target}`,
        body: { data: { index: 'edited' } },
        contentType: 'application/merge-patch+json',
      })
      .finally(() => connection.close());
    // THEN the status lists it (still at most the limit) and counts one out of sync
    const app = await env.controller.waitApp(APP, `${target} listed as OutOfSync`, (a) =>
      (a.status?.resources ?? []).some((r) => r.name === target && r.status === 'OutOfSync'),
    );
    expect(app.status?.resources).toHaveLength(LIMIT);
    expect(app.status?.resourcesSummary).toMatchObject({ total: COUNT, outOfSync: 1 });
    const nodes = (await treeOf()).nodes.filter((n) => n.kind === 'ConfigMap');
    expect(nodes.filter((n) => n.status === 'OutOfSync').map((n) => n.name)).toEqual([target]);
    expect(nodes.filter((n) => n.status === 'Synced')).toHaveLength(COUNT - 1);
  });
});
