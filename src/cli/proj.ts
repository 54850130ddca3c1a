import type { Command } from 'commander';

/** `keelson proj ...` — placeholder, being written. */
export function registerProjectCommands(program: Command): void {
  void program;
}
