/**
 * Reading secrets and confirmations from the user. Passwords never come from
 * command-line arguments (they would show in `ps` and shell history): from
 * stdin (`--password-stdin`), an environment variable, or a prompt on the
 * terminal with echo off.
 */
import { createInterface } from 'node:readline/promises';
import { KeelsonError } from '../core/index.js';

/** No secret could be read (empty input, or no terminal to ask on). */
export class SecretInputError extends KeelsonError {}

/** The first line of stdin, without its line break (as `docker login --password-stdin`). */
export async function readStdinLine(what: string): Promise<string> {
  const [line] = await readStdinLines([what]);
  return line ?? '';
}

/** One non-empty line of stdin per item of `what` (stdin can be read only once). */
export async function readStdinLines(what: readonly string[]): Promise<string[]> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk as Uint8Array));
  const lines = Buffer.concat(chunks).toString('utf8').split(/\r?\n/);
  return what.map((w, i) => {
    const line = lines[i];
    if (!line) throw new SecretInputError(`expected the ${w} on line ${i + 1} of stdin`);
    return line;
  });
}

/**
 * Asks for a secret on the terminal without echoing it: raw mode, reading
 * key by key; Enter ends, Backspace erases, Ctrl-C or Ctrl-D aborts. The
 * prompt goes to stderr so stdout stays clean for scripts.
 */
export function promptSecret(prompt: string): Promise<string> {
  const stdin = process.stdin;
  if (!stdin.isTTY)
    throw new SecretInputError(`cannot prompt for ${prompt}: stdin is not a terminal`);
  process.stderr.write(`${prompt}: `);
  return new Promise((resolve, reject) => {
    let value = '';
    const finish = (error?: Error): void => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (data: Buffer): void => {
      for (const char of data.toString('utf8')) {
        if (char === '\r' || char === '\n') return finish();
        if (char === '\u0003' || char === '\u0004')
          return finish(new SecretInputError(`${prompt}: aborted`));
        if (char === '\u007f' || char === '\b') value = value.slice(0, -1);
        else value += char;
      }
    };
    stdin.setRawMode(true);
    stdin.resume();
    stdin.on('data', onData);
  });
}

/** Where a secret may come from, in order of precedence. */
export interface SecretSources {
  /** What is asked for, e.g. `Password`. */
  readonly prompt: string;
  /** `--password-stdin` was given. */
  readonly fromStdin?: boolean;
  /** An environment variable holding it, e.g. `KEELSON_PASSWORD`. */
  readonly envVar?: string;
}

/** `--password-stdin`, else the environment variable, else a prompt on a terminal, else stdin. */
export async function readSecret(sources: SecretSources): Promise<string> {
  if (sources.fromStdin) return readStdinLine(sources.prompt.toLowerCase());
  const fromEnv = sources.envVar ? process.env[sources.envVar] : undefined;
  if (fromEnv) return fromEnv;
  if (process.stdin.isTTY) {
    const value = await promptSecret(sources.prompt);
    if (!value) throw new SecretInputError(`${sources.prompt}: empty`);
    return value;
  }
  return readStdinLine(sources.prompt.toLowerCase());
}

/** Asks a yes/no question on the terminal; anything but y/yes is no. */
export async function confirm(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await rl.question(`${question} [y/N] `);
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}
