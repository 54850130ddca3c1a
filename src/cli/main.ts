/**
 * The `keelson` command line. Each command lives in its own file and
 * registers itself on the root program.
 */
import { Command, CommanderError } from 'commander';
import { errorMessage } from '../core/index.js';
import { registerAdminCommands } from './admin.js';
import { registerAppCommands } from './app.js';
import { registerClusterCommands } from './cluster.js';
import { registerCompletionCommand } from './completion.js';
import { registerControllerCommand } from './controller.js';
import { registerDiffCommand } from './diff-local.js';
import { registerSessionCommands } from './login.js';
import { registerProjectCommands } from './proj.js';
import { registerRepoCommands } from './repo.js';
import { registerServerCommand } from './server.js';
import { registerInstallCommand, registerUninstallCommand } from './install.js';
import { registerLocalCommands } from './local.js';
import { registerRenderCommand } from './render.js';
import { VERSION } from './version.js';

export function buildProgram(): Command {
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
  registerLocalCommands(program);
  registerRenderCommand(program);
  registerInstallCommand(program);
  registerUninstallCommand(program);
  registerControllerCommand(program);
  registerServerCommand(program);
  registerAdminCommands(program);
  registerAppCommands(program);
  registerProjectCommands(program);
  registerRepoCommands(program);
  registerClusterCommands(program);
  registerSessionCommands(program);
  registerDiffCommand(program);
  registerCompletionCommand(program);
  return program;
}

/** Runs the CLI; resolves with the process exit code. */
export async function runCli(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv as string[], { from: 'user' });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode;
    process.stderr.write(`keelson: ${errorMessage(err)}\n`);
    return 1;
  }
}
