import { chmod, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createGitRepo,
  startGitHttpServer,
  type GitHttpServer,
  type GitRepoFixture,
} from '../testenv/index.js';
import {
  GitCommandError,
  GitSource,
  RepositoryNotAllowedError,
  RevisionNotFoundError,
} from './index.js';

const credentials = { username: 'ci-bot', password: 'pa55-word-in-env-only' };

describe('Git sources over HTTP with authentication and over file://', () => {
  let root: string;
  let work: string;
  let repo: GitRepoFixture;
  let server: GitHttpServer;
  let tokenServer: GitHttpServer;
  let first: string;
  let v110: string;
  let feature: string;
  const sources: GitSource[] = [];
  const newSource = async (options: Partial<ConstructorParameters<typeof GitSource>[0]> = {}) => {
    const source = new GitSource({ cacheDir: await mkdtemp(join(work, 'cache-')), ...options });
    sources.push(source);
    return source;
  };

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'keelson-git-src-'));
    work = await mkdtemp(join(tmpdir(), 'keelson-git-src-work-'));
    repo = await createGitRepo({
      dir: join(root, 'app'),
      files: { 'apps/web/cm.yaml': 'kind: ConfigMap\n' },
    });
    first = await repo.revParse();
    await repo.tag('v1.0.0');
    v110 = await repo.commit('second', { 'apps/web/cm.yaml': 'kind: ConfigMap # v1.1.0\n' });
    await repo.tag('v1.1.0');
    await repo.branch('feature', { checkout: true });
    feature = await repo.commit('feature work', { 'apps/web/feature.yaml': 'kind: Secret\n' });
    await repo.checkout('main');
    server = await startGitHttpServer({ root, credentials });
    tokenServer = await startGitHttpServer({
      root,
      credentials: { username: 'x-access-token', password: 'ghp_tokenvalue123' },
    });
  });

  afterAll(async () => {
    await server?.close();
    await tokenServer?.close();
    await rm(root, { recursive: true, force: true });
    await rm(work, { recursive: true, force: true });
  });

  it('resolves branches, tags, semver constraints, HEAD and short SHAs with one ls-remote, no clone', async () => {
    // GIVEN a private repository served over HTTP with basic auth
    const git = await newSource();
    const app = { url: server.urlFor('app'), credentials };
    // WHEN revisions are resolved
    const before = server.requestCount;
    const head = await git.resolveRevision(app, 'HEAD');
    // THEN it costs one ls-remote: git's 401 challenge, the authenticated ref
    // advertisement and protocol v2's ls-refs command
    expect(server.requestCount - before).toBeLessThanOrEqual(3);
    expect(head).toEqual({ sha: v110, ref: 'refs/heads/main' });
    expect(await git.resolveRevision(app, 'feature')).toEqual({
      sha: feature,
      ref: 'refs/heads/feature',
    });
    expect(await git.resolveRevision(app, 'v1.0.0')).toEqual({
      sha: first,
      ref: 'refs/tags/v1.0.0',
    });
    expect(await git.resolveRevision(app, '1.*')).toEqual({ sha: v110, ref: 'refs/tags/v1.1.0' });
    expect(await git.resolveRevision(app, '>=1.0.0 <1.1.0')).toEqual({
      sha: first,
      ref: 'refs/tags/v1.0.0',
    });
    expect(await git.resolveRevision(app, feature.slice(0, 8))).toEqual({ sha: feature });
    // AND nothing was cloned
    expect(await readdir(join(git.options.cacheDir, 'repos'))).toEqual([]);
  });

  it('resolves an abbreviated SHA that is no branch or tag tip by fetching history', async () => {
    const git = await newSource();
    const old = await repo.commit('third', { 'apps/web/x.yaml': 'kind: X\n' });
    await repo.commit('fourth', { 'apps/web/y.yaml': 'kind: Y\n' });
    expect(
      await git.resolveRevision({ url: server.urlFor('app'), credentials }, old.slice(0, 9)),
    ).toEqual({ sha: old });
    await expect(
      git.resolveRevision({ url: server.urlFor('app'), credentials }, 'no-such-branch'),
    ).rejects.toThrow(RevisionNotFoundError);
  });

  it('checks out a commit as a read-only tree and serves it again from the cache with no network call', async () => {
    const git = await newSource();
    const app = { url: server.urlFor('app'), credentials };
    const checkout = await git.checkout(app, first);
    expect(await readFile(join(checkout.dir, 'apps/web/cm.yaml'), 'utf8')).toBe(
      'kind: ConfigMap\n',
    );
    expect((await stat(join(checkout.dir, 'apps/web/cm.yaml'))).mode & 0o222).toBe(0);
    expect((await stat(join(checkout.dir, 'apps/web'))).mode & 0o222).toBe(0);
    const before = server.requestCount;
    const again = await git.checkout(app, first);
    expect(again.dir).toBe(checkout.dir);
    expect(server.requestCount).toBe(before);
    await expect(git.checkout(app, 'f'.repeat(40))).rejects.toThrow(/no such commit/);
  });

  it('shares one fetch between concurrent requests for the same commit', async () => {
    // GIVEN the request count of one fetch into an empty cache
    const single = await newSource();
    let before = server.requestCount;
    await single.checkout({ url: server.urlFor('app'), credentials }, feature);
    const oneFetch = server.requestCount - before;
    // WHEN five callers ask for the same commit at once on another empty cache
    const git = await newSource();
    before = server.requestCount;
    const trees = await Promise.all(
      Array.from({ length: 5 }, () =>
        git.checkout({ url: server.urlFor('app'), credentials }, feature),
      ),
    );
    // THEN the server saw a single fetch and all got the same tree
    expect(server.requestCount - before).toBe(oneFetch);
    expect(new Set(trees.map((t) => t.dir)).size).toBe(1);
  });

  it('lists the files a commit changed once per pair of commits, however many callers ask', async () => {
    // GIVEN an empty cache
    const cacheDir = await mkdtemp(join(work, 'cache-'));
    const git = await newSource({ cacheDir });
    const app = { url: server.urlFor('app'), credentials };
    // WHEN five callers (a monorepo's applications) ask what v1.1.0 changed since the first commit
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => git.changedFiles(app, first, v110)),
    );
    // THEN all get the one changed file
    for (const files of answers) expect(files).toEqual(['apps/web/cm.yaml']);
    // AND asking again needs no git at all: even with the mirror gone, nothing is fetched
    await rm(join(cacheDir, 'repos'), { recursive: true, force: true });
    const before = server.requestCount;
    expect(await git.changedFiles(app, first.toUpperCase(), v110)).toEqual(['apps/web/cm.yaml']);
    expect(server.requestCount).toBe(before);
  });

  it('tells whether a branch moved since a commit, with one ls-remote', async () => {
    const git = await newSource();
    const app = { url: server.urlFor('app'), credentials };
    const { sha } = await git.resolveRevision(app, 'main');
    expect(await git.hasMoved(app, 'main', sha)).toEqual({ moved: false, sha });
    const next = await repo.commit('move main', { 'apps/web/z.yaml': 'kind: Z\n' });
    expect(await git.hasMoved(app, 'main', sha)).toEqual({ moved: true, sha: next });
    expect(await git.hasMoved(app, sha, sha)).toEqual({ moved: false, sha });
  });

  it('reuses a recent ls-remote only when asked to, and never to miss a revision it does not know', async () => {
    const git = await newSource();
    const app = { url: server.urlFor('app'), credentials };
    const { sha } = await git.resolveRevision(app, 'main');
    const next = await repo.commit('move main again', { 'apps/web/y.yaml': 'kind: Y\n' });
    // A periodic resync may take the answer of a second ago …
    expect((await git.resolveRevision(app, 'main', { maxAgeMs: 60_000 })).sha).toBe(sha);
    // … a refresh asks the server
    expect((await git.resolveRevision(app, 'main')).sha).toBe(next);
    // and a tag the recent answer does not have yet is looked up at once
    await repo.tag('v9.9.9');
    expect((await git.resolveRevision(app, 'v9.9.9', { maxAgeMs: 60_000 })).sha).toBe(next);
  });

  it('accepts a token as the password, with a default user name', async () => {
    const git = await newSource();
    const resolved = await git.resolveRevision(
      { url: tokenServer.urlFor('app'), credentials: { password: 'ghp_tokenvalue123' } },
      'v1.0.0',
    );
    expect(resolved.sha).toBe(first);
  });

  it('sends a bearer token as an HTTP header when given one', async () => {
    // GIVEN a server that only accepts one bearer token (a proxy in front of the fixture)
    const token = 'bearer-token-value-42';
    const upstreamAuth = `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
    const proxy = createServer((req, res) => {
      if (req.headers.authorization !== `Bearer ${token}`) {
        res.writeHead(401, { 'www-authenticate': 'Bearer realm="test"' });
        res.end();
        return;
      }
      const target = new URL(req.url ?? '/', server.url);
      const upstream = request(
        target,
        {
          method: req.method,
          headers: { ...req.headers, host: target.host, authorization: upstreamAuth },
        },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        },
      );
      req.pipe(upstream);
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}/app`;
    try {
      // WHEN a source with that bearer token fetches
      const git = await newSource();
      const checkout = await git.fetchRevision(
        { url, credentials: { bearerToken: token } },
        'v1.0.0',
      );
      // THEN it gets through
      expect(checkout.sha).toBe(first);
      await expect(
        git.resolveRevision({ url, credentials: { bearerToken: 'wrong-token-value' } }),
      ).rejects.toThrow(GitCommandError);
    } finally {
      proxy.closeAllConnections();
      await new Promise((resolve) => proxy.close(resolve));
    }
  });

  it('fails on wrong or missing credentials with a terminal error that does not contain the password', async () => {
    const git = await newSource();
    const wrong = 'wrong-password-4711';
    const err = await git
      .resolveRevision({
        url: server.urlFor('app'),
        credentials: { username: 'ci-bot', password: wrong },
      })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GitCommandError);
    expect((err as GitCommandError).transient).toBe(false);
    expect((err as Error).message).toMatch(/ls-remote failed: .*Authentication failed/s);
    expect((err as Error).message).not.toContain(wrong);
    // a password embedded in the URL is moved out of it and scrubbed the same way
    const inUrl = server.urlFor('app').replace('http://', `http://ci-bot:${wrong}@`);
    const err2 = await git.resolveRevision({ url: inUrl }).catch((e: unknown) => e);
    expect((err2 as Error).message).not.toContain(wrong);
    await expect(git.resolveRevision({ url: server.urlFor('app') })).rejects.toThrow(
      /could not read Username|Authentication failed/,
    );
  });

  it('never passes credentials to git in its arguments', async () => {
    // GIVEN a git wrapper that records the arguments of every call
    const log = join(work, 'git-args.log');
    const wrapper = join(work, 'git-recording.sh');
    await writeFile(wrapper, `#!/bin/sh\nprintf '%s\\n' "$*" >> '${log}'\nexec git "$@"\n`);
    await chmod(wrapper, 0o755);
    const git = await newSource({ gitBinary: wrapper });
    // WHEN it resolves, fetches and checks out a private repository
    await git.fetchRevision({ url: server.urlFor('app'), credentials }, 'main');
    // THEN the password appears in no argument list
    const args = await readFile(log, 'utf8');
    expect(args).toContain('ls-remote');
    expect(args).toContain('fetch');
    expect(args).not.toContain(credentials.password);
  });

  it('reads file:// repositories only when local repositories are allowed', async () => {
    await expect((await newSource()).resolveRevision({ url: repo.fileUrl })).rejects.toThrow(
      RepositoryNotAllowedError,
    );
    const local = await newSource({ allowLocalRepos: true });
    const checkout = await local.fetchRevision({ url: repo.fileUrl }, 'v1.1.0');
    expect(checkout).toMatchObject({ sha: v110, ref: 'refs/tags/v1.1.0' });
    expect(await readFile(join(checkout.dir, 'apps/web/cm.yaml'), 'utf8')).toContain('v1.1.0');
  });

  it('checks out submodules when asked, subject to the same URL policy', async () => {
    // GIVEN a repository with a submodule
    const lib = await createGitRepo({
      dir: join(root, 'lib'),
      files: { 'base/svc.yaml': 'kind: Service\n' },
    });
    const parent = await createGitRepo({
      dir: join(root, 'parent'),
      files: { 'app/kustomization.yaml': 'resources: []\n' },
    });
    await parent.git([
      '-c',
      'protocol.file.allow=always',
      'submodule',
      'add',
      '--quiet',
      lib.fileUrl,
      'vendor/lib',
    ]);
    const sha = await parent.commit('add submodule');
    // WHEN it is checked out with submodules on
    const withSubs = await newSource({ allowLocalRepos: true, submodules: true });
    const tree = await withSubs.checkout({ url: parent.fileUrl }, sha);
    // THEN the submodule's files are in the tree
    expect(await readFile(join(tree.dir, 'vendor/lib/base/svc.yaml'), 'utf8')).toBe(
      'kind: Service\n',
    );
    // AND without submodules its directory stays empty
    const without = await (
      await newSource({ allowLocalRepos: true })
    ).checkout({ url: parent.fileUrl }, sha);
    expect(await readdir(join(without.dir, 'vendor/lib'))).toEqual([]);
  });
});
