import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import {
  createGitRepo,
  ensureTools,
  startGitHttpServer,
  type GitHttpServer,
  type GitRepoFixture,
} from '../../src/testenv/index.js';
import { GUESTBOOK_CHART, readTree, underPrefix } from '../../src/render/testdata/files.js';

// Runs the built `keelson` binary (npm test compiles it first), as a user would.
const ROOT = join(import.meta.dirname, '..', '..');
const KEELSON = join(ROOT, 'bin', 'keelson.js');

interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

let cacheDir = '';

function keelson(args: readonly string[], env: NodeJS.ProcessEnv): Promise<CliResult> {
  // Repositories are cached per test run; the pinned tools stay where ensureTools built them.
  const withCache = args[0] === 'render' ? [...args, '--cache-dir', cacheDir] : args;
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [KEELSON, ...withCache],
      { env, cwd: ROOT, timeout: 120_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

const kinds = (yaml: string): string[] =>
  parseAllDocuments(yaml).map((d) => {
    const o = d.toJS() as { kind: string; metadata: { name: string } };
    return `${o.kind}/${o.metadata.name}`;
  });

describe('keelson render', () => {
  let work: string;
  let env: NodeJS.ProcessEnv;
  let repo: GitRepoFixture;
  let server: GitHttpServer;
  const credentials = { username: 'cli-user', password: 'cli-secret-pass' };

  beforeAll(async () => {
    await ensureTools(['helm', 'kustomize']);
    work = await mkdtemp(join(tmpdir(), 'keelson-cli-render-'));
    cacheDir = join(work, 'cache');
    env = { ...process.env };
    repo = await createGitRepo({
      dir: join(work, 'repos', 'apps'),
      files: {
        ...(await readTree(join(ROOT, 'examples', 'guestbook'), 'guestbook')),
        ...underPrefix('charts/guestbook', GUESTBOOK_CHART),
        'broken/bad.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n   data: 1\n',
      },
    });
    await repo.tag('v1.0.0');
    server = await startGitHttpServer({ root: join(work, 'repos'), credentials });
  });

  afterAll(async () => {
    await server?.close();
    await rm(work, { recursive: true, force: true });
  });

  it('renders a working copy, deterministically', async () => {
    const first = await keelson(['render', '--local', 'examples/guestbook/overlays/prod'], env);
    expect(first.code, first.stderr).toBe(0);
    expect(kinds(first.stdout)).toEqual([
      'Service/prod-guestbook-ui',
      'Deployment/prod-guestbook-ui',
    ]);
    const second = await keelson(
      ['render', '--local', 'examples/guestbook', '--path', 'overlays/prod'],
      env,
    );
    expect(second.stdout).toBe(first.stdout);
  });

  it('renders a Helm chart from a private repository with credentials from the environment', async () => {
    const result = await keelson(
      [
        'render',
        server.urlFor('apps'),
        '--revision',
        'v1.*',
        '--path',
        'charts/guestbook',
        '--values-file',
        'env/prod.yaml',
        '--set',
        'image.tag=3.1',
        '--release-name',
        'shop',
        '--namespace',
        'prod',
        '--skip-crds',
      ],
      {
        ...env,
        KEELSON_REPO_USERNAME: credentials.username,
        KEELSON_REPO_PASSWORD: credentials.password,
      },
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('# Source: guestbook/templates/deployment.yaml');
    expect(result.stdout).toContain('name: shop-guestbook');
    expect(result.stdout).toContain('namespace: prod');
    expect(result.stdout).toContain('replicas: 3');
    expect(result.stdout).toContain('image: registry.example/guestbook:3.1');
    expect(result.stdout).not.toContain('CustomResourceDefinition');
  });

  it('reports errors on stderr with a non-zero exit code and nothing on stdout', async () => {
    const wrong = await keelson(['render', server.urlFor('apps')], {
      ...env,
      KEELSON_REPO_USERNAME: 'cli-user',
      KEELSON_REPO_PASSWORD: 'not-the-password',
    });
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toBe('');
    expect(wrong.stderr).toMatch(/^keelson: .*Authentication failed/s);
    expect(wrong.stderr).not.toContain('not-the-password');

    const local = await keelson(['render', repo.fileUrl, '--path', 'guestbook/base'], env);
    expect(local.code).toBe(1);
    expect(local.stderr).toContain('enable them with --allow-local-repos');
    const allowed = await keelson(
      ['render', repo.fileUrl, '--path', 'guestbook/base', '--allow-local-repos'],
      env,
    );
    expect(allowed.code, allowed.stderr).toBe(0);

    const bad = await keelson(
      ['render', repo.fileUrl, '--path', 'broken', '--allow-local-repos'],
      env,
    );
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^keelson: broken\/bad\.yaml:\d+:\d+: invalid YAML/);

    const escape = await keelson(['render', '--local', '.', '--path', '../..'], env);
    expect(escape.code).toBe(1);
    expect(escape.stderr).toContain('climbs out of the repository');
  });
});
