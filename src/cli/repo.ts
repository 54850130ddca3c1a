/**
 * `keelson repo …`: repository credentials, stored by the backend as
 * labelled Secrets (Argo CD's format). Secrets come from stdin, the
 * environment or a key file, never from arguments, and are never printed.
 */
import { readFile } from 'node:fs/promises';
import { InvalidArgumentError, type Command } from 'commander';
import { KeelsonError, errorMessage } from '../core/index.js';
import type { RepositoryRequest, RepositoryView } from '../service/index.js';
import { withBackend, withBackendOptions, type BackendFlags } from './backend.js';
import { reportErrors } from './exit.js';
import {
  formatData,
  formatFields,
  formatTable,
  parseOutputFormat,
  type OutputFormat,
} from './output/index.js';
import { readStdinLine } from './prompt.js';

const print = (text: string): void => void process.stdout.write(text);

/** The environment variable `repo add` takes a password from (for CI). */
export const REPO_PASSWORD_ENV = 'KEELSON_REPO_PASSWORD';

interface RepoAddOptions extends BackendFlags {
  readonly type: 'git' | 'helm';
  readonly name?: string;
  readonly project?: string;
  readonly username?: string;
  readonly passwordStdin?: boolean;
  readonly sshPrivateKeyPath?: string;
  readonly credsTemplate?: boolean;
  readonly upsert?: boolean;
}

/** Contradictory or incomplete credentials. */
export class RepoFlagsError extends KeelsonError {}

function parseRepoType(value: string): 'git' | 'helm' {
  if (value === 'git' || value === 'helm') return value;
  throw new InvalidArgumentError('expected git or helm');
}

/** Where the password comes from: `--password-stdin`, else `$KEELSON_REPO_PASSWORD`, else none. */
async function passwordFor(opts: RepoAddOptions): Promise<string | undefined> {
  if (opts.passwordStdin) return readStdinLine('password');
  return process.env[REPO_PASSWORD_ENV] || undefined;
}

async function sshKeyFor(opts: RepoAddOptions): Promise<string | undefined> {
  if (!opts.sshPrivateKeyPath) return undefined;
  try {
    return await readFile(opts.sshPrivateKeyPath, 'utf8');
  } catch (err) {
    // The message names the file, never its content.
    throw new RepoFlagsError(
      `cannot read SSH private key ${opts.sshPrivateKeyPath}: ${errorMessage(err)}`,
    );
  }
}

/** The request `repo add URL …` makes. */
export async function repositoryRequest(
  url: string,
  opts: RepoAddOptions,
): Promise<RepositoryRequest> {
  const password = await passwordFor(opts);
  const sshPrivateKey = await sshKeyFor(opts);
  if (opts.passwordStdin && !opts.username)
    throw new RepoFlagsError('repo add: --password-stdin needs --username');
  if (password && sshPrivateKey)
    throw new RepoFlagsError('repo add: give a password or an SSH private key, not both');
  return {
    url,
    type: opts.type,
    ...(opts.name ? { name: opts.name } : {}),
    ...(opts.project ? { project: opts.project } : {}),
    ...(opts.username ? { username: opts.username } : {}),
    ...(password ? { password } : {}),
    ...(sshPrivateKey ? { sshPrivateKey } : {}),
    ...(opts.credsTemplate ? { credentialTemplate: true } : {}),
    ...(opts.upsert ? { upsert: true } : {}),
  };
}

function formatRepositories(repos: readonly RepositoryView[]): string {
  return formatTable([
    ['TYPE', 'NAME', 'REPO', 'PROJECT', 'CREDS', 'USER', 'SECRET'],
    ...repos.map((r) => [
      r.type,
      r.name ?? '',
      r.url,
      r.project ?? '',
      r.hasCredentials ? (r.credentialType === 'repo-creds' ? 'template' : 'yes') : 'no',
      r.username ?? '',
      r.secretName,
    ]),
  ]);
}

function formatRepository(r: RepositoryView): string {
  return formatFields([
    ['Repo', r.url],
    ['Type', r.type],
    ['Name', r.name ?? ''],
    ['Project', r.project ?? ''],
    ['Credential Type', r.credentialType],
    ['Has Credentials', r.hasCredentials ? 'yes' : 'no'],
    ['Username', r.username ?? ''],
    ['Secret', r.secretName],
  ]);
}

export function registerRepoCommands(program: Command): void {
  const repo = program.command('repo').description('manage repository credentials');
  withBackendOptions(
    repo
      .command('add')
      .description(
        `add a repository or a credential template; the password comes from --password-stdin or $${REPO_PASSWORD_ENV}`,
      )
      .argument('<url>', 'repository URL (a URL prefix with --creds-template)')
      .option('--type <type>', 'git or helm', parseRepoType, 'git')
      .option('--name <name>', 'display name')
      .option('--project <project>', 'project the repository belongs to')
      .option('--username <user>', 'user name for HTTPS')
      .option('--password-stdin', 'read the password (or token) from the first line of stdin')
      .option('--ssh-private-key-path <file>', 'SSH private key file')
      .option('--creds-template', 'credentials for every repository under URL (repo-creds)')
      .option('--upsert', 'replace an existing entry'),
  ).action(
    reportErrors(async (url: string, opts: RepoAddOptions) => {
      const request = await repositoryRequest(url, opts);
      const view = await withBackend(opts, ({ backend }) => backend.repositories.add(request));
      print(`repository '${view.url}' added (Secret ${view.secretName})\n`);
    }),
  );
  withBackendOptions(
    repo
      .command('list')
      .description('list repositories (never their credentials)')
      .option('-o, --output <format>', 'table, json or yaml', parseOutputFormat, 'table'),
  ).action(
    reportErrors(async (opts: BackendFlags & { output: OutputFormat }) => {
      const repos = await withBackend(opts, ({ backend }) => backend.repositories.list());
      if (opts.output === 'json' || opts.output === 'yaml') print(formatData(repos, opts.output));
      else if (opts.output === 'name') print(repos.map((r) => `${r.url}\n`).join(''));
      else print(formatRepositories(repos));
    }),
  );
  withBackendOptions(
    repo
      .command('get')
      .description('show a repository')
      .argument('<url>')
      .option('-o, --output <format>', 'table, json or yaml', parseOutputFormat, 'table'),
  ).action(
    reportErrors(async (url: string, opts: BackendFlags & { output: OutputFormat }) => {
      const view = await withBackend(opts, ({ backend }) => backend.repositories.get(url));
      if (opts.output === 'json' || opts.output === 'yaml') print(formatData(view, opts.output));
      else print(formatRepository(view));
    }),
  );
  withBackendOptions(
    repo
      .command('rm')
      .alias('remove')
      .description('remove a repository and its credentials')
      .argument('<url>'),
  ).action(
    reportErrors(async (url: string, opts: BackendFlags) => {
      await withBackend(opts, ({ backend }) => backend.repositories.remove(url));
      print(`repository '${url}' removed\n`);
    }),
  );
}
