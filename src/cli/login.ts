import type { Command } from 'commander';

/** `keelson login / logout / account ...` — placeholder, being written. */
export function registerSessionCommands(program: Command): void {
  void program;
}
