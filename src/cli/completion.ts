import type { Command } from 'commander';

/** `keelson completion bash|zsh` — placeholder, being written. */
export function registerCompletionCommand(program: Command): void {
  void program;
}
