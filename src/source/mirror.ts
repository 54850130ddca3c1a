import { access, mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { runGit, type GitContext } from './git-run.js';
import { GitCommandError } from './errors.js';
import type { GitAuth } from './credentials.js';
import type { RepoUrl } from './repo-url.js';

/**
 * One bare repository per remote (keyed by normalized URL) that collects the
 * commits Keelson has fetched. Every fetched commit is kept alive by a ref
 * under `refs/keelson/`, so no gc can drop it. The remote URL is never stored
 * in the mirror's config: it is passed on each fetch, with credentials in the
 * environment.
 */
export interface Mirror {
  readonly dir: string;
  readonly url: RepoUrl;
}

export interface FetchSettings {
  readonly ctx: GitContext;
  readonly auth: GitAuth;
  readonly timeoutMs: number;
}

/** Creates the bare mirror if it does not exist yet (atomically: init elsewhere, then rename). */
export async function ensureMirror(
  reposDir: string,
  url: RepoUrl,
  ctx: GitContext,
  timeoutMs: number,
): Promise<Mirror> {
  const dir = join(reposDir, `${url.cacheName}.git`);
  if (await exists(join(dir, 'HEAD'))) return { dir, url };
  await mkdir(reposDir, { recursive: true });
  const staging = `${dir}.init-${process.pid}-${Date.now()}`;
  await runGit(ctx, {
    args: ['init', '--quiet', '--bare', staging],
    repo: url.display,
    operation: 'init',
    timeoutMs,
  });
  try {
    await rename(staging, dir);
  } catch {
    // Another process created it first; theirs is as good as ours.
    await rm(staging, { recursive: true, force: true });
  }
  return { dir, url };
}

/** True when the mirror holds `sha` as a commit. */
export async function hasCommit(
  mirror: Mirror,
  sha: string,
  ctx: GitContext,
  timeoutMs: number,
): Promise<boolean> {
  try {
    await runGit(ctx, {
      args: ['--git-dir', mirror.dir, 'cat-file', '-e', `${sha}^{commit}`],
      repo: mirror.url.display,
      operation: 'cat-file',
      timeoutMs,
    });
    return true;
  } catch (err) {
    if (err instanceof GitCommandError) return false;
    throw err;
  }
}

/**
 * Fetches exactly one commit, shallow (depth 1): the cheapest transfer for
 * rendering one revision. Needs a server that serves unadvertised commits
 * (protocol v2 servers do); see {@link fetchAllRefs} for the fallback.
 */
export async function fetchCommit(mirror: Mirror, sha: string, s: FetchSettings): Promise<void> {
  await runGit(s.ctx, {
    args: [
      '--git-dir',
      mirror.dir,
      'fetch',
      '--quiet',
      '--no-tags',
      '--no-write-fetch-head',
      '--depth=1',
      mirror.url.gitUrl,
      `+${sha}:refs/keelson/commits/${sha}`,
    ],
    repo: mirror.url.display,
    operation: 'fetch',
    timeoutMs: s.timeoutMs,
    auth: s.auth,
  });
}

/** Fetches every branch and tag with full history (un-shallowing the mirror if needed). */
export async function fetchAllRefs(mirror: Mirror, s: FetchSettings): Promise<void> {
  const shallow = await exists(join(mirror.dir, 'shallow'));
  await runGit(s.ctx, {
    args: [
      '--git-dir',
      mirror.dir,
      'fetch',
      '--quiet',
      '--no-write-fetch-head',
      '--prune',
      ...(shallow ? ['--unshallow'] : []),
      mirror.url.gitUrl,
      '+refs/heads/*:refs/keelson/heads/*',
      '+refs/tags/*:refs/keelson/tags/*',
    ],
    repo: mirror.url.display,
    operation: 'fetch',
    timeoutMs: s.timeoutMs,
    auth: s.auth,
  });
}

/** Expands an abbreviated SHA in the mirror; undefined when unknown or ambiguous. */
export async function expandShortSha(
  mirror: Mirror,
  prefix: string,
  ctx: GitContext,
  timeoutMs: number,
): Promise<string | undefined> {
  try {
    const out = await runGit(ctx, {
      args: ['--git-dir', mirror.dir, 'rev-parse', '--verify', '--quiet', `${prefix}^{commit}`],
      repo: mirror.url.display,
      operation: 'rev-parse',
      timeoutMs,
    });
    return out.trim() || undefined;
  } catch (err) {
    if (err instanceof GitCommandError) return undefined;
    throw err;
  }
}

export async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * Paths (relative to the repository root) that differ between two commits
 * the mirror holds. Compares the two trees, so shallow mirrors without the
 * history in between work too.
 */
export async function changedFilesBetween(
  mirror: Mirror,
  from: string,
  to: string,
  ctx: GitContext,
  timeoutMs: number,
): Promise<string[]> {
  const out = await runGit(ctx, {
    args: ['--git-dir', mirror.dir, 'diff', '--name-only', '--no-renames', '-z', from, to, '--'],
    repo: mirror.url.display,
    operation: 'diff',
    timeoutMs,
  });
  return out.split('\0').filter((path) => path !== '');
}
