/**
 * The `keelson` CLI in server mode, as a user runs the built binary against
 * `keelson server`: login with the password on stdin, commands through the
 * API with the stored session, API tokens for CI (`KEELSON_AUTH_TOKEN`),
 * logout. The kubeconfig points nowhere, so nothing can go direct by mistake.
 */
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configMapYaml } from './support/controller-env.js';
import { omitEnv, runKeelson, type CliResult } from './support/cli-run.js';
import { ADMIN_PASSWORD, startServerEnv, type ServerEnv } from './support/server-env.js';

describe('keelson CLI, server mode (built binary)', () => {
  let env: ServerEnv;
  let work: string;
  let cliEnv: NodeJS.ProcessEnv;
  const keelson = (
    args: readonly string[],
    options: { input?: string; env?: NodeJS.ProcessEnv } = {},
  ): Promise<CliResult> =>
    runKeelson(args, {
      env: options.env ?? cliEnv,
      ...(options.input ? { input: options.input } : {}),
    });
  const ok = async (
    args: readonly string[],
    options: { input?: string; env?: NodeJS.ProcessEnv } = {},
  ) => {
    const result = await keelson(args, options);
    expect(result.code, `keelson ${args.join(' ')}\n${result.stderr}${result.stdout}`).toBe(0);
    return result.stdout;
  };
  const configFile = (): string => join(work, 'config.json');

  beforeAll(async () => {
    env = await startServerEnv('cli-server', { 'web/cm.yaml': configMapYaml('web', { a: '1' }) });
    await env.controller.createApp('web', {
      source: { repoURL: env.repoURL, path: 'web', targetRevision: 'main' },
      destination: { server: 'https://kubernetes.default.svc', namespace: 'web' },
      syncPolicy: { syncOptions: ['CreateNamespace=true'] },
    });
    work = await mkdtemp(join(tmpdir(), 'keelson-cli-server-'));
    // Nothing from the developer's environment may choose the backend.
    const rest = omitEnv(['KEELSON_SERVER', 'KEELSON_AUTH_TOKEN', 'KEELSON_PASSWORD']);
    cliEnv = { ...rest, KUBECONFIG: join(work, 'no-kubeconfig'), KEELSON_CONFIG: configFile() };
  });

  afterAll(async () => {
    await env?.stop();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('refuses a wrong password and stores nothing', async () => {
    const login = await keelson(['login', env.url, '--password-stdin'], {
      input: 'wrong-password\n',
    });
    expect(login.code).toBe(1);
    expect(login.stderr).toMatch(/^keelson: /);
    await expect(stat(configFile())).rejects.toThrow();
  });

  it('logs in with the password on stdin and works through the server with the stored session', async () => {
    const login = await ok(['login', env.url, '--password-stdin'], {
      input: `${ADMIN_PASSWORD}\n`,
    });
    const host = new URL(env.url).host;
    expect(login).toBe(`'admin' logged in successfully\ncontext '${host}' updated\n`);
    expect((await stat(configFile())).mode & 0o777).toBe(0o600);
    const config = JSON.parse(await readFile(configFile(), 'utf8')) as {
      'current-context': string;
      contexts: { token?: string }[];
    };
    expect(config['current-context']).toBe(host);
    expect(config.contexts[0]?.token).toBeTruthy();
    expect(login).not.toContain(config.contexts[0]?.token ?? '-');

    expect(await ok(['app', 'list', '-o', 'name'])).toBe('web\n');
    expect(await ok(['account', 'get-user-info'])).toMatch(/^Username:\s+admin$/m);
    expect(await ok(['account', 'can-i', 'sync', 'applications', 'default/web'])).toBe('yes\n');
  });

  it('syncs and diffs an application through the server', async () => {
    const sync = await keelson(['app', 'sync', 'web', '--timeout', '120']);
    expect(sync.code, sync.stderr + sync.stdout).toBe(0);
    expect(sync.stdout).toMatch(/^Phase:\s+Succeeded$/m);
    const diff = await keelson(['app', 'diff', 'web']);
    expect(diff.code, diff.stderr + diff.stdout).toBe(0);
    const history = await ok(['app', 'history', 'web']);
    expect(history).toMatch(/^0\s+\S+\s+main \([0-9a-f]{7}\)\s+admin$/m);
  });

  it('creates an API token for CI that works through KEELSON_AUTH_TOKEN, and revokes it', async () => {
    const token = (
      await ok(['account', 'generate-token', '--id', 'ci', '--expires-in', '1h'])
    ).trim();
    expect(token.length).toBeGreaterThan(20);
    expect(await ok(['account', 'get'])).toMatch(/^ci\s+/m);
    const ci = {
      ...cliEnv,
      KEELSON_CONFIG: join(work, 'ci-config.json'),
      KEELSON_SERVER: env.url,
      KEELSON_AUTH_TOKEN: token,
    };
    expect(await ok(['app', 'list', '-o', 'name'], { env: ci })).toBe('web\n');
    await ok(['account', 'delete-token', 'ci']);
    const revoked = await keelson(['app', 'list'], { env: ci });
    expect(revoked.code).toBe(1);
    expect(revoked.stderr).toContain('keelson login');
  });

  it('logs out: the session is revoked and commands ask to log in', async () => {
    const config = JSON.parse(await readFile(configFile(), 'utf8')) as {
      contexts: { token?: string }[];
    };
    const session = config.contexts[0]?.token ?? '';
    expect(await ok(['logout'])).toBe(`logged out from '${new URL(env.url).host}'\n`);
    expect((await env.api('GET', '/api/v1/applications', { token: session })).status).toBe(401);
    const after = await keelson(['app', 'list']);
    expect(after.code).toBe(1);
    expect(after.stderr).toMatch(/^keelson: .*keelson login/);
  });

  it('explains that account commands need a server in direct mode', async () => {
    const direct = await keelson([
      'account',
      'list',
      '--core',
      '--kubeconfig',
      env.controller.cluster.kubeconfigPath,
    ]);
    expect(direct.code).toBe(1);
    expect(direct.stderr).toContain('account commands need keelson login');
  });
});
