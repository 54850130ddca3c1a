import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Application } from '../../src/apis/index.js';
import { ClusterConnection } from '../../src/cluster/index.js';
import { waitFor } from '../../src/core/index.js';
import {
  addPoolNode,
  configMapYaml,
  NS,
  pooledDeploymentYaml,
  startControllerEnv,
  type ControllerEnv,
} from './support/controller-env.js';

/**
 * A rollout whose every step the test controls: Widgets are read by the
 * generic (kstatus) health check, so a Widget is Progressing while its
 * `Ready` condition is False with a waiting reason and Healthy once True.
 */
const WIDGETS = ['alpha', 'beta', 'gamma'] as const;
const GROUP = 'rollout.example';
/**
 * Longer than the default: the test's two back-to-back readiness changes must
 * land within one interval of the previous write, even on a loaded CI machine.
 */
const PROGRESS_INTERVAL_MS = 6_000;

const widgetCrd = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: `widgets.${GROUP}` },
  spec: {
    group: GROUP,
    scope: 'Namespaced',
    names: { plural: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList' },
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        subresources: { status: {} },
        schema: {
          openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
        },
      },
    ],
  },
};

const widgetYaml = (name: string): string => `apiVersion: ${GROUP}/v1
kind: Widget
metadata:
  name: ${name}
spec:
  size: 1
`;

const healthOf = (app: Application, name: string): string | undefined =>
  app.status?.resources?.find((r) => r.kind === 'Widget' && r.name === name)?.health?.status;

describe('controller: status writes during a rollout', () => {
  let env: ControllerEnv;
  let connection: ClusterConnection;

  const setReady = async (name: string, ready: boolean): Promise<void> => {
    const condition = ready
      ? { type: 'Ready', status: 'True', reason: 'Available' }
      : { type: 'Ready', status: 'False', reason: 'Progressing', message: 'warming up' };
    await connection.request({
      method: 'PATCH',
      path: `/apis/${GROUP}/v1/namespaces/rollout/widgets/${name}/status`,
      body: { status: { conditions: [condition] } },
      contentType: 'application/merge-patch+json',
    });
  };

  beforeAll(async () => {
    env = await startControllerEnv(
      'rollout-status',
      {
        ...Object.fromEntries(WIDGETS.map((w) => [`widgets/${w}.yaml`, widgetYaml(w)])),
        'held/deployment.yaml': pooledDeploymentYaml('held'),
        'held/after.yaml': configMapYaml('after-held', { wave: '1' }).replace(
          'metadata:\n',
          'metadata:\n  annotations: {keelson.dev/sync-wave: "1"}\n',
        ),
      },
      // Resyncs far apart: only the controller's own follow-up can write a held-back step.
      { resyncPeriodMs: 600_000, statusProgressIntervalMs: PROGRESS_INTERVAL_MS },
    );
    connection = ClusterConnection.fromKubeconfig(env.kc);
    await connection.request({
      method: 'POST',
      path: '/apis/apiextensions.k8s.io/v1/customresourcedefinitions',
      body: widgetCrd,
    });
    await waitFor(
      async () =>
        connection
          .request({ method: 'GET', path: `/apis/${GROUP}/v1/widgets` })
          .then(() => true)
          .catch(() => false),
      { what: 'the Widget kind to be served', timeoutMs: 30_000, intervalMs: 200 },
    );
  });

  afterAll(async () => {
    connection?.close();
    await env?.stop();
  });

  it('GIVEN an app Progressing WHEN two of its resources turn Healthy in quick succession THEN one status write records both, after the progress interval, and Healthy is written at once', async () => {
    await env.createApp('rollout', {
      source: { repoURL: env.repoURL, path: 'widgets', targetRevision: 'main' },
      destination: { server: 'https://kubernetes.default.svc', namespace: 'rollout' },
      syncPolicy: { automated: { prune: true }, syncOptions: ['CreateNamespace=true'] },
    });
    await env.waitApp('rollout', 'Synced', (a) => a.status?.sync?.status === 'Synced');
    for (const w of WIDGETS) await setReady(w, false);
    const progressing = await env.waitApp(
      'rollout',
      'every Widget Progressing',
      (a) =>
        a.status?.health?.status === 'Progressing' &&
        WIDGETS.every((w) => healthOf(a, w) === 'Progressing'),
    );

    // WHEN two Widgets become ready, back to back, while the third still waits
    const seen: Application[] = [];
    const watching = connection.watch(
      `/apis/keelson.dev/v1alpha1/namespaces/${NS}/applications`,
      {
        fieldSelector: 'metadata.name=rollout',
        resourceVersion: progressing.metadata.resourceVersion ?? '',
      },
      (type, object) => {
        if (type === 'MODIFIED') seen.push(object as Application);
      },
    );
    await setReady('alpha', true);
    await setReady('beta', true);

    // THEN the status comes to show both, in one write, without a resync
    const stepped = await env.waitApp(
      'rollout',
      'alpha and beta Healthy, gamma Progressing',
      (a) =>
        healthOf(a, 'alpha') === 'Healthy' &&
        healthOf(a, 'beta') === 'Healthy' &&
        healthOf(a, 'gamma') === 'Progressing',
      30_000,
    );
    expect(stepped.status?.health?.status).toBe('Progressing');
    expect(stepped.status?.resourcesSummary).toMatchObject({ healthy: 2, progressing: 1 });
    // the step between (alpha Healthy, beta not yet) was never written
    const between = seen.filter(
      (a) => healthOf(a, 'alpha') === 'Healthy' && healthOf(a, 'beta') === 'Progressing',
    );
    expect(between).toEqual([]);

    // WHEN the last one becomes ready THEN Healthy is written well within the interval
    const started = Date.now();
    await setReady('gamma', true);
    const healthy = await env.waitApp(
      'rollout',
      'Healthy',
      (a) => a.status?.health?.status === 'Healthy',
      30_000,
    );
    expect(Date.now() - started).toBeLessThan(PROGRESS_INTERVAL_MS);
    expect(healthy.status?.resourcesSummary).toMatchObject({ healthy: 3, progressing: 0 });
    watching.abort();
  });

  it('GIVEN an automated sync that runs longer than the progress interval THEN its Running state is written once the interval is up, with the comparison before it; then its outcome', async () => {
    const list = (await connection.request({
      method: 'GET',
      path: `/apis/keelson.dev/v1alpha1/namespaces/${NS}/applications`,
    })) as { metadata: { resourceVersion: string } };
    const seen: { at: number; app: Application }[] = [];
    const watching = connection.watch(
      `/apis/keelson.dev/v1alpha1/namespaces/${NS}/applications`,
      { fieldSelector: 'metadata.name=held', resourceVersion: list.metadata.resourceVersion },
      (type, object) => {
        if (type === 'ADDED' || type === 'MODIFIED')
          seen.push({ at: Date.now(), app: object as Application });
      },
    );
    await env.createApp('held', {
      source: { repoURL: env.repoURL, path: 'held', targetRevision: 'main' },
      destination: { server: 'https://kubernetes.default.svc', namespace: 'held' },
      syncPolicy: { automated: { prune: true }, syncOptions: ['CreateNamespace=true'] },
    });

    // THEN (wave 0 waits for a Deployment that cannot schedule) Running shows up
    const running = await env.waitApp(
      'held',
      'the sync shown Running',
      (a) => a.status?.operationState?.phase === 'Running',
      30_000,
    );
    expect(running.status?.sync?.status).toBe('OutOfSync');
    const firstStatus = seen.find((v) => v.app.status !== undefined);
    expect(firstStatus?.app.status?.operationState?.phase).toBe('Running');
    // not before the interval was up (this process's clock wrote startedAt)
    const startedAt = Date.parse(firstStatus?.app.status?.operationState?.startedAt ?? '');
    expect((firstStatus?.at ?? 0) - startedAt).toBeGreaterThanOrEqual(PROGRESS_INTERVAL_MS - 50);

    // WHEN its pods get somewhere to run THEN the sync finishes and is recorded
    await addPoolNode(env.core, 'held');
    const done = await env.waitApp(
      'held',
      'Succeeded and Synced',
      (a) => a.status?.operationState?.phase === 'Succeeded' && a.status.sync?.status === 'Synced',
      90_000,
    );
    expect(done.status?.history).toHaveLength(1);
    watching.abort();
  });
});
