import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Application } from '../../src/apis/index.js';
import { ClusterConnection } from '../../src/cluster/index.js';
import { rollbackOperation } from '../../src/controller/index.js';
import { waitFor } from '../../src/core/index.js';
import {
  configMapYaml,
  deploymentYaml,
  startControllerEnv,
  type ControllerEnv,
} from './support/controller-env.js';

const isSyncedHealthy = (a: Application): boolean =>
  a.status?.sync?.status === 'Synced' && a.status.health?.status === 'Healthy';

describe('controller: GitOps loop over real Git', () => {
  let env: ControllerEnv;
  let connection: ClusterConnection;

  const image = async (ns: string, name: string): Promise<string | undefined> =>
    (await env.apps.readNamespacedDeployment({ name, namespace: ns })).spec?.template.spec
      ?.containers[0]?.image;
  const configMap = async (
    ns: string,
    name: string,
  ): Promise<Record<string, string> | undefined> => {
    try {
      return (await env.core.readNamespacedConfigMap({ name, namespace: ns })).data;
    } catch {
      return undefined;
    }
  };
  const mergePatch = (path: string, body: unknown): Promise<unknown> =>
    connection.request({
      method: 'PATCH',
      path,
      body,
      contentType: 'application/merge-patch+json',
    });

  beforeAll(async () => {
    env = await startControllerEnv('gitops', {
      'web/deployment.yaml': deploymentYaml('web', 'registry.example/web:1.0'),
      'web/extra.yaml': configMapYaml('web-extra', { mode: 'on' }),
      'manual/config.yaml': configMapYaml('settings', { level: 'info' }),
      'manual/extra.yaml': configMapYaml('manual-extra', { keep: 'me' }),
    });
    connection = ClusterConnection.fromKubeconfig(env.kc);
    await env.createApp('web', {
      source: { repoURL: env.repoURL, path: 'web', targetRevision: 'main' },
      destination: { server: 'https://kubernetes.default.svc', namespace: 'web' },
      syncPolicy: {
        automated: { prune: true, selfHeal: true },
        syncOptions: ['CreateNamespace=true'],
      },
    });
    await env.createApp('manual', {
      source: { repoURL: env.repoURL, path: 'manual', targetRevision: 'main' },
      destination: { server: 'https://kubernetes.default.svc', namespace: 'manual' },
      syncPolicy: { automated: {}, syncOptions: ['CreateNamespace=true'] },
    });
    await env.waitApp('web', 'Synced and Healthy', isSyncedHealthy);
    await env.waitApp('manual', 'Synced and Healthy', isSyncedHealthy);
  });

  afterAll(async () => {
    await env?.stop();
  });

  it('applies a pushed commit automatically and records it in status and history', async () => {
    const sha = await env.repo.commit('web 1.1', {
      'web/deployment.yaml': deploymentYaml('web', 'registry.example/web:1.1'),
    });
    const app = await env.waitApp(
      'web',
      `synced to ${sha.slice(0, 7)}`,
      (a) => a.status?.sync?.revision === sha && isSyncedHealthy(a),
    );
    expect(await image('web', 'web')).toBe('registry.example/web:1.1');
    expect(app.status?.history?.at(-1)?.revision).toBe(sha);
    expect(app.status?.operationState?.phase).toBe('Succeeded');
    expect(app.status?.operationState?.operation.initiatedBy?.automated).toBe(true);
    const metrics = await env.controller.metrics.registry.metrics();
    expect(metrics).toMatch(
      /keelson_app_info\{name="web",namespace="keelson",project="default",.*sync_status="Synced",health_status="Healthy"\} 1/,
    );
    expect(metrics).toMatch(
      /keelson_app_sync_total\{name="web",namespace="keelson",project="default",phase="Succeeded"\} [2-9]/,
    );
    expect(metrics).toMatch(
      /keelson_git_request_total\{repo="http:\/\/127\.0\.0\.1:\d+\/apps",request_type="ls-remote",outcome="success"\} \d+/,
    );
    expect(metrics).toMatch(
      /keelson_git_request_total\{[^}]*request_type="fetch",outcome="success"\} \d+/,
    );
  });

  it('reverts a manual edit with selfHeal within seconds', async () => {
    await mergePatch('/apis/apps/v1/namespaces/web/deployments/web', {
      spec: {
        template: {
          spec: { containers: [{ name: 'main', image: 'registry.example/web:hacked' }] },
        },
      },
    });
    const started = Date.now();
    await waitFor(async () => (await image('web', 'web')) === 'registry.example/web:1.1', {
      what: 'the manual edit to be reverted',
      timeoutMs: 30_000,
      intervalMs: 100,
    });
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it('shows a manual edit as OutOfSync and leaves it when selfHeal is off', async () => {
    // The push above is a new revision for this app too, and (as in Argo CD) the
    // first difference at a new revision is synced automatically; a sync by hand
    // settles the app on HEAD first.
    const head = await env.repo.revParse();
    await env.patchApp('manual', { operation: { sync: {}, initiatedBy: { username: 'alice' } } });
    await env.waitApp(
      'manual',
      'synced to HEAD by hand',
      (a) =>
        !a.operation &&
        a.status?.operationState?.syncResult?.revision === head &&
        a.status.operationState.phase === 'Succeeded',
    );
    await mergePatch('/api/v1/namespaces/manual/configmaps/settings', { data: { level: 'debug' } });
    const app = await env.waitApp(
      'manual',
      'OutOfSync',
      (a) => a.status?.sync?.status === 'OutOfSync',
    );
    const drifted = app.status?.resources?.find((r) => r.name === 'settings');
    expect(drifted?.status).toBe('OutOfSync');
    // Several resync periods later the edit is still there: nothing fights the user.
    await env.waitApp(
      'manual',
      'compared again',
      (a) => (a.status?.reconciledAt ?? '') > (app.status?.reconciledAt ?? ''),
    );
    expect((await configMap('manual', 'settings'))?.level).toBe('debug');
  });

  it('prunes a file deleted in Git with prune, and only reports it without', async () => {
    const sha = await env.repo.commit('drop extras', undefined).then(async () => {
      await env.repo.remove(['web/extra.yaml', 'manual/extra.yaml']);
      return env.repo.commit('drop extras');
    });
    // As a user would after pushing: ask for a refresh instead of waiting for the poll.
    await Promise.all([env.refresh('web'), env.refresh('manual')]);
    await env.waitApp(
      'web',
      'pruned',
      (a) => a.status?.sync?.revision === sha && isSyncedHealthy(a),
    );
    expect(await configMap('web', 'web-extra')).toBeUndefined();
    const manual = await env.waitApp(
      'manual',
      'compared to the new commit',
      (a) => a.status?.sync?.revision === sha,
    );
    expect(await configMap('manual', 'manual-extra')).toEqual({ keep: 'me' });
    expect(manual.status?.resources?.find((r) => r.name === 'manual-extra')?.requiresPruning).toBe(
      true,
    );
  });

  it('keeps everything when Git is unreachable, says so, and recovers when it returns', async () => {
    await env.stopGit();
    const sha = await env.repo.commit('web 1.2', {
      'web/deployment.yaml': deploymentYaml('web', 'registry.example/web:1.2'),
    });
    const broken = await env.waitApp('web', 'a ComparisonError condition', (a) =>
      (a.status?.conditions ?? []).some((c) => c.type === 'ComparisonError'),
    );
    const condition = broken.status?.conditions?.find((c) => c.type === 'ComparisonError');
    expect(condition?.message).toMatch(/127\.0\.0\.1/);
    expect(condition?.message).not.toContain('e2e-git-password');
    expect(await image('web', 'web')).toBe('registry.example/web:1.1');
    await env.startGit();
    await env.waitApp(
      'web',
      'recovered and synced',
      (a) =>
        a.status?.sync?.revision === sha &&
        !(a.status.conditions ?? []).some((c) => c.type === 'ComparisonError'),
      90_000,
    );
    await waitFor(async () => (await image('web', 'web')) === 'registry.example/web:1.2', {
      what: 'web 1.2 applied',
      timeoutMs: 30_000,
    });
  });

  it('rolls back to a history entry once automated sync is off, and refuses while it is on', async () => {
    const app = await env.getApp('web');
    const first = app?.status?.history?.[0];
    expect(first).toBeDefined();
    if (!app || !first) return;
    // Refused while automated sync is on: it would undo the rollback at once.
    await env.patchApp('web', { operation: rollbackOperation(app, first.id, 'alice') });
    const refused = await env.waitApp(
      'web',
      'rollback refused',
      (a) => a.status?.operationState?.phase === 'Failed' && !a.operation,
    );
    expect(refused.status?.operationState?.message).toMatch(/disable automated sync first/);

    await env.patchApp('web', { spec: { syncPolicy: { automated: null } } });
    const manualApp = await env.waitApp(
      'web',
      'automation off',
      (a) => !a.spec.syncPolicy?.automated,
    );
    await env.patchApp('web', { operation: rollbackOperation(manualApp, first.id, 'alice') });
    const rolledBack = await env.waitApp(
      'web',
      'rolled back',
      (a) =>
        a.status?.operationState?.phase === 'Succeeded' &&
        a.status.operationState.syncResult?.revision === first.revision &&
        !a.operation,
    );
    expect(await image('web', 'web')).toBe('registry.example/web:1.0');
    expect(rolledBack.status?.history?.at(-1)?.revision).toBe(first.revision);
    expect(rolledBack.status?.history?.at(-1)?.initiatedBy?.username).toBe('alice');
    // Git still says 1.2: the disagreement is visible, not hidden.
    await env.waitApp(
      'web',
      'OutOfSync against main',
      (a) => a.status?.sync?.status === 'OutOfSync',
    );
  });

  it('serves a refresh request at once and clears it', async () => {
    const before = await env.getApp('manual');
    await env.refresh('manual', 'hard');
    const after = await env.waitApp(
      'manual',
      'refreshed',
      (a) =>
        !a.metadata.annotations?.['keelson.dev/refresh'] &&
        (a.status?.reconciledAt ?? '') > (before?.status?.reconciledAt ?? ''),
      20_000,
    );
    expect(after.status?.sync?.revision).toBe(await env.repo.revParse());
  });
});
