import type { Command } from 'commander';

/** `keelson diff --local` — placeholder, being written. */
export function registerDiffCommand(program: Command): void {
  void program;
}
