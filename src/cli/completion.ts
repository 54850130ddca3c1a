/**
 * `keelson completion bash|zsh|fish`: prints a completion script built from
 * the program's own command tree (completion-scripts.ts).
 */
import { InvalidArgumentError, type Command } from 'commander';
import { completionScript, type CommandSpec, type Shell } from './completion-scripts.js';

/** The completion view of a commander command and its subcommands. */
export function commandSpec(command: Command): CommandSpec {
  const options = command.options
    .filter((o) => o.long && !o.hidden)
    .map((o) => ({ flag: o.long ?? '', description: o.description }));
  return {
    name: command.name(),
    description: command.description(),
    options: [...options, { flag: '--help', description: 'display help' }],
    subcommands: command.commands.map(commandSpec),
  };
}

function parseShell(value: string): Shell {
  if (value === 'bash' || value === 'zsh' || value === 'fish') return value;
  throw new InvalidArgumentError('expected bash, zsh or fish');
}

/** The root command of `command`. */
function rootOf(command: Command): Command {
  let root = command;
  while (root.parent) root = root.parent;
  return root;
}

export function registerCompletionCommand(program: Command): void {
  program
    .command('completion')
    .description('print a shell completion script: source <(keelson completion bash)')
    .argument('<shell>', 'bash, zsh or fish', parseShell)
    .action((shell: Shell, _opts: unknown, command: Command) => {
      process.stdout.write(completionScript(shell, commandSpec(rootOf(command))));
    });
}
