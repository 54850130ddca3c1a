/**
 * `keelson account …`: local accounts and API tokens on `keelson server`.
 * Server mode only: direct mode has no accounts (Kubernetes RBAC applies).
 */
import type { Command } from 'commander';
import { KeelsonError } from '../core/index.js';
import type { AccountOperations, AccountView, UserInfo } from '../service/index.js';
import { parseDuration } from './args.js';
import {
  ServerModeRequiredError,
  withBackend,
  withBackendOptions,
  type BackendFlags,
} from './backend.js';
import { ExitCode, reportErrors } from './exit.js';
import {
  formatData,
  formatFields,
  formatTable,
  parseOutputFormat,
  type OutputFormat,
} from './output/index.js';
import { promptSecret, readStdinLines } from './prompt.js';

const print = (text: string): void => void process.stdout.write(text);

/** Runs `use` with the server's account operations; refuses direct mode. */
function withAccounts<T>(
  flags: BackendFlags,
  use: (accounts: AccountOperations) => Promise<T>,
): Promise<T> {
  return withBackend(flags, ({ accounts }) => {
    if (!accounts)
      throw new ServerModeRequiredError(
        'account commands need keelson login (they are served by keelson server, not in direct mode)',
      );
    return use(accounts);
  });
}

async function accountName(
  accounts: AccountOperations,
  given: string | undefined,
): Promise<string> {
  if (given) return given;
  const me = await accounts.userInfo();
  if (!me.username) throw new KeelsonError('not logged in: run keelson login, or pass --account');
  return me.username;
}

function formatUserInfo(info: UserInfo): string {
  return formatFields([
    ['Logged In', info.loggedIn ? 'true' : 'false'],
    ['Username', info.username ?? ''],
    ['Groups', (info.groups ?? []).join(', ')],
    ['Via', info.via ?? ''],
  ]);
}

function formatAccount(a: AccountView): string {
  const summary = formatFields([
    ['Name', a.name],
    ['Enabled', String(a.enabled)],
    ['Capabilities', a.capabilities.join(', ')],
  ]);
  const tokens = a.tokens.length
    ? formatTable([
        ['ID', 'ISSUED AT', 'EXPIRES AT'],
        ...a.tokens.map((t) => [t.id, t.issuedAt, t.expiresAt ?? 'never']),
      ])
    : 'no tokens\n';
  return `${summary}\nTokens:\n${tokens}`;
}

/** Current and new password: prompts on a terminal (new one twice), else two lines of stdin, or the environment. */
async function passwords(): Promise<{ currentPassword: string; newPassword: string }> {
  const fromEnv = { current: process.env.KEELSON_PASSWORD, next: process.env.KEELSON_NEW_PASSWORD };
  if (fromEnv.current && fromEnv.next)
    return { currentPassword: fromEnv.current, newPassword: fromEnv.next };
  if (!process.stdin.isTTY) {
    const [currentPassword = '', newPassword = ''] = await readStdinLines([
      'current password',
      'new password',
    ]);
    return { currentPassword, newPassword };
  }
  const currentPassword = await promptSecret('Current password');
  const newPassword = await promptSecret('New password');
  if ((await promptSecret('Confirm new password')) !== newPassword)
    throw new KeelsonError('the new passwords do not match');
  return { currentPassword, newPassword };
}

type Out = { output: OutputFormat };

export function registerAccountCommands(program: Command): void {
  const account = program
    .command('account')
    .description('manage accounts and API tokens (server mode)');
  withBackendOptions(
    account
      .command('get-user-info')
      .description('show who you are logged in as')
      .option('-o, --output <format>', 'table, json or yaml', parseOutputFormat, 'table'),
  ).action(
    reportErrors(async (opts: BackendFlags & Out) => {
      const info = await withAccounts(opts, (a) => a.userInfo());
      print(
        opts.output === 'json' || opts.output === 'yaml'
          ? formatData(info, opts.output)
          : formatUserInfo(info),
      );
    }),
  );
  withBackendOptions(
    account
      .command('list')
      .description('list local accounts')
      .option('-o, --output <format>', 'table, json or yaml', parseOutputFormat, 'table'),
  ).action(
    reportErrors(async (opts: BackendFlags & Out) => {
      const list = await withAccounts(opts, (a) => a.list());
      if (opts.output === 'json' || opts.output === 'yaml')
        return print(formatData(list, opts.output));
      print(
        formatTable([
          ['NAME', 'ENABLED', 'CAPABILITIES'],
          ...list.map((a) => [a.name, String(a.enabled), a.capabilities.join(', ')]),
        ]),
      );
    }),
  );
  withBackendOptions(
    account
      .command('get')
      .description('show an account and its tokens (default: yours)')
      .option('--account <name>', 'account name (default: the logged-in one)')
      .option('-o, --output <format>', 'table, json or yaml', parseOutputFormat, 'table'),
  ).action(
    reportErrors(async (opts: BackendFlags & Out & { account?: string }) => {
      const view = await withAccounts(opts, async (a) => a.get(await accountName(a, opts.account)));
      print(
        opts.output === 'json' || opts.output === 'yaml'
          ? formatData(view, opts.output)
          : formatAccount(view),
      );
    }),
  );
  withBackendOptions(
    account
      .command('update-password')
      .description(
        'change a password: prompts on a terminal; else reads the current and new password from two lines of stdin',
      )
      .option(
        '--account <name>',
        'account (default: yours; another one needs the accounts update permission)',
      ),
  ).action(
    reportErrors(async (opts: BackendFlags & { account?: string }) => {
      const secrets = await passwords();
      await withAccounts(opts, (a) =>
        a.updatePassword({ ...(opts.account ? { name: opts.account } : {}), ...secrets }),
      );
      print('password updated\n');
    }),
  );
  registerTokenCommands(account);
}

function registerTokenCommands(account: Command): void {
  withBackendOptions(
    account
      .command('generate-token')
      .description('create an API token (printed once, on stdout) for CI')
      .option('--account <name>', 'account (default: yours)')
      .option('--id <id>', 'token id (default: generated)')
      .option(
        '--expires-in <duration>',
        'lifetime such as 30d, 12h (default: no expiry)',
        parseDuration,
      ),
  ).action(
    reportErrors(
      async (opts: BackendFlags & { account?: string; id?: string; expiresIn?: number }) => {
        const created = await withAccounts(opts, async (a) =>
          a.createToken(await accountName(a, opts.account), {
            ...(opts.id ? { id: opts.id } : {}),
            ...(opts.expiresIn ? { expiresInSeconds: opts.expiresIn } : {}),
          }),
        );
        process.stderr.write(`token '${created.id}' created; it is shown only this once\n`);
        print(`${created.token}\n`);
      },
    ),
  );
  withBackendOptions(
    account
      .command('delete-token')
      .description('revoke an API token')
      .argument('<id>')
      .option('--account <name>', 'account (default: yours)'),
  ).action(
    reportErrors(async (id: string, opts: BackendFlags & { account?: string }) => {
      await withAccounts(opts, async (a) => a.deleteToken(await accountName(a, opts.account), id));
      print(`token '${id}' deleted\n`);
    }),
  );
  withBackendOptions(
    account
      .command('can-i')
      .description(
        'check a permission: prints yes (exit 0) or no (exit 1), like kubectl auth can-i',
      )
      .argument('<action>', 'get, create, update, delete, sync, override, action …')
      .argument('<resource>', 'applications, projects, repositories, clusters, accounts, logs …')
      .argument('<object>', "object, e.g. 'default/guestbook' or '*'"),
  ).action(
    reportErrors(async (action: string, resource: string, object: string, opts: BackendFlags) => {
      const allowed = await withAccounts(opts, (a) => a.canI(resource, action, object));
      print(allowed ? 'yes\n' : 'no\n');
      if (!allowed) throw new ExitCode(1);
    }),
  );
}
