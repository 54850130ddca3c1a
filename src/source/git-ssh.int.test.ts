import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createGitRepo,
  generateSshKeyPair,
  startSshGitServer,
  type GitRepoFixture,
  type SshGitServer,
  type SshKeyPair,
} from '../testenv/index.js';
import { GitCommandError, GitSource, RepositoryNotAllowedError } from './index.js';

describe('Git sources over SSH with keys and strict host key checking', () => {
  let root: string;
  let cache: string;
  let repo: GitRepoFixture;
  let server: SshGitServer;
  let key: SshKeyPair;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'keelson-ssh-src-'));
    cache = await mkdtemp(join(tmpdir(), 'keelson-ssh-cache-'));
    repo = await createGitRepo({
      dir: join(root, 'app'),
      files: { 'deploy/cm.yaml': 'kind: ConfigMap\n' },
    });
    key = generateSshKeyPair();
    server = await startSshGitServer({ root, authorizedKeys: [key.publicKey] });
  });

  afterAll(async () => {
    await server?.close();
    await rm(root, { recursive: true, force: true });
    await rm(cache, { recursive: true, force: true });
  });

  it('resolves and checks out with a private key, verifying the host key against known_hosts', async () => {
    // GIVEN a source that knows the server's host key and has the client key
    const git = new GitSource({ cacheDir: join(cache, 'ok'), knownHosts: server.knownHosts });
    const app = { url: server.urlFor('app'), credentials: { sshPrivateKey: key.privateKey } };
    // WHEN it fetches HEAD
    const checkout = await git.fetchRevision(app, 'HEAD');
    // THEN it gets the commit's files
    expect(checkout.sha).toBe(await repo.revParse());
    expect(await readFile(join(checkout.dir, 'deploy/cm.yaml'), 'utf8')).toBe('kind: ConfigMap\n');
    // AND the key file written for the call is gone
    expect(await readdir(join(cache, 'ok', 'tmp'))).toEqual([]);
  });

  it('refuses a server whose host key is not the one in known_hosts', async () => {
    const impostor = generateSshKeyPair('impostor');
    const [algo, data] = impostor.publicKey.split(' ');
    const git = new GitSource({
      cacheDir: join(cache, 'mitm'),
      knownHosts: `[127.0.0.1]:${server.port} ${algo} ${data}\n`,
    });
    const err = await git
      .resolveRevision({
        url: server.urlFor('app'),
        credentials: { sshPrivateKey: key.privateKey },
      })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GitCommandError);
    expect((err as GitCommandError).message).toMatch(
      /Host key verification failed|REMOTE HOST IDENTIFICATION HAS CHANGED/,
    );
    expect((err as GitCommandError).transient).toBe(false);
  });

  it('fails with an unknown client key, and refuses to connect at all without known_hosts', async () => {
    const stranger = generateSshKeyPair('stranger');
    const git = new GitSource({ cacheDir: join(cache, 'bad-key'), knownHosts: server.knownHosts });
    await expect(
      git.resolveRevision({
        url: server.urlFor('app'),
        credentials: { sshPrivateKey: stranger.privateKey },
      }),
    ).rejects.toThrow(/Permission denied/);
    const blind = new GitSource({ cacheDir: join(cache, 'blind') });
    await expect(
      blind.resolveRevision({
        url: server.urlFor('app'),
        credentials: { sshPrivateKey: key.privateKey },
      }),
    ).rejects.toThrow(RepositoryNotAllowedError);
  });
});
