import { AppsV1Api, CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../src/core/index.js';
import { runTool } from '../../src/exec/index.js';

// The compiled demo, as `npm run demo` runs it after building.
const DEMO = join(import.meta.dirname, '..', '..', 'dist', 'demo', 'main.js');

describe('npm run demo', () => {
  let demo: ChildProcess | undefined;
  let output = '';
  const work = mkdtemp(join(tmpdir(), 'keelson-demo-test-'));

  afterAll(async () => {
    demo?.kill('SIGKILL');
    await rm(await work, { recursive: true, force: true });
  });

  it('brings up a reachable cluster and an example repository, and Ctrl-C leaves nothing behind', async () => {
    demo = spawn(process.execPath, [DEMO], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, KEELSON_DEMO_PORT: '0', KEELSON_ADMIN_PASSWORD: '' },
    });
    demo.stdout?.on('data', (c: Buffer) => (output += c.toString()));
    demo.stderr?.on('data', (c: Buffer) => (output += c.toString()));
    const exited = new Promise<number | null>((resolve) =>
      demo?.on('exit', (code) => resolve(code)),
    );

    await waitFor(() => output.includes('Press Ctrl-C to stop.'), {
      what: 'the demo to be ready',
      timeoutMs: 120_000,
    });
    const kubeconfig = /export KUBECONFIG=(\S+)/.exec(output)?.[1];
    const repoUrl = /Example Git repository: (file:\/\/\S+)/.exec(output)?.[1];
    expect(kubeconfig, output).toBeDefined();
    expect(repoUrl, output).toBeDefined();

    // The printed kubeconfig reaches the cluster, and its node is Ready.
    const kc = new KubeConfig();
    kc.loadFromFile(kubeconfig ?? '');
    const nodes = await kc.makeApiClient(CoreV1Api).listNode();
    const ready = nodes.items[0]?.status?.conditions?.find((c) => c.type === 'Ready');
    expect(ready?.status).toBe('True');

    // The example repository clones and holds the app with both overlays.
    const clone = join(await work, 'guestbook');
    await runTool('git', ['clone', '--quiet', repoUrl ?? '', clone], { timeoutMs: 30_000 });
    const prod = await readFile(join(clone, 'overlays/prod/kustomization.yaml'), 'utf8');
    expect(prod).toContain('namespace: guestbook-prod');
    expect(existsSync(join(clone, 'overlays/dev/kustomization.yaml'))).toBe(true);

    // The controller brings both example applications to Synced and Healthy.
    await waitFor(
      () =>
        /Application guestbook-dev: Synced, Healthy/.test(output) &&
        /Application guestbook-prod: Synced, Healthy/.test(output),
      { what: 'both example applications to be Synced and Healthy', timeoutMs: 90_000 },
    );
    const apps = await kc.makeApiClient(AppsV1Api).readNamespacedDeployment({
      name: 'prod-guestbook-ui',
      namespace: 'guestbook-prod',
    });
    expect(apps.status?.availableReplicas).toBe(3);

    // The API server answers with the printed (generated) admin password and lists both apps.
    const serverUrl = /Web UI and API: (http:\/\/\S+)/.exec(output)?.[1] ?? '';
    const password = /password: (\S+)/.exec(output)?.[1] ?? '';
    expect(password).toMatch(/^[A-Za-z0-9]{24,}$/);
    const session = await fetch(`${serverUrl}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password }),
    });
    expect(session.status).toBe(200);
    const { token } = (await session.json()) as { token: string };
    const list = (await (
      await fetch(`${serverUrl}/api/v1/applications`, {
        headers: { authorization: `Bearer ${token}` },
      })
    ).json()) as { items: { metadata: { name: string } }[] };
    expect(list.items.map((a) => a.metadata.name)).toEqual(['guestbook-dev', 'guestbook-prod']);
    const ui = await fetch(serverUrl);
    expect(ui.status).toBe(200);
    expect(await ui.text()).toContain('<div id="root">');

    // Ctrl-C stops everything: the demo exits 0 and the cluster is gone.
    demo.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(output).toContain('Stopped; nothing is left running.');
    expect(existsSync(kubeconfig ?? '')).toBe(false);
    await expect(kc.makeApiClient(CoreV1Api).listNode()).rejects.toThrow();
  });
});
