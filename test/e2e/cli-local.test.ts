import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Runs the built `keelson` binary (npm test compiles it first), as a user would.
const KEELSON = join(import.meta.dirname, '..', '..', 'bin', 'keelson.js');

interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function keelson(args: readonly string[], env: NodeJS.ProcessEnv): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [KEELSON, ...args],
      { env, timeout: 180_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

describe('keelson CLI', () => {
  let stateDir: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    stateDir = await mkdtemp(join(tmpdir(), 'keelson-cli-state-'));
    env = { ...process.env, KEELSON_STATE_DIR: stateDir };
  });

  afterAll(async () => {
    await keelson(['local', 'down', '--name', 'cli-test'], env);
    await rm(stateDir, { recursive: true, force: true });
  });

  it('prints its version and help', async () => {
    const version = await keelson(['--version'], env);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const help = await keelson(['--help'], env);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('local');
  });

  it('starts a named local cluster, lists it, and stops it', async () => {
    // WHEN a user runs `keelson local up`
    const up = await keelson(['local', 'up', '--name', 'cli-test'], env);
    expect(up.code, up.stderr).toBe(0);
    const kubeconfig = up.stdout.trim();
    expect(kubeconfig).toMatch(/cli-test\/kubeconfig$/);

    // THEN the printed kubeconfig reaches a working cluster
    const kc = new KubeConfig();
    kc.loadFromFile(kubeconfig);
    const nodes = await kc.makeApiClient(CoreV1Api).listNode();
    expect(nodes.items.map((n) => n.metadata?.name)).toEqual(['kwok-node-0']);

    // AND a second `up` of the same name is refused while it runs
    const again = await keelson(['local', 'up', '--name', 'cli-test'], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('local cluster cli-test is already running');

    const list = await keelson(['local', 'list'], env);
    expect(list.stdout).toMatch(/cli-test\s+Ready\s+https:\/\/127\.0\.0\.1:\d+/);

    // WHEN it is stopped THEN it is gone from the list and its API server is unreachable
    const down = await keelson(['local', 'down', '--name', 'cli-test'], env);
    expect(down.code).toBe(0);
    expect((await keelson(['local', 'list'], env)).stdout).not.toContain('cli-test');
    await expect(kc.makeApiClient(CoreV1Api).listNode()).rejects.toThrow();
  });

  it('explains a port in use in one line and exits non-zero', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const address = blocker.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    try {
      const res = await keelson(['local', 'up', '--name', 'busy', '--port', String(port)], env);
      expect(res.code).toBe(1);
      expect(res.stderr.trim()).toBe(
        `keelson: port ${port} on 127.0.0.1 is already in use; choose another or stop the program using it`,
      );
      expect((await keelson(['local', 'list'], env)).stdout).not.toContain('busy');
    } finally {
      blocker.close();
    }
  });
});
