import { CoreV1Api, CustomObjectsApi, KubeConfig } from '@kubernetes/client-node';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Application } from '../../src/apis/index.js';
import { waitFor } from '../../src/core/index.js';
import {
  createGitRepo,
  freePortForTests,
  startLocalCluster,
  type GitRepoFixture,
  type LocalCluster,
} from './support/cli-env.js';

// The built `keelson` binary, as a user runs it (npm test compiles it first).
const KEELSON = join(import.meta.dirname, '..', '..', 'bin', 'keelson.js');

function run(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [KEELSON, ...args],
      { timeout: 120_000 },
      (error, stdout, stderr) => {
        resolve({
          code: error ? (typeof error.code === 'number' ? error.code : 1) : 0,
          stdout,
          stderr,
        });
      },
    );
  });
}

describe('keelson controller (the built CLI)', () => {
  let cluster: LocalCluster;
  let repo: GitRepoFixture;
  let controller: ChildProcess | undefined;
  let logs = '';

  beforeAll(async () => {
    cluster = await startLocalCluster({ name: 'cli-ctrl', ephemeral: true });
    repo = await createGitRepo({
      files: {
        'app/config.yaml':
          'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: hello\ndata:\n  greeting: hi\n',
      },
    });
  });

  afterAll(async () => {
    controller?.kill('SIGKILL');
    await cluster?.stop();
    await repo?.dispose();
  });

  it('installs the CRDs, reconciles an Application, serves metrics, and stops on SIGTERM', async () => {
    const install = await run(['install', '--crds-only', '--kubeconfig', cluster.kubeconfigPath]);
    expect(install.code, install.stderr).toBe(0);
    const kc = new KubeConfig();
    kc.loadFromFile(cluster.kubeconfigPath);
    await kc.makeApiClient(CoreV1Api).createNamespace({ body: { metadata: { name: 'keelson' } } });

    const port = await freePortForTests();
    controller = spawn(
      process.execPath,
      [
        KEELSON,
        'controller',
        '--kubeconfig',
        cluster.kubeconfigPath,
        '--allow-local-repos',
        '--metrics-addr',
        `127.0.0.1:${port}`,
        '--resync-period',
        '5',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    controller.stderr?.on('data', (c: Buffer) => (logs += c.toString()));
    const exited = new Promise<number | null>((resolve) =>
      controller?.on('exit', (code) => resolve(code)),
    );

    const custom = kc.makeApiClient(CustomObjectsApi);
    await custom.createNamespacedCustomObject({
      group: 'keelson.dev',
      version: 'v1alpha1',
      namespace: 'keelson',
      plural: 'applications',
      body: {
        apiVersion: 'keelson.dev/v1alpha1',
        kind: 'Application',
        metadata: { name: 'hello' },
        spec: {
          source: { repoURL: repo.fileUrl, path: 'app' },
          destination: { server: 'https://kubernetes.default.svc', namespace: 'hello' },
          syncPolicy: { automated: {}, syncOptions: ['CreateNamespace=true'] },
        },
      },
    });
    await waitFor(
      async () => {
        const app = (await custom.getNamespacedCustomObject({
          group: 'keelson.dev',
          version: 'v1alpha1',
          namespace: 'keelson',
          plural: 'applications',
          name: 'hello',
        })) as Application;
        return app.status?.sync?.status === 'Synced' && app.status.health?.status === 'Healthy';
      },
      {
        what: `hello to be Synced and Healthy (controller log: ${logs.slice(-2000)})`,
        timeoutMs: 90_000,
      },
    );
    // JSON lines on stderr; leadership was taken through the Lease.
    expect(logs).toMatch(/"msg":"became leader"/);
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(metrics).toMatch(/keelson_app_info\{name="hello",[^}]*sync_status="Synced"/);
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);

    controller.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
