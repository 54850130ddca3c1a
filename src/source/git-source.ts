import { createHash } from 'node:crypto';
import { cp, mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import pLimit, { type LimitFunction } from 'p-limit';
import { SharedTasks, KeyedMutex } from './concurrency.js';
import {
  ensureHelperScripts,
  prepareGitAuth,
  type GitAuth,
  type RepoCredentials,
} from './credentials.js';
import { GitCommandError, RepositoryNotAllowedError, RevisionNotFoundError } from './errors.js';
import { runGit, type GitContext, type GitObserver } from './git-run.js';
import {
  changedFilesBetween,
  ensureMirror,
  exists,
  expandShortSha,
  fetchAllRefs,
  fetchCommit,
  hasCommit,
  type Mirror,
} from './mirror.js';
import { parseRepoUrl, resolveRelativeRepoUrl, type RepoUrl } from './repo-url.js';
import {
  isFullSha,
  parseLsRemote,
  resolveFromRefs,
  type RemoteRefs,
  type ResolvedRevision,
} from './revision.js';
import {
  listGitlinks,
  publishTree,
  readSubmodules,
  removeTree,
  stagingDirFor,
  writeTree,
} from './tree.js';

/** A Git repository to read from: its URL and, for private repositories, credentials. */
export interface RepoRef {
  readonly url: string;
  readonly credentials?: RepoCredentials;
}

/** A commit's files on disk. The tree is read-only and shared: never modify it. */
export interface Checkout {
  /** Directory holding the commit's files (no `.git`). */
  readonly dir: string;
  readonly sha: string;
  /** The repository, as shown to people. */
  readonly repo: string;
}

/**
 * How old a branch or tag's resolution may be. `maxAgeMs: 0` (the default)
 * asks the server; more lets a periodic resync reuse the last ls-remote of
 * the repository (the revision poller refreshes it), so a thousand apps of
 * one repository do not each start a git process every resync. A refresh, a
 * webhook or a requested sync always asks (as Argo CD's revision cache).
 */
export interface RevisionFreshness {
  readonly maxAgeMs?: number;
}

/** The result of polling a source for change. */
export interface MoveCheck {
  readonly moved: boolean;
  /** The commit the target revision points to now. */
  readonly sha: string;
}

export interface GitSourceOptions {
  /** Root of the cache: bare mirrors under `repos/`, read-only trees under `trees/`. */
  readonly cacheDir: string;
  /** Accept `file://` URLs and local paths. Off by default: a shared controller must not read local paths. */
  readonly allowLocalRepos?: boolean;
  /** Network operations (ls-remote, fetch) running at once across all repositories (default 4). */
  readonly concurrency?: number;
  /** Check out submodules too (default false). */
  readonly submodules?: boolean;
  /** known_hosts content for SSH repositories (strict host key checking; SSH is refused without it). */
  readonly knownHosts?: string;
  readonly lsRemoteTimeoutMs?: number;
  readonly fetchTimeoutMs?: number;
  readonly checkoutTimeoutMs?: number;
  readonly gitBinary?: string;
  readonly sshBinary?: string;
  /**
   * Environment git starts from (PATH, proxy variables). Nothing else of the
   * caller's environment reaches git. Default: only PATH of this process.
   */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Told about every ls-remote and fetch (for metrics). */
  readonly observe?: GitObserver;
}

/** Defaults for every optional {@link GitSourceOptions} field. */
export function defaultGitSourceOptions(): Required<
  Omit<GitSourceOptions, 'cacheDir' | 'knownHosts' | 'observe'>
> {
  return {
    allowLocalRepos: false,
    concurrency: 4,
    submodules: false,
    lsRemoteTimeoutMs: 30_000,
    fetchTimeoutMs: 5 * 60_000,
    checkoutTimeoutMs: 2 * 60_000,
    gitBinary: 'git',
    sshBinary: 'ssh',
    env: { PATH: process.env.PATH },
  };
}

const MAX_SUBMODULE_DEPTH = 5;
/** Commit pairs whose changed files are remembered (commits never change, so neither does the answer). */
const CHANGED_FILES_MEMO_SIZE = 64;

/**
 * Git repositories as a source of desired state: resolves revisions with one
 * `ls-remote`, keeps one bare mirror per repository, and hands out read-only
 * trees per commit. Concurrent requests for the same repository and commit
 * share one fetch; different repositories proceed in parallel up to
 * `concurrency` network operations.
 */
export class GitSource {
  readonly options: Required<Omit<GitSourceOptions, 'knownHosts' | 'observe'>> & {
    readonly knownHosts?: string;
    readonly observe?: GitObserver;
  };
  readonly #limit: LimitFunction;
  readonly #lsRemotes = new SharedTasks<RemoteRefs>();
  /** The last answer of each repository's ls-remote, for callers that accept a recent one. */
  readonly #recentRefs = new Map<string, { readonly at: number; readonly refs: RemoteRefs }>();
  readonly #checkouts = new SharedTasks<Checkout>();
  readonly #mirrorLocks = new KeyedMutex();
  /** Changed files by repository and commit pair: a monorepo commit concerns every app of the repository. */
  readonly #changes = new Map<string, Promise<string[]>>();
  #context: Promise<GitContext> | undefined;

  constructor(options: GitSourceOptions) {
    this.options = {
      ...defaultGitSourceOptions(),
      ...stripUndefined(options),
      cacheDir: options.cacheDir,
    };
    this.#limit = pLimit(Math.max(1, this.options.concurrency));
  }

  /** Parses and vets a repository URL under this source's policy (e.g. local repositories). */
  parseUrl(url: string): RepoUrl {
    return parseRepoUrl(url, { allowLocalRepos: this.options.allowLocalRepos });
  }

  /** The refs the remote advertises (one `git ls-remote`, no clone). */
  async lsRemote(repo: RepoRef, { maxAgeMs = 0 }: RevisionFreshness = {}): Promise<RemoteRefs> {
    const url = this.parseUrl(repo.url);
    const key = `${url.key}#${fingerprint(repo.credentials)}`;
    const recent = this.#recentRefs.get(key);
    if (recent && maxAgeMs > 0 && Date.now() - recent.at <= maxAgeMs) return recent.refs;
    const ctx = await this.#ctx();
    return this.#lsRemotes.run(key, () =>
      this.#limit(() =>
        this.#withAuth(url, repo.credentials, async (auth) => {
          const at = Date.now();
          const refs = parseLsRemote(
            await runGit(ctx, {
              args: ['ls-remote', '--symref', url.gitUrl],
              repo: url.display,
              operation: 'ls-remote',
              timeoutMs: this.options.lsRemoteTimeoutMs,
              auth,
            }),
          );
          this.#recentRefs.set(key, { at, refs });
          return refs;
        }),
      ),
    );
  }

  /**
   * Resolves a target revision (branch, tag, full or short SHA, `HEAD`, or a
   * semver constraint over tags) to a commit. A full SHA costs nothing; others
   * cost one ls-remote; only an abbreviated SHA that is no ref tip needs a fetch.
   */
  async resolveRevision(
    repo: RepoRef,
    revision = 'HEAD',
    freshness: RevisionFreshness = {},
  ): Promise<ResolvedRevision> {
    const url = this.parseUrl(repo.url);
    const rev = revision.trim();
    if (isFullSha(rev.toLowerCase())) return { sha: rev.toLowerCase() };
    // A recent answer may predate a new branch or tag: if it does not resolve
    // the revision, ask the server before looking any further.
    const recent =
      (freshness.maxAgeMs ?? 0) > 0
        ? await this.lsRemote(repo, freshness)
            .then((refs) => resolveFromRefs(url.display, refs, rev))
            .catch(() => undefined)
        : undefined;
    const resolution =
      recent?.kind === 'resolved'
        ? recent
        : resolveFromRefs(url.display, await this.lsRemote(repo), rev);
    if (resolution.kind === 'resolved') return resolution.revision;
    const sha = await this.#withMirror(url, repo.credentials, async (mirror, fetch) => {
      const ctx = await this.#ctx();
      const known = await expandShortSha(
        mirror,
        resolution.prefix,
        ctx,
        this.options.checkoutTimeoutMs,
      );
      if (known) return known;
      await fetch((auth) =>
        fetchAllRefs(mirror, { ctx, auth, timeoutMs: this.options.fetchTimeoutMs }),
      );
      return expandShortSha(mirror, resolution.prefix, ctx, this.options.checkoutTimeoutMs);
    });
    if (!sha) throw new RevisionNotFoundError(url.display, rev, 'no such branch, tag or commit');
    return { sha };
  }

  /** Whether `revision` points somewhere other than `sinceSha` now, with one ls-remote. */
  async hasMoved(repo: RepoRef, revision: string, sinceSha: string): Promise<MoveCheck> {
    const { sha } = await this.resolveRevision(repo, revision);
    return { moved: sha !== sinceSha.toLowerCase(), sha };
  }

  /**
   * Files that differ between commits `from` and `to` (full SHAs), fetching
   * either into the mirror if needed: what a new commit touched, for
   * deciding which applications it concerns. Remembered per commit pair
   * (the last 64), and shared by concurrent callers: every application of a
   * monorepo asks the same question of the same commit.
   */
  async changedFiles(repo: RepoRef, from: string, to: string): Promise<string[]> {
    const url = this.parseUrl(repo.url);
    const [a, b] = [from.toLowerCase(), to.toLowerCase()];
    const key = `${url.key}\0${a}\0${b}`;
    let files = this.#changes.get(key);
    if (!files) {
      files = this.#diff(url, repo.credentials, a, b);
      this.#changes.set(key, files);
      // A failure is not remembered: the next caller asks git again.
      files.catch(() => this.#changes.delete(key));
      if (this.#changes.size > CHANGED_FILES_MEMO_SIZE) {
        const oldest = this.#changes.keys().next().value;
        if (oldest !== undefined) this.#changes.delete(oldest);
      }
    }
    return [...(await files)];
  }

  async #diff(
    url: RepoUrl,
    credentials: RepoCredentials | undefined,
    from: string,
    to: string,
  ): Promise<string[]> {
    await this.#ensureCommit(url, credentials, from);
    const mirror = await this.#ensureCommit(url, credentials, to);
    return changedFilesBetween(mirror, from, to, await this.#ctx(), this.options.checkoutTimeoutMs);
  }

  /** Resolves `revision` and checks it out. */
  async fetchRevision(
    repo: RepoRef,
    revision = 'HEAD',
  ): Promise<Checkout & { readonly ref?: string }> {
    const resolved = await this.resolveRevision(repo, revision);
    const checkout = await this.checkout(repo, resolved.sha);
    return resolved.ref ? { ...checkout, ref: resolved.ref } : checkout;
  }

  /**
   * A read-only tree of commit `sha` (a full SHA), fetched into the cache if
   * needed. Served from the cache without any network call once present.
   */
  checkout(repo: RepoRef, sha: string): Promise<Checkout> {
    return this.#checkoutAt(repo, sha, 0);
  }

  async #checkoutAt(repo: RepoRef, sha: string, depth: number): Promise<Checkout> {
    const url = this.parseUrl(repo.url);
    const commit = sha.trim().toLowerCase();
    if (!isFullSha(commit))
      throw new RevisionNotFoundError(
        url.display,
        sha,
        'a checkout needs a full commit SHA; resolve the revision first',
      );
    const dir = join(this.options.cacheDir, 'trees', url.cacheName, commit);
    const done: Checkout = { dir, sha: commit, repo: url.display };
    if (await exists(dir)) return done;
    return this.#checkouts.run(`${url.key}@${commit}`, async () => {
      if (await exists(dir)) return done;
      const mirror = await this.#ensureCommit(url, repo.credentials, commit);
      const ctx = await this.#ctx();
      const staging = stagingDirFor(dir);
      await mkdir(join(this.options.cacheDir, 'trees', url.cacheName), { recursive: true });
      try {
        await writeTree(mirror, commit, staging, ctx, this.options.checkoutTimeoutMs);
        if (this.options.submodules)
          await this.#addSubmodules(url, repo, mirror, commit, staging, depth);
        await publishTree(staging, dir);
      } catch (err) {
        await removeTree(staging);
        throw err;
      }
      return done;
    });
  }

  /** Makes sure the mirror holds `sha`: a shallow fetch of that commit, else of every ref. */
  #ensureCommit(
    url: RepoUrl,
    credentials: RepoCredentials | undefined,
    sha: string,
  ): Promise<Mirror> {
    return this.#withMirror(url, credentials, async (mirror, fetch) => {
      const ctx = await this.#ctx();
      const timeoutMs = this.options.fetchTimeoutMs;
      if (await hasCommit(mirror, sha, ctx, this.options.checkoutTimeoutMs)) return mirror;
      try {
        await fetch((auth) => fetchCommit(mirror, sha, { ctx, auth, timeoutMs }));
      } catch (err) {
        // Servers that refuse unadvertised commits: fall back to fetching every ref.
        if (!(err instanceof GitCommandError) || !isUnadvertisedRefusal(err.message)) throw err;
        await fetch((auth) => fetchAllRefs(mirror, { ctx, auth, timeoutMs }));
      }
      if (!(await hasCommit(mirror, sha, ctx, this.options.checkoutTimeoutMs)))
        throw new RevisionNotFoundError(url.display, sha, 'no such commit in the repository');
      return mirror;
    });
  }

  /** Runs `task` holding this repository's mirror lock; `fetch` runs a network step under the concurrency limit. */
  async #withMirror<T>(
    url: RepoUrl,
    credentials: RepoCredentials | undefined,
    task: (
      mirror: Mirror,
      fetch: (step: (auth: GitAuth) => Promise<void>) => Promise<void>,
    ) => Promise<T>,
  ): Promise<T> {
    const ctx = await this.#ctx();
    return this.#mirrorLocks.with(url.key, async () => {
      const mirror = await ensureMirror(
        join(this.options.cacheDir, 'repos'),
        url,
        ctx,
        this.options.checkoutTimeoutMs,
      );
      return task(mirror, (step) => this.#limit(() => this.#withAuth(url, credentials, step)));
    });
  }

  async #addSubmodules(
    url: RepoUrl,
    repo: RepoRef,
    mirror: Mirror,
    sha: string,
    staging: string,
    depth: number,
  ): Promise<void> {
    const ctx = await this.#ctx();
    const timeoutMs = this.options.checkoutTimeoutMs;
    const declared = await readSubmodules(mirror, sha, ctx, timeoutMs);
    if (declared.length === 0) return;
    if (depth >= MAX_SUBMODULE_DEPTH)
      throw new RepositoryNotAllowedError(
        url.display,
        `submodules nested more than ${MAX_SUBMODULE_DEPTH} deep`,
      );
    for (const link of await listGitlinks(mirror, sha, ctx, timeoutMs)) {
      const decl = declared.find((d) => d.path === link.path);
      if (!decl) continue; // a gitlink without .gitmodules entry: git skips it too
      const subUrl = resolveRelativeRepoUrl(url.gitUrl, decl.url);
      let parsed: RepoUrl;
      try {
        parsed = this.parseUrl(subUrl);
      } catch (err) {
        throw new RepositoryNotAllowedError(
          url.display,
          `submodule "${link.path}": ${(err as Error).message}`,
        );
      }
      // Credentials follow the submodule only to the same host, never to a third party.
      const credentials = sameHost(url, parsed) ? repo.credentials : undefined;
      const sub = await this.#checkoutAt(
        { url: subUrl, ...(credentials ? { credentials } : {}) },
        link.sha,
        depth + 1,
      );
      const target = join(staging, link.path);
      await rm(target, { recursive: true, force: true });
      await cp(sub.dir, target, { recursive: true, verbatimSymlinks: true });
    }
  }

  async #withAuth<T>(
    url: RepoUrl,
    credentials: RepoCredentials | undefined,
    task: (auth: GitAuth) => Promise<T>,
  ): Promise<T> {
    const ctx = await this.#ctx();
    const auth = await prepareGitAuth(url, credentials, {
      scripts: ctx.scripts,
      tmpDir: join(this.options.cacheDir, 'tmp'),
      ...(this.options.knownHosts ? { knownHosts: this.options.knownHosts } : {}),
      sshBinary: this.options.sshBinary,
    });
    try {
      return await task(auth);
    } finally {
      await auth.dispose();
    }
  }

  #ctx(): Promise<GitContext> {
    this.#context ??= (async () => {
      const root = this.options.cacheDir;
      for (const sub of ['repos', 'trees']) await mkdir(join(root, sub), { recursive: true });
      const home = join(root, 'home');
      await mkdir(home, { recursive: true, mode: 0o700 });
      await mkdir(join(root, 'tmp'), { recursive: true, mode: 0o700 });
      const scripts = await ensureHelperScripts(join(root, 'bin'));
      return {
        gitBinary: this.options.gitBinary,
        baseEnv: this.options.env,
        home,
        scripts,
        allowLocalRepos: this.options.allowLocalRepos,
        observe: this.options.observe,
      };
    })();
    return this.#context;
  }
}

function isUnadvertisedRefusal(message: string): boolean {
  return /not our ref|unadvertised object|couldn't find remote ref|no such remote ref|not valid|does not allow request/i.test(
    message,
  );
}

function sameHost(a: RepoUrl, b: RepoUrl): boolean {
  const host = (u: RepoUrl): string => u.key.replace(/^[a-z]+:\/\//, '').split('/')[0] ?? '';
  return a.transport === b.transport && host(a) === host(b);
}

/** Distinguishes callers with different credentials without keeping the credentials themselves. */
function fingerprint(credentials: RepoCredentials | undefined): string {
  if (!credentials) return 'anonymous';
  return createHash('sha256').update(JSON.stringify(credentials)).digest('hex').slice(0, 16);
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
