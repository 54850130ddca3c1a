import type { Command } from 'commander';

/** `keelson app ...` — placeholder, being written. */
export function registerAppCommands(program: Command): void {
  void program;
}
