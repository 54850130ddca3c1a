import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { runTool } from '../../exec/index.js';

/** Identity and settings for fixture commits, so no global git config is needed. */
const GIT_ENV: NodeJS.ProcessEnv = {
  GIT_AUTHOR_NAME: 'Keelson Fixture',
  GIT_AUTHOR_EMAIL: 'fixture@keelson.invalid',
  GIT_COMMITTER_NAME: 'Keelson Fixture',
  GIT_COMMITTER_EMAIL: 'fixture@keelson.invalid',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_TERMINAL_PROMPT: '0',
};

/** A real Git repository on disk that tests commit to, with a work tree. */
export interface GitRepoFixture {
  /** Work tree directory. */
  readonly dir: string;
  /** `file://` URL of the repository. */
  readonly fileUrl: string;
  /** Writes files (path relative to the repo → content) without committing. */
  write(files: Readonly<Record<string, string>>): Promise<void>;
  /** Removes files or directories from the work tree without committing. */
  remove(paths: readonly string[]): Promise<void>;
  /** Stages everything and commits; returns the new commit SHA. */
  commit(message: string, files?: Readonly<Record<string, string>>): Promise<string>;
  /** Creates a branch at HEAD (and switches to it when `checkout`). */
  branch(name: string, options?: { checkout?: boolean }): Promise<void>;
  checkout(ref: string): Promise<void>;
  /** Creates an annotated tag at HEAD. */
  tag(name: string): Promise<void>;
  /** Full SHA of a ref (default HEAD). */
  revParse(ref?: string): Promise<string>;
  git(args: readonly string[]): Promise<string>;
  /** Deletes the repository. */
  dispose(): Promise<void>;
}

export interface CreateGitRepoOptions {
  /** Directory to create the repository in; default: a new temporary directory. */
  readonly dir?: string;
  /** Name of the initial branch (default `main`). */
  readonly initialBranch?: string;
  /** Files of a first commit; none when omitted. */
  readonly files?: Readonly<Record<string, string>>;
}

/** Creates a repository with real `git`, optionally with a first commit. */
export async function createGitRepo(options: CreateGitRepoOptions = {}): Promise<GitRepoFixture> {
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), 'keelson-repo-')));
  await mkdir(dir, { recursive: true });
  const git = async (args: readonly string[]): Promise<string> =>
    (
      await runTool('git', args, {
        cwd: dir,
        env: { ...process.env, ...GIT_ENV },
        timeoutMs: 60_000,
      })
    ).stdout;
  await git(['init', '--quiet', `--initial-branch=${options.initialBranch ?? 'main'}`]);
  // Lets an HTTP fixture serve this repository directly from its work tree.
  await git(['config', 'http.receivepack', 'true']);
  const fixture: GitRepoFixture = {
    dir,
    fileUrl: `file://${dir}`,
    git,
    async write(files) {
      for (const [path, content] of Object.entries(files)) {
        const full = join(dir, path);
        await mkdir(dirname(full), { recursive: true });
        await writeFile(full, content);
      }
    },
    async remove(paths) {
      for (const path of paths) await rm(join(dir, path), { recursive: true, force: true });
    },
    async commit(message, files) {
      if (files) await fixture.write(files);
      await git(['add', '--all']);
      await git(['commit', '--quiet', '--allow-empty', '-m', message]);
      return fixture.revParse();
    },
    async branch(name, branchOptions) {
      await git(branchOptions?.checkout ? ['checkout', '--quiet', '-b', name] : ['branch', name]);
    },
    async checkout(ref) {
      await git(['checkout', '--quiet', ref]);
    },
    async tag(name) {
      await git(['tag', '-a', name, '-m', name]);
    },
    async revParse(ref = 'HEAD') {
      return (await git(['rev-parse', `${ref}^{commit}`])).trim();
    },
    async dispose() {
      await rm(dir, { recursive: true, force: true });
    },
  };
  if (options.files) await fixture.commit('initial commit', options.files);
  return fixture;
}
