import type { Command } from 'commander';

/** `keelson server (API server + web UI)` — placeholder, being written. */
export function registerServerCommand(program: Command): void {
  void program;
}
