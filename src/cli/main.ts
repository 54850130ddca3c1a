/**
 * The `keelson` command line. Each command lives in its own file and
 * registers itself on the root program. Command files are loaded on demand:
 * `keelson app list` loads only the app commands, not the API server or the
 * controller, which keeps a CLI call fast (CI calls it many times).
 */
import { Command, CommanderError } from 'commander';
import { errorMessage } from '../core/index.js';
import { VERSION } from './version.js';

type Register = (program: Command) => void;

/** Top-level command name → the module that registers it. */
const COMMANDS: Record<string, () => Promise<Register>> = {
  local: async () => (await import('./local.js')).registerLocalCommands,
  render: async () => (await import('./render.js')).registerRenderCommand,
  install: async () => (await import('./install.js')).registerInstallCommand,
  uninstall: async () => (await import('./install.js')).registerUninstallCommand,
  controller: async () => (await import('./controller.js')).registerControllerCommand,
  server: async () => (await import('./server.js')).registerServerCommand,
  admin: async () => (await import('./admin.js')).registerAdminCommands,
  app: async () => (await import('./app.js')).registerAppCommands,
  proj: async () => (await import('./proj.js')).registerProjectCommands,
  repo: async () => (await import('./repo.js')).registerRepoCommands,
  cluster: async () => (await import('./cluster.js')).registerClusterCommands,
  // login.ts registers login, logout and account.
  login: async () => (await import('./login.js')).registerSessionCommands,
  diff: async () => (await import('./diff-local.js')).registerDiffCommand,
  completion: async () => (await import('./completion.js')).registerCompletionCommand,
};
const ALIASES: Record<string, string> = { logout: 'login', account: 'login' };

/**
 * The program with every command (help, completion), or with only the one
 * `command` names when it is known.
 */
export async function buildProgram(command?: string): Promise<Command> {
  const program = new Command('keelson')
    .description('GitOps continuous delivery for Kubernetes')
    .version(VERSION, '-v, --version', 'print the Keelson version')
    .showHelpAfterError()
    .exitOverride();
  program
    .command('version')
    .description('print the Keelson version')
    .action(() => {
      process.stdout.write(`keelson ${VERSION}\n`);
    });
  if (command === 'version') return program;
  const key = command === undefined ? undefined : (ALIASES[command] ?? command);
  const loaders =
    key !== undefined && key !== 'completion' && COMMANDS[key]
      ? [COMMANDS[key]]
      : Object.values(COMMANDS);
  for (const register of await Promise.all(loaders.map((load) => load()))) register(program);
  return program;
}

/** Runs the CLI; resolves with the process exit code. */
export async function runCli(argv: readonly string[]): Promise<number> {
  try {
    const program = await buildProgram(argv.find((a) => !a.startsWith('-')));
    await program.parseAsync(argv as string[], { from: 'user' });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode;
    process.stderr.write(`keelson: ${errorMessage(err)}\n`);
    return 1;
  }
}
