import { redact, runTool, ToolFailedError, ToolNotFoundError } from '../exec/index.js';
import { GitCommandError } from './errors.js';
import type { GitAuth, HelperScripts } from './credentials.js';
import type { RepoTransport } from './repo-url.js';

/** Settings shared by every git call of a source. */
export interface GitContext {
  readonly gitBinary: string;
  /** Base environment (PATH, proxies); nothing else of the caller's environment leaks in. */
  readonly baseEnv: Readonly<Record<string, string | undefined>>;
  /** A private HOME for git and ssh, so no user configuration is read or written. */
  readonly home: string;
  readonly scripts: HelperScripts;
  readonly allowLocalRepos: boolean;
  /** Told about every network call (ls-remote, fetch), for metrics. */
  readonly observe?: GitObserver;
}

/** Receives the outcome of each network git call (for request counters and durations). */
export type GitObserver = (
  operation: 'ls-remote' | 'fetch',
  repo: string,
  seconds: number,
  ok: boolean,
) => void;

export interface GitCall {
  readonly args: readonly string[];
  /** Repository as shown to people (no credentials). */
  readonly repo: string;
  /** What is being done, for the error message ("ls-remote", "fetch", ...). */
  readonly operation: string;
  readonly timeoutMs: number;
  readonly cwd?: string;
  readonly auth?: GitAuth;
  readonly extraEnv?: Readonly<Record<string, string>>;
  /** Extra secrets to scrub from errors. */
  readonly secrets?: readonly string[];
}

/**
 * Options that every call gets: no background gc (objects of our mirrors are
 * kept by refs we write), no hooks, no credential helpers that could store a
 * password on disk, protocol v2 (ref filtering and fetching by SHA).
 */
const FIXED_CONFIG = [
  '-c',
  'protocol.version=2',
  '-c',
  'gc.auto=0',
  '-c',
  'maintenance.auto=false',
  '-c',
  'core.hooksPath=/dev/null',
  '-c',
  'credential.helper=',
  '-c',
  'core.symlinks=true',
  '-c',
  'advice.detachedHead=false',
];

/** Builds the environment of a git call from scratch (never the caller's whole environment). */
export function gitEnv(
  ctx: GitContext,
  call: Pick<GitCall, 'auth' | 'extraEnv'>,
): NodeJS.ProcessEnv {
  const protocols: RepoTransport[] = ['https', 'http', 'ssh'];
  if (ctx.allowLocalRepos) protocols.push('file');
  return {
    ...ctx.baseEnv,
    HOME: ctx.home,
    LC_ALL: 'C',
    LANG: 'C',
    GIT_TERMINAL_PROMPT: '0',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_ASKPASS: ctx.scripts.askpass,
    SSH_ASKPASS: ctx.scripts.askpass,
    GIT_SSH: ctx.scripts.ssh,
    GIT_SSH_VARIANT: 'ssh',
    // Defence in depth: even a transport smuggled in some other way is refused by git itself.
    GIT_ALLOW_PROTOCOL: protocols.join(':'),
    ...call.auth?.env,
    ...call.extraEnv,
  };
}

/** Runs git; on failure throws {@link GitCommandError} with credentials scrubbed. */
export async function runGit(ctx: GitContext, call: GitCall): Promise<string> {
  const started = Date.now();
  let ok = false;
  try {
    const out = await runGitOnce(ctx, call);
    ok = true;
    return out;
  } finally {
    if (call.operation === 'ls-remote' || call.operation === 'fetch') {
      ctx.observe?.(call.operation, call.repo, (Date.now() - started) / 1000, ok);
    }
  }
}

async function runGitOnce(ctx: GitContext, call: GitCall): Promise<string> {
  const secrets = [...(call.auth?.secrets ?? []), ...(call.secrets ?? [])];
  try {
    const { stdout } = await runTool(ctx.gitBinary, [...FIXED_CONFIG, ...call.args], {
      cwd: call.cwd,
      env: gitEnv(ctx, call),
      timeoutMs: call.timeoutMs,
      redact: secrets,
    });
    return stdout;
  } catch (err) {
    if (err instanceof ToolFailedError) {
      const detail = err.timedOut
        ? `timed out after ${call.timeoutMs} ms`
        : redact(cleanStderr(err.stderr), secrets) || `exit code ${err.exitCode ?? 'unknown'}`;
      throw new GitCommandError(
        call.repo,
        call.operation,
        detail,
        err.timedOut || isTransientGitFailure(err.stderr),
        err,
      );
    }
    if (err instanceof ToolNotFoundError)
      throw new GitCommandError(
        call.repo,
        call.operation,
        `${ctx.gitBinary} is not installed`,
        false,
        err,
      );
    throw err;
  }
}

/** Last few meaningful stderr lines, without git's "hint:" noise. */
function cleanStderr(stderr: string): string {
  const lines = stderr
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l) => l && !l.startsWith('hint:'));
  return lines.slice(-6).join('\n');
}

const TRANSIENT_PATTERNS = [
  /could not resolve host/i,
  /connection (refused|reset|timed out)/i,
  /operation timed out/i,
  /early EOF/i,
  /the remote end hung up unexpectedly/i,
  /RPC failed/i,
  /returned error: 5\d\d/i,
  /temporary failure in name resolution/i,
  /network is unreachable/i,
  /unable to access .*: (Failed to connect|Empty reply|Recv failure|SSL)/i,
];

const TERMINAL_PATTERNS = [
  /authentication failed/i,
  /could not read (username|password)/i,
  /permission denied/i,
  /host key verification failed/i,
  /repository not found/i,
  /not found/i,
  /returned error: 4\d\d/i,
];

/**
 * Sorts a git failure: network and server trouble may pass (transient);
 * authentication, host keys and missing repositories will not (terminal).
 */
export function isTransientGitFailure(stderr: string): boolean {
  if (TERMINAL_PATTERNS.some((p) => p.test(stderr))) return false;
  return TRANSIENT_PATTERNS.some((p) => p.test(stderr));
}
