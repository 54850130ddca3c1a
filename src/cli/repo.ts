import type { Command } from 'commander';

/** `keelson repo ...` — placeholder, being written. */
export function registerRepoCommands(program: Command): void {
  void program;
}
