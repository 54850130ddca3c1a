import { chmod, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readStatus } from './cluster-state.js';
import { isAlive } from './lock.js';
import { ensureTools, LocalClusterError, startLocalCluster } from './index.js';

/** The failed start's error; the cluster directory is kept for its logs. */
async function failure(attempt: Promise<unknown>): Promise<LocalClusterError> {
  const err = await attempt.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(LocalClusterError);
  return err as LocalClusterError;
}

async function expectNothingRunning(clusterDir: string): Promise<void> {
  const status = await readStatus(clusterDir);
  expect(status?.phase).toBe('Failed');
  expect(isAlive(-(status?.pid ?? 0))).toBe(false);
}

describe('local control plane failures', () => {
  let binDir: string;

  beforeAll(async () => {
    // GIVEN a tool directory where kube-apiserver is broken and everything else is real
    const tools = await ensureTools([
      'etcd',
      'kube-apiserver',
      'kube-controller-manager',
      'kube-scheduler',
      'kwok',
    ]);
    binDir = await mkdtemp(join(tmpdir(), 'keelson-broken-bin-'));
    for (const tool of ['etcd', 'kube-controller-manager', 'kube-scheduler', 'kwok'] as const) {
      await symlink(tools[tool], join(binDir, tool));
    }
    await writeFile(
      join(binDir, 'kube-apiserver'),
      '#!/bin/sh\necho "E1122 failed to listen: simulated" >&2\nexit 7\n',
    );
    await chmod(join(binDir, 'kube-apiserver'), 0o755);
  });

  afterAll(async () => {
    await rm(binDir, { recursive: true, force: true });
  });

  it('reports a component that exits, names its log, and leaves no process behind', async () => {
    const err = await failure(
      startLocalCluster({
        name: 'broken',
        ephemeral: true,
        env: { ...process.env, KEELSON_BIN_DIR: binDir },
      }),
    );
    expect(err.message).toMatch(/kube-apiserver exited with code 7/);
    expect(err.message).toMatch(/logs\/kube-apiserver\.log/);
    expect(err.logPath).toMatch(/kube-apiserver\.log$/);
    // etcd had started before the API server failed; its process group must be gone too.
    await expectNothingRunning(dirname(dirname(err.logPath ?? '')));
  });

  it('reports a cluster that is not ready in time, with where to look, and stops it', async () => {
    const err = await failure(
      startLocalCluster({ name: 'slow', ephemeral: true, readyTimeoutMs: 1 }),
    );
    expect(err.message).toMatch(/local cluster slow failed to start: timed out/);
    expect(err.message).toMatch(/logs/);
    expect(basename(err.logPath ?? '')).toBe('logs');
    await expectNothingRunning(dirname(err.logPath ?? ''));
  });

  it('names a tool missing from KEELSON_BIN_DIR', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'keelson-empty-bin-'));
    try {
      await expect(
        ensureTools(['kubectl'], { env: { ...process.env, KEELSON_BIN_DIR: empty } }),
      ).rejects.toThrow(
        `kubectl: not found as an executable at ${join(empty, 'kubectl')} (KEELSON_BIN_DIR is set)`,
      );
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });
});
