import { describe, expect, it } from 'vitest';
import { ControllerMetrics } from './metrics.js';

const app = {
  name: 'shop',
  namespace: 'keelson',
  project: 'default',
  destServer: 'https://kubernetes.default.svc',
  destNamespace: 'shop',
};

describe('ControllerMetrics', () => {
  it('keeps one keelson_app_info series per app, replaced when its status changes', async () => {
    const m = new ControllerMetrics();
    m.setAppInfo({ ...app, syncStatus: 'OutOfSync', healthStatus: 'Missing' });
    m.setAppInfo({ ...app, syncStatus: 'Synced', healthStatus: 'Healthy' });
    const text = await m.registry.metrics();
    const series = text.split('\n').filter((l) => l.startsWith('keelson_app_info{'));
    expect(series).toHaveLength(1);
    expect(series[0]).toContain('sync_status="Synced"');
    expect(series[0]).toContain('health_status="Healthy"');
    m.removeApp('keelson', 'shop');
    expect(
      (await m.registry.metrics()).split('\n').filter((l) => l.startsWith('keelson_app_info{')),
    ).toHaveLength(0);
  });

  it('counts syncs by phase and exposes reconcile, git and queue metrics', async () => {
    const m = new ControllerMetrics();
    m.countSync(app, 'Succeeded');
    m.countSync(app, 'Succeeded');
    m.observeReconcile(app.destServer, 0.2);
    m.observeGit('https://git.example/shop.git', 'ls-remote', 0.05, true);
    m.setQueueDepth(3);
    const text = await m.registry.metrics();
    expect(text).toMatch(
      /keelson_app_sync_total\{name="shop",namespace="keelson",project="default",phase="Succeeded"\} 2/,
    );
    expect(text).toMatch(
      /keelson_app_reconcile_duration_seconds_count\{dest_server="https:\/\/kubernetes.default.svc"\} 1/,
    );
    expect(text).toMatch(
      /keelson_git_request_total\{repo="https:\/\/git.example\/shop.git",request_type="ls-remote",outcome="success"\} 1/,
    );
    expect(text).toMatch(/keelson_app_queue_depth 3/);
  });
});
