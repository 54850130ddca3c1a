/**
 * Exit codes and error reporting of the resource commands. An action wrapped
 * by {@link reportErrors} prints `keelson: <message>` (with a hint for 401
 * and 403) and ends with a {@link CommanderError}, which `runCli` turns into
 * the exit code without printing again.
 *
 * Exit codes: 0 success; 1 error (and, for diff commands, "differences
 * found"); 2 error of a diff command, or a time-out of `app wait` / `app sync`.
 */
import { CommanderError, type Command } from 'commander';
import { errorMessage } from '../core/index.js';
import { BackendError } from '../service/index.js';

/** Ends the command with `code` and no further message (the command printed what it had to say). */
export class ExitCode extends CommanderError {
  constructor(code: number, message = '') {
    super(code, 'keelson.exit', message);
  }
}

/** The one-line message for an error, with what to do about 401 and 403. */
export function describeError(err: unknown): string {
  const message = errorMessage(err);
  if (err instanceof BackendError && err.status === 401 && !message.includes('keelson login'))
    return `${message} (run keelson login)`;
  if (err instanceof BackendError && err.status === 403 && !message.startsWith('permission denied'))
    return `permission denied: ${message}`;
  return message;
}

/** An error that carries its own exit code (a time-out exits 2). */
function exitCodeOf(err: unknown): number | undefined {
  if (typeof err !== 'object' || err === null || !('exitCode' in err)) return undefined;
  return typeof err.exitCode === 'number' ? err.exitCode : undefined;
}

/** Wraps a command action: errors are printed once and end the process with `code` (default 1). */
export function reportErrors<A extends unknown[]>(
  action: (...args: A) => Promise<void>,
  code = 1,
): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await action(...args);
    } catch (err) {
      if (err instanceof CommanderError) throw err;
      process.stderr.write(`keelson: ${describeError(err)}\n`);
      throw new ExitCode(exitCodeOf(err) ?? code);
    }
  };
}

/**
 * Makes usage errors of a diff command (unknown option, bad value) exit 2
 * like its other errors, since 1 means "differences found" there.
 */
export function usageErrorsExit2(command: Command): Command {
  return command.exitOverride((err) => {
    if (err.exitCode === 1) throw new CommanderError(2, err.code, err.message);
    throw err;
  });
}
