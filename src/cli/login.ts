/**
 * `keelson login`, `keelson logout` and `keelson account …`: sessions with
 * `keelson server`, kept in the CLI config file (config.ts). Passwords come
 * from a prompt with echo off, stdin or `$KEELSON_PASSWORD`, never from
 * arguments; tokens are stored in the 0600 config file, never printed
 * (except the one `account generate-token` creates, which is its purpose).
 */
import type { Command } from 'commander';
import { login, logout } from '../client/index.js';
import { KeelsonError, errorMessage } from '../core/index.js';
import { registerAccountCommands } from './account.js';
import {
  configPath,
  contextNameFor,
  readCliConfig,
  withContext,
  withoutToken,
  writeCliConfig,
} from './config.js';
import { reportErrors } from './exit.js';
import { readSecret } from './prompt.js';

/** The environment variable `keelson login` reads the password from (for CI). */
export const PASSWORD_ENV = 'KEELSON_PASSWORD';

interface LoginOptions {
  readonly username: string;
  readonly passwordStdin?: boolean;
  readonly name?: string;
}

/** `keelson.example.com` → `https://keelson.example.com`; URLs stay as given (without a trailing slash). */
export function normalizeServer(server: string): string {
  const url = /^[a-z][a-z0-9+.-]*:\/\//i.test(server) ? server : `https://${server}`;
  return url.replace(/\/+$/, '');
}

export function registerSessionCommands(program: Command): void {
  program
    .command('login')
    .description('log in to a Keelson API server and make it the current context')
    .argument('<server>', 'API server URL (https:// is assumed without a scheme)')
    .option('--username <name>', 'local account', 'admin')
    .option(
      '--password-stdin',
      `read the password from stdin (else $${PASSWORD_ENV}, else a prompt)`,
    )
    .option('--name <context>', 'context name (default: the server host)')
    .action(
      reportErrors(async (serverArg: string, opts: LoginOptions) => {
        const server = normalizeServer(serverArg);
        const password = await readSecret({
          prompt: 'Password',
          fromStdin: opts.passwordStdin ?? false,
          envVar: PASSWORD_ENV,
        });
        const token = await login(server, { username: opts.username, password });
        const path = configPath(process.env);
        const name = opts.name ?? contextNameFor(server);
        const config = withContext(await readCliConfig(path), {
          name,
          server,
          token,
          user: opts.username,
        });
        await writeCliConfig(path, config);
        process.stdout.write(
          `'${opts.username}' logged in successfully\ncontext '${name}' updated\n`,
        );
      }),
    );

  program
    .command('logout')
    .description('end the session of a context (default: the current one) and forget its token')
    .argument('[context]', 'context name')
    .action(
      reportErrors(async (contextArg: string | undefined) => {
        const path = configPath(process.env);
        const config = await readCliConfig(path);
        const name = contextArg ?? config.currentContext;
        const context = config.contexts.find((c) => c.name === name);
        if (!name || !context)
          throw new KeelsonError(name ? `no context named ${name}` : 'not logged in');
        if (context.token) {
          // Best effort: the token is forgotten locally even if the server cannot revoke it now.
          await logout(context.server, context.token).catch((err: unknown) =>
            process.stderr.write(
              `keelson: warning: could not revoke the session on ${context.server}: ${errorMessage(err)}\n`,
            ),
          );
        }
        await writeCliConfig(path, withoutToken(config, name));
        process.stdout.write(`logged out from '${name}'\n`);
      }),
    );

  registerAccountCommands(program);
}
