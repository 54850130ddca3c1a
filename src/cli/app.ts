/**
 * `keelson app …`: create, inspect, sync, wait for, roll back and delete
 * Applications, in direct or server mode (see backend.ts). Modelled on
 * Argo CD's `argocd app`; each group of subcommands lives in its own file.
 */
import type { Command } from 'commander';
import { registerAppCreate } from './app-create.js';
import { registerAppEditCommands } from './app-edit.js';
import { registerAppOperationCommands } from './app-ops.js';
import { registerAppReadCommands } from './app-read.js';

export function registerAppCommands(program: Command): void {
  const app = program
    .command('app')
    .description(
      'manage applications: create, list, get, diff, sync, wait, history, rollback, delete',
    );
  registerAppCreate(app);
  registerAppReadCommands(app);
  registerAppOperationCommands(app);
  registerAppEditCommands(app);
}
