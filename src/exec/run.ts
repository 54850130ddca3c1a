import { execFile } from 'node:child_process';
import { KeelsonError } from '../core/index.js';
import { redact } from './redact.js';

export interface RunOptions {
  readonly cwd?: string;
  /** Environment for the child; defaults to this process's environment. */
  readonly env?: NodeJS.ProcessEnv;
  /** Kill the program after this long. Required: nothing we spawn may hang forever. */
  readonly timeoutMs: number;
  /** Written to the program's standard input. */
  readonly input?: string | Buffer;
  /** Values scrubbed from error messages (passwords, tokens, keys). */
  readonly redact?: readonly string[];
  /** Largest stdout accepted, in bytes (default 256 MiB). */
  readonly maxOutputBytes?: number;
  readonly signal?: AbortSignal;
}

export interface RunResult {
  readonly stdout: string;
  readonly stderr: string;
}

/** The program is not installed (ENOENT when spawning it). */
export class ToolNotFoundError extends KeelsonError {
  constructor(readonly file: string) {
    super(`${file}: program not found on PATH`);
  }
}

/** The program ran and failed, or timed out. The message carries its (redacted) stderr. */
export class ToolFailedError extends KeelsonError {
  constructor(
    readonly file: string,
    readonly exitCode: number | null,
    readonly stderr: string,
    readonly timedOut: boolean,
    readonly description: string,
  ) {
    const why = timedOut ? 'timed out' : `exited with code ${exitCode ?? 'unknown'}`;
    const detail = stderr.trim() ? `: ${lastLines(stderr.trim(), 20)}` : '';
    super(`${description} ${why}${detail}`);
  }
}

function lastLines(text: string, count: number): string {
  const lines = text.split('\n');
  return lines.slice(Math.max(0, lines.length - count)).join('\n');
}

/**
 * Runs `file` with `args` (no shell) and resolves with its output, or rejects
 * with {@link ToolFailedError} / {@link ToolNotFoundError}.
 */
export function runTool(
  file: string,
  args: readonly string[],
  options: RunOptions,
): Promise<RunResult> {
  const secrets = options.redact;
  const description = redact([file, ...args.slice(0, 2)].join(' '), secrets);
  return new Promise((resolve, reject) => {
    const child = execFile(
      file,
      args,
      {
        cwd: options.cwd,
        env: options.env ?? process.env,
        timeout: options.timeoutMs,
        killSignal: 'SIGKILL',
        maxBuffer: options.maxOutputBytes ?? 256 * 1024 * 1024,
        encoding: 'utf8',
        signal: options.signal,
      },
      (error, stdout, stderr) => {
        if (!error) {
          resolve({ stdout, stderr });
          return;
        }
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT' && typeof (error as { path?: unknown }).path === 'string') {
          reject(new ToolNotFoundError(file));
          return;
        }
        const exit = typeof code === 'number' ? code : null;
        const timedOut = error.killed === true && error.signal === 'SIGKILL';
        reject(new ToolFailedError(file, exit, redact(stderr, secrets), timedOut, description));
      },
    );
    if (options.input !== undefined) child.stdin?.end(options.input);
    else child.stdin?.end();
  });
}
