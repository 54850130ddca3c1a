import { MissingPrerequisiteError } from '../core/index.js';
import { runTool, ToolNotFoundError } from '../exec/index.js';

/** Oldest Go toolchain that satisfies every `go` directive under tools/. */
const MIN_GO = [1, 24] as const;

/** Checks that `git` is installed. */
export async function ensureGit(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  await probe('git', ['--version'], 'install git, e.g. `apt-get install git`', env);
}

/** Checks that `openssl` is installed (used to make the local cluster's certificates). */
export async function ensureOpenssl(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  await probe('openssl', ['version'], 'install openssl, e.g. `apt-get install openssl`', env);
}

/** Checks that a Go toolchain new enough to build the pinned tools is installed. */
export async function ensureGo(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const hint = `install Go ${MIN_GO.join('.')} or newer from https://go.dev/dl (needed once, to build kube-apiserver, etcd, helm, ...), or set KEELSON_BIN_DIR to a directory holding those binaries`;
  const out = await probe('go', ['version'], hint, env);
  const match = /go(\d+)\.(\d+)/.exec(out);
  const major = Number(match?.[1] ?? 0);
  const minor = Number(match?.[2] ?? 0);
  if (major < MIN_GO[0] || (major === MIN_GO[0] && minor < MIN_GO[1])) {
    throw new MissingPrerequisiteError(`go >= ${MIN_GO.join('.')} (found ${out.trim()})`, hint);
  }
}

async function probe(
  file: string,
  args: readonly string[],
  hint: string,
  env: NodeJS.ProcessEnv,
): Promise<string> {
  try {
    const { stdout } = await runTool(file, args, { timeoutMs: 30_000, env });
    return stdout;
  } catch (err) {
    if (err instanceof ToolNotFoundError) throw new MissingPrerequisiteError(file, hint);
    throw err;
  }
}
