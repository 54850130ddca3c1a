/**
 * Runs the built `keelson` binary (bin/keelson.js → dist/, `npm run build`
 * first) as a user would: own environment, optional stdin, exit code and
 * output captured. Used by the CLI end-to-end tests.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';

export const KEELSON_BIN = join(import.meta.dirname, '..', '..', '..', 'bin', 'keelson.js');

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliRunOptions {
  readonly env: NodeJS.ProcessEnv;
  /** Written to stdin, which is then closed (stdin is empty and closed otherwise). */
  readonly input?: string;
  readonly cwd?: string;
  readonly timeoutMs?: number;
}

export function runKeelson(args: readonly string[], options: CliRunOptions): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [KEELSON_BIN, ...args], {
      env: options.env,
      cwd: options.cwd,
      stdio: ['pipe', 'pipe', 'pipe'],
      timeout: options.timeoutMs ?? 180_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) =>
      resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr }),
    );
    child.stdin.end(options.input ?? '');
  });
}

/** The rows of a kubectl-style table, split on runs of 3+ spaces (the column gap). */
export function tableRows(text: string): string[][] {
  return text
    .trim()
    .split('\n')
    .map((line) => line.split(/\s{3,}/));
}

/** `process.env` without the named variables. */
export function omitEnv(names: readonly string[]): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !names.includes(k)));
}
