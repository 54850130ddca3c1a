import { runTool, ToolFailedError, ToolNotFoundError } from '../exec/index.js';
import { RenderTimeoutError, RenderToolError } from './errors.js';

export interface ToolRun {
  readonly binary: string;
  readonly args: readonly string[];
  /** Application path, for messages. */
  readonly path: string;
  /** Tool and verb, for messages ("kustomize build", "helm template"). */
  readonly what: string;
  readonly env: NodeJS.ProcessEnv;
  readonly deadline: number;
  readonly timeoutMs: number;
  readonly maxOutputBytes: number;
  /** Absolute paths replaced by their short names in error messages (checkout root → `.`). */
  readonly pathsToShorten?: readonly (readonly [string, string])[];
}

/** Runs helm or kustomize within the render's deadline; failures become {@link RenderToolError}. */
export async function runRenderTool(run: ToolRun): Promise<string> {
  const left = run.deadline - Date.now();
  if (left <= 0) throw new RenderTimeoutError(run.path, run.timeoutMs);
  try {
    const { stdout } = await runTool(run.binary, run.args, {
      env: run.env,
      timeoutMs: left,
      maxOutputBytes: run.maxOutputBytes,
    });
    return stdout;
  } catch (err) {
    if (err instanceof ToolFailedError) {
      if (err.timedOut) throw new RenderTimeoutError(run.path, run.timeoutMs);
      let detail = err.stderr.trim() || `exit code ${err.exitCode ?? 'unknown'}`;
      if (
        /maxBuffer|stdout maxBuffer length exceeded/i.test(detail) ||
        (err.exitCode === null && !detail)
      )
        detail = `output larger than ${run.maxOutputBytes} bytes`;
      for (const [long, short] of run.pathsToShorten ?? []) detail = detail.split(long).join(short);
      throw new RenderToolError(run.path, run.what, detail, { cause: err });
    }
    if (err instanceof ToolNotFoundError)
      throw new RenderToolError(run.path, run.what, `${run.binary} not found`, { cause: err });
    if (err instanceof RangeError || /maxBuffer/i.test((err as Error).message))
      throw new RenderToolError(
        run.path,
        run.what,
        `output larger than ${run.maxOutputBytes} bytes`,
        { cause: err },
      );
    throw err;
  }
}

/** Only the variables named, taken from `env`. */
export function pickEnv(
  env: Readonly<Record<string, string | undefined>>,
  names: readonly string[],
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of names) {
    const value = env[name];
    if (value !== undefined) out[name] = value;
  }
  return out;
}
