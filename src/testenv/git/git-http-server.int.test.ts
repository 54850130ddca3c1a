import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTool, ToolFailedError } from '../../exec/index.js';
import {
  createGitRepo,
  startGitHttpServer,
  type GitHttpServer,
  type GitRepoFixture,
} from './index.js';

const credentials = { username: 'ci-bot', password: 's3cret-token-value' };
const gitEnv = { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_CONFIG_NOSYSTEM: '1' };

/** Clone with credentials in the URL: the simplest real client; the source module does it properly. */
function withAuth(url: string, user: string, password: string): string {
  const u = new URL(url);
  u.username = user;
  u.password = password;
  return u.toString();
}

describe('git fixtures', () => {
  let root: string;
  let repo: GitRepoFixture;
  let server: GitHttpServer;
  let work: string;
  let mainSha: string;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'keelson-git-root-'));
    work = await mkdtemp(join(tmpdir(), 'keelson-git-work-'));
    repo = await createGitRepo({
      dir: join(root, 'app'),
      files: { 'app/config.yaml': 'replicas: 1\n' },
    });
    await repo.tag('v1.0.0');
    await repo.branch('feature', { checkout: true });
    await repo.commit('feature work', { 'app/config.yaml': 'replicas: 2\n' });
    await repo.checkout('main');
    mainSha = await repo.revParse('main');
    server = await startGitHttpServer({ root, credentials });
  });

  afterAll(async () => {
    await server?.close();
    await rm(root, { recursive: true, force: true });
    await rm(work, { recursive: true, force: true });
  });

  it('serves a clone over smart HTTP to a client with the right credentials', async () => {
    const dest = join(work, 'ok');
    await runTool(
      'git',
      [
        'clone',
        '--quiet',
        withAuth(server.urlFor('app'), credentials.username, credentials.password),
        dest,
      ],
      {
        env: gitEnv,
        timeoutMs: 60_000,
      },
    );
    expect(await readFile(join(dest, 'app/config.yaml'), 'utf8')).toBe('replicas: 1\n');
    const head = await runTool('git', ['rev-parse', 'HEAD'], { cwd: dest, timeoutMs: 10_000 });
    expect(head.stdout.trim()).toBe(mainSha);
  });

  it('shows branches and tags to ls-remote', async () => {
    const { stdout } = await runTool(
      'git',
      ['ls-remote', withAuth(server.urlFor('app'), credentials.username, credentials.password)],
      { env: gitEnv, timeoutMs: 30_000 },
    );
    expect(stdout).toContain('refs/heads/main');
    expect(stdout).toContain('refs/heads/feature');
    expect(stdout).toContain('refs/tags/v1.0.0');
  });

  it('refuses wrong credentials with an authentication error, and the error does not leak the password', async () => {
    const wrong = 'wrong-password-123';
    const attempt = runTool(
      'git',
      ['clone', '--quiet', withAuth(server.urlFor('app'), 'ci-bot', wrong), join(work, 'bad')],
      {
        env: gitEnv,
        timeoutMs: 60_000,
        redact: [wrong],
      },
    );
    await expect(attempt).rejects.toBeInstanceOf(ToolFailedError);
    const err = (await attempt.catch((e: unknown) => e)) as ToolFailedError;
    expect(err.message).toMatch(/Authentication failed/);
    expect(err.message).not.toContain(wrong);
  });

  it('refuses a client that sends no credentials', async () => {
    const attempt = runTool('git', ['ls-remote', server.urlFor('app')], {
      env: gitEnv,
      timeoutMs: 30_000,
    });
    await expect(attempt).rejects.toThrow(/could not read Username|Authentication failed/);
  });

  it('clones over file:// too, including a pushed commit', async () => {
    const sha = await repo.commit('second commit', { 'app/extra.yaml': 'kind: ConfigMap\n' });
    const dest = join(work, 'file');
    await runTool('git', ['clone', '--quiet', repo.fileUrl, dest], {
      env: gitEnv,
      timeoutMs: 60_000,
    });
    const head = await runTool('git', ['rev-parse', 'HEAD'], { cwd: dest, timeoutMs: 10_000 });
    expect(head.stdout.trim()).toBe(sha);
  });
});
