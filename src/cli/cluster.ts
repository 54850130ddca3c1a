import type { Command } from 'commander';

/** `keelson cluster ...` — placeholder, being written. */
export function registerClusterCommands(program: Command): void {
  void program;
}
