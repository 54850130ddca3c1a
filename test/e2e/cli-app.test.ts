/**
 * The `keelson` CLI in direct mode (kubeconfig), as a user runs the built
 * binary: applications from creation to deletion, exit codes of diff, sync,
 * wait and `diff --local`, and the proj, repo and cluster commands. One
 * cluster, one Git server and one in-process controller for the whole file.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../src/core/index.js';
import { configMapYaml, startControllerEnv, type ControllerEnv } from './support/controller-env.js';
import { omitEnv, runKeelson, tableRows, type CliResult } from './support/cli-run.js';

const IN_CLUSTER = 'https://kubernetes.default.svc';
const files = {
  'app/settings.yaml': configMapYaml('settings', { color: 'blue' }),
  'app/extra.yaml': configMapYaml('extra', { size: 'small' }),
};

describe('keelson CLI, direct mode (built binary)', () => {
  let env: ControllerEnv;
  let work: string;
  let cliEnv: NodeJS.ProcessEnv;
  const keelson = (args: readonly string[], input?: string): Promise<CliResult> =>
    runKeelson(args, { env: cliEnv, ...(input !== undefined ? { input } : {}) });
  const ok = async (args: readonly string[], input?: string): Promise<string> => {
    const result = await keelson(args, input);
    expect(result.code, `keelson ${args.join(' ')}\n${result.stderr}${result.stdout}`).toBe(0);
    return result.stdout;
  };

  beforeAll(async () => {
    env = await startControllerEnv('cli-app', files);
    work = await mkdtemp(join(tmpdir(), 'keelson-cli-app-'));
    // No config file (so: direct mode), the test cluster as the default kubeconfig.
    // Nothing from the developer's environment may choose the backend.
    const rest = omitEnv(['KEELSON_SERVER', 'KEELSON_AUTH_TOKEN', 'KEELSON_PASSWORD']);
    cliEnv = {
      ...rest,
      KUBECONFIG: env.cluster.kubeconfigPath,
      KEELSON_CONFIG: join(work, 'config.json'),
      NO_COLOR: '1',
    };
  });

  afterAll(async () => {
    await env?.stop();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('creates an application, refuses a duplicate, and lists it as a table, JSON and names', async () => {
    const create = [
      'app',
      'create',
      'shop',
      '--repo',
      env.repoURL,
      '--path',
      'app',
      '--revision',
      'main',
      '--dest-server',
      IN_CLUSTER,
      '--dest-namespace',
      'shop',
      '--sync-option',
      'CreateNamespace=true',
      '--label',
      'team=shop',
    ];
    expect(await ok(create)).toBe("application 'shop' created\n");
    const again = await keelson(create);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^keelson: .*already exists/);

    const [header, row] = tableRows(await ok(['app', 'list']));
    expect(header).toEqual([
      'NAME',
      'CLUSTER',
      'NAMESPACE',
      'PROJECT',
      'STATUS',
      'HEALTH',
      'SYNCPOLICY',
      'CONDITIONS',
    ]);
    expect(row?.slice(0, 4)).toEqual(['shop', IN_CLUSTER, 'shop', 'default']);
    const json = JSON.parse(await ok(['app', 'list', '-o', 'json'])) as {
      metadata: { name: string };
    }[];
    expect(json.map((a) => a.metadata.name)).toEqual(['shop']);
    expect(await ok(['app', 'list', '-o', 'name', '-l', 'team=shop'])).toBe('shop\n');
    expect(await ok(['app', 'list', '-o', 'name', '-l', 'team=other'])).toBe('');
  });

  it('times out waiting for a manual application to sync (exit 2), and diffs it (exit 1)', async () => {
    const wait = await keelson(['app', 'wait', 'shop', '--sync', '--timeout', '2']);
    expect(wait.code, wait.stderr).toBe(2);
    expect(wait.stderr).toContain('timed out');

    const diff = await keelson(['app', 'diff', 'shop']);
    expect(diff.code, diff.stderr).toBe(1);
    expect(diff.stdout).toContain('===== ConfigMap shop/settings (added) =====');
    expect(diff.stdout).toContain('+  color: blue');
    expect(diff.stdout).toContain('2 resources differ: 2 added');
  });

  it('syncs with progress to the end, then diff finds nothing and wait holds', async () => {
    const sync = await keelson(['app', 'sync', 'shop', '--timeout', '120']);
    expect(sync.code, sync.stderr + sync.stdout).toBe(0);
    expect(sync.stdout).toMatch(/^Phase:\s+Succeeded$/m);
    expect(sync.stdout).toMatch(/^\s+ConfigMap\s+shop\s+settings\s+Synced/m);
    const cm = await env.core.readNamespacedConfigMap({ name: 'settings', namespace: 'shop' });
    expect(cm.data).toEqual({ color: 'blue' });

    const diff = await keelson(['app', 'diff', 'shop']);
    expect(diff.code, diff.stdout + diff.stderr).toBe(0);
    expect(diff.stdout).toBe('no differences\n');
    await ok(['app', 'wait', 'shop', '--timeout', '60']);

    const get = await ok(['app', 'get', 'shop', '--refresh', '--show-operation']);
    expect(get).toMatch(/^Sync Status:\s+Synced to main \([0-9a-f]{7}\)$/m);
    expect(get).toMatch(/^Phase:\s+Succeeded$/m);
    expect(get).toMatch(/^\s+ConfigMap\s+shop\s+extra\s+Synced\s+/m);
    const yaml = await ok(['app', 'get', 'shop', '-o', 'yaml']);
    expect(yaml).toContain('kind: Application');
    expect(await ok(['app', 'resources', 'shop'])).toMatch(/^ConfigMap\/settings\s+shop\s+Synced/m);
  });

  it('shows a coloured diff for a new commit, syncs it, and rolls back to the first sync', async () => {
    await env.repo.commit('blue to green', {
      'app/settings.yaml': configMapYaml('settings', { color: 'green' }),
    });
    const diff = await keelson(['app', 'diff', 'shop', '--color', 'always']);
    expect(diff.code).toBe(1);
    expect(diff.stdout).toContain('\u001b[31m-  color: blue\u001b[39m');
    expect(diff.stdout).toContain('\u001b[32m+  color: green\u001b[39m');
    expect(diff.stdout).toContain('1 resource differs: 1 changed');
    const quiet = await keelson(['app', 'diff', 'shop', '--exit-code=false']);
    expect(quiet.code).toBe(0);

    await ok(['app', 'sync', 'shop']);
    const history = tableRows(await ok(['app', 'history', 'shop']));
    expect(history.map((r) => r[0])).toEqual(['ID', '0', '1']);

    const rollback = await keelson(['app', 'rollback', 'shop', '0', '--timeout', '120']);
    expect(rollback.code, rollback.stderr + rollback.stdout).toBe(0);
    const cm = await env.core.readNamespacedConfigMap({ name: 'settings', namespace: 'shop' });
    expect(cm.data).toEqual({ color: 'blue' });
  });

  it('changes the sync policy with app set, and refuses a rollback while automated', async () => {
    await ok([
      'app',
      'set',
      'shop',
      '--sync-policy',
      'automated',
      '--self-heal',
      '--label',
      'tier=web',
    ]);
    expect(await ok(['app', 'get', 'shop'])).toMatch(/^Sync Policy:\s+Automated \(SelfHeal\)$/m);
    const refused = await keelson(['app', 'rollback', 'shop', '0']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^keelson: .*automated/i);
    // Automated sync brings the rolled-back application to Git's head (green).
    await waitFor(
      async () =>
        (await env.core.readNamespacedConfigMap({ name: 'settings', namespace: 'shop' })).data
          ?.color === 'green',
      { what: 'automated sync to bring settings back to green', timeoutMs: 60_000 },
    );
    await ok(['app', 'wait', 'shop', '--sync', '--operation', '--timeout', '60']);
    await ok(['app', 'set', 'shop', '--sync-policy', 'none', '--label', 'tier-']);
    const app = await env.getApp('shop');
    expect(app?.spec.syncPolicy?.automated).toBeUndefined();
    expect(app?.metadata.labels).toEqual({ team: 'shop' });
  });

  it('exits non-zero when the sync fails', async () => {
    const sync = await keelson([
      'app',
      'sync',
      'shop',
      '--revision',
      'no-such-branch',
      '--timeout',
      '60',
    ]);
    expect(sync.code, sync.stdout + sync.stderr).toBe(1);
    expect(sync.stderr).toMatch(/keelson: .*(Failed|Error|no-such-branch)/);
  });

  it('diff --local: 0 for a clean working copy, 1 with changes and prunes, 2 for invalid YAML or no directory', async () => {
    // Live is Git's head (green) since automated sync ran above.
    const clean = join(work, 'clean');
    await writeLocal(clean, {
      'settings.yaml': configMapYaml('settings', { color: 'green' }),
      'extra.yaml': configMapYaml('extra', { size: 'small' }),
    });
    const none = await keelson(['diff', '--local', clean, '--app', 'shop']);
    expect(none.code, none.stdout + none.stderr).toBe(0);
    expect(none.stdout).toBe('no differences\n');

    const changed = join(work, 'changed');
    await writeLocal(changed, {
      'settings.yaml': configMapYaml('settings', { color: 'red' }),
      'new.yaml': configMapYaml('brand-new', { a: 'b' }),
    });
    const plan = await keelson(['diff', '--local', changed, '--app', 'shop']);
    expect(plan.code, plan.stderr).toBe(1);
    expect(plan.stdout).toContain('===== ConfigMap shop/extra (to prune) =====');
    expect(plan.stdout).toContain('===== ConfigMap shop/brand-new (added) =====');
    expect(plan.stdout).toContain('+  color: red');
    expect(plan.stdout).toContain('3 resources differ: 1 changed, 1 added, 1 to prune\n');

    const fresh = await keelson([
      'diff',
      '--local',
      changed,
      '--app',
      'not-yet',
      '--dest-namespace',
      'fresh',
    ]);
    expect(fresh.code, fresh.stderr).toBe(1);
    expect(fresh.stdout).toContain('2 resources differ: 2 added');

    const broken = join(work, 'broken');
    await writeLocal(broken, {
      'bad.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x\n',
    });
    const invalid = await keelson(['diff', '--local', broken, '--app', 'shop']);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toMatch(/^keelson: .*bad\.yaml/);

    const missing = await keelson(['diff', '--local', join(work, 'nope'), '--app', 'shop']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no such directory');
    expect((await keelson(['diff', '--app', 'shop'])).code).toBe(2);
  });

  it('manages projects', async () => {
    await ok([
      'proj',
      'create',
      'team-a',
      '--description',
      'Team A',
      '-d',
      `${IN_CLUSTER},team-a`,
      '-s',
      'https://git.example.com/*',
    ]);
    await ok(['proj', 'add-source', 'team-a', 'https://other.example.com/x.git']);
    await ok(['proj', 'add-destination', 'team-a', 'in-cluster', 'team-a-*', '--name']);
    const project = JSON.parse(await ok(['proj', 'get', 'team-a', '-o', 'json'])) as {
      spec: { sourceRepos: string[]; destinations: unknown[] };
    };
    expect(project.spec.sourceRepos).toEqual([
      'https://git.example.com/*',
      'https://other.example.com/x.git',
    ]);
    expect(project.spec.destinations).toEqual([
      { server: IN_CLUSTER, namespace: 'team-a' },
      { name: 'in-cluster', namespace: 'team-a-*' },
    ]);
    await ok(['proj', 'remove-source', 'team-a', 'https://other.example.com/x.git']);
    const rows = tableRows(await ok(['proj', 'list']));
    expect(rows.find((r) => r[0] === 'team-a')?.[1]).toBe('Team A');
    expect(rows.map((r) => r[0])).toContain('default');
    await ok(['proj', 'delete', 'team-a']);
    expect((await keelson(['proj', 'get', 'team-a'])).code).toBe(1);
  });

  it('adds repository credentials from stdin without ever printing them', async () => {
    const password = 'repo-password-never-shown';
    const url = 'https://git.example.com/private.git';
    const add = await keelson(
      ['repo', 'add', url, '--username', 'bot', '--password-stdin'],
      `${password}\n`,
    );
    expect(add.code, add.stderr).toBe(0);
    const list = await ok(['repo', 'list']);
    const json = await ok(['repo', 'list', '-o', 'json']);
    const get = await ok(['repo', 'get', url]);
    for (const output of [add.stdout, add.stderr, list, json, get])
      expect(output).not.toContain(password);
    const view = (
      JSON.parse(json) as { url: string; secretName: string; username?: string }[]
    ).find((r) => r.url === url);
    expect(view?.username).toBe('bot');
    const secret = await env.core.readNamespacedSecret({
      name: view?.secretName ?? '',
      namespace: 'keelson',
    });
    expect(secret.metadata?.labels?.['keelson.dev/secret-type']).toBe('repository');
    expect(Buffer.from(secret.data?.password ?? '', 'base64').toString()).toBe(password);
    await ok(['repo', 'rm', url]);
    expect(tableRows(await ok(['repo', 'list'])).map((r) => r[2])).not.toContain(url);
  });

  it('adds a cluster from a kubeconfig context, storing its credentials in a labelled Secret', async () => {
    const context = env.kc.getCurrentContext();
    await ok([
      'cluster',
      'add',
      context,
      '--name',
      'mirror',
      '--namespace',
      'apps',
      '--label',
      'env=test',
    ]);
    const clusters = JSON.parse(await ok(['cluster', 'list', '-o', 'json'])) as {
      name: string;
      secretName?: string;
      namespaces?: string[];
    }[];
    const mirror = clusters.find((c) => c.name === 'mirror');
    expect(mirror?.namespaces).toEqual(['apps']);
    const text = JSON.stringify(clusters) + (await ok(['cluster', 'get', 'mirror']));
    const user = env.kc.getCurrentUser();
    for (const secret of [user?.keyData, user?.token].filter(Boolean))
      expect(text).not.toContain(secret);
    const stored = await env.core.readNamespacedSecret({
      name: mirror?.secretName ?? '',
      namespace: 'keelson',
    });
    expect(stored.metadata?.labels?.['keelson.dev/secret-type']).toBe('cluster');
    await ok(['cluster', 'rm', 'mirror']);
    expect((await keelson(['cluster', 'get', 'mirror'])).code).toBe(1);
  });

  it('deletes the application with its resources', async () => {
    await ok(['app', 'delete', 'shop', '-y', '--wait', '--timeout', '120']);
    const get = await keelson(['app', 'get', 'shop']);
    expect(get.code).toBe(1);
    expect(get.stderr).toMatch(/^keelson: .*not found/);
    await expect(
      env.core.readNamespacedConfigMap({ name: 'settings', namespace: 'shop' }),
    ).rejects.toThrow();
  });

  it('completes commands and options in bash', async () => {
    const script = join(work, 'completion.bash');
    await writeFile(script, await ok(['completion', 'bash']));
    const complete = (words: string): Promise<string> =>
      new Promise((resolve, reject) =>
        execFile(
          'bash',
          [
            '-c',
            'source "$1"; COMP_WORDS=($2 ""); COMP_WORDS[-1]="$3"; COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); _keelson; echo "${COMPREPLY[*]}"',
            'bash',
            script,
            words.split(' ').slice(0, -1).join(' '),
            words.split(' ').at(-1) ?? '',
          ],
          (err, stdout) => (err ? reject(err) : resolve(stdout.trim())),
        ),
      );
    expect(await complete('keelson app sy')).toBe('sync');
    expect(await complete('keelson app sync shop --pru')).toBe('--prune');
    expect((await complete('keelson pro')).split(' ')).toEqual(['proj']);
  });
});

async function writeLocal(dir: string, content: Record<string, string>): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const [name, text] of Object.entries(content)) await writeFile(join(dir, name), text);
}
