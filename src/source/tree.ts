import { randomBytes } from 'node:crypto';
import { chmod, lstat, mkdir, readdir, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { runGit, type GitContext } from './git-run.js';
import type { Mirror } from './mirror.js';

/** A gitlink (submodule commit) recorded in a tree. */
export interface Gitlink {
  readonly path: string;
  readonly sha: string;
}

/** A submodule declared in `.gitmodules`. */
export interface SubmoduleDecl {
  readonly path: string;
  readonly url: string;
}

/**
 * Writes the files of commit `sha` into the empty directory `dir`, using a
 * private index file so that several trees of one mirror can be written at
 * once. Symlinks stay symlinks: rendering resolves them and refuses any that
 * point outside the tree.
 */
export async function writeTree(
  mirror: Mirror,
  sha: string,
  dir: string,
  ctx: GitContext,
  timeoutMs: number,
): Promise<void> {
  const index = `${dir}.index`;
  await mkdir(dir, { recursive: true });
  try {
    await runGit(ctx, {
      args: ['--git-dir', mirror.dir, '--work-tree', dir, 'read-tree', '--reset', '-u', sha],
      repo: mirror.url.display,
      operation: `checkout of ${sha}`,
      timeoutMs,
      extraEnv: { GIT_INDEX_FILE: index },
    });
  } finally {
    await rm(index, { force: true });
  }
}

/** Lists the submodule commits (gitlinks) of `sha`. */
export async function listGitlinks(
  mirror: Mirror,
  sha: string,
  ctx: GitContext,
  timeoutMs: number,
): Promise<Gitlink[]> {
  const out = await runGit(ctx, {
    args: ['--git-dir', mirror.dir, 'ls-tree', '-r', '-z', sha],
    repo: mirror.url.display,
    operation: 'ls-tree',
    timeoutMs,
  });
  const links: Gitlink[] = [];
  for (const entry of out.split('\0')) {
    const match = /^160000 commit ([0-9a-f]+)\t(.+)$/s.exec(entry);
    if (match?.[1] && match[2]) links.push({ sha: match[1], path: match[2] });
  }
  return links;
}

/** Reads `.gitmodules` of `sha` (path and URL of each submodule); empty when there is none. */
export async function readSubmodules(
  mirror: Mirror,
  sha: string,
  ctx: GitContext,
  timeoutMs: number,
): Promise<SubmoduleDecl[]> {
  let out: string;
  try {
    out = await runGit(ctx, {
      args: [
        '--git-dir',
        mirror.dir,
        'config',
        '--blob',
        `${sha}:.gitmodules`,
        '-z',
        '--get-regexp',
        '^submodule\\.',
      ],
      repo: mirror.url.display,
      operation: 'reading .gitmodules',
      timeoutMs,
    });
  } catch {
    return [];
  }
  const byName = new Map<string, { path?: string; url?: string }>();
  for (const record of out.split('\0')) {
    const newline = record.indexOf('\n');
    if (newline < 0) continue;
    const key = record.slice(0, newline);
    const value = record.slice(newline + 1);
    const match = /^submodule\.(.+)\.(path|url)$/.exec(key);
    if (!match?.[1] || !match[2]) continue;
    const entry = byName.get(match[1]) ?? {};
    if (match[2] === 'path') entry.path = value;
    else entry.url = value;
    byName.set(match[1], entry);
  }
  return [...byName.values()].flatMap((e) =>
    e.path && e.url ? [{ path: e.path, url: e.url }] : [],
  );
}

/** A fresh, unique staging directory next to `finalDir`. */
export function stagingDirFor(finalDir: string): string {
  return join(dirname(finalDir), `.staging-${randomBytes(6).toString('hex')}`);
}

/**
 * Makes a staged tree read-only and moves it into place. If another task
 * published the same tree first, the staged copy is discarded: both are the
 * same commit, so either is correct.
 */
export async function publishTree(staging: string, finalDir: string): Promise<void> {
  await makeReadOnly(staging);
  try {
    await rename(staging, finalDir);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw err;
    await removeTree(staging);
  }
}

/** Files 0444, directories 0555; symlinks are left alone. */
export async function makeReadOnly(dir: string): Promise<void> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await makeReadOnly(path);
    else if (entry.isFile()) await chmod(path, 0o444);
  }
  await chmod(dir, 0o555);
}

/** Removes a (possibly read-only) tree. */
export async function removeTree(dir: string): Promise<void> {
  const info = await lstat(dir).catch(() => undefined);
  if (!info) return;
  if (info.isDirectory()) {
    await chmod(dir, 0o755);
    for (const entry of await readdir(dir, { withFileTypes: true }))
      if (entry.isDirectory()) await removeTree(join(dir, entry.name));
  }
  await rm(dir, { recursive: true, force: true });
}
