import type { Command } from 'commander';

/** `keelson admin initial-password` — placeholder, being written. */
export function registerAdminCommands(program: Command): void {
  void program;
}
