/**
 * The CLI's local configuration: where `keelson login` keeps the servers it
 * logged in to and their session tokens. `$KEELSON_CONFIG`, else
 * `$XDG_CONFIG_HOME/keelson/config.json`, else `~/.config/keelson/config.json`.
 * The file holds tokens, so it is written with mode 0600 (its directory 0700)
 * and replaced atomically (write to a temporary file, then rename).
 */
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { KeelsonError, errorMessage, isRecord } from '../core/index.js';

/** One server the user logged in to (Argo CD's context). */
export interface CliContext {
  /** The context name; the server's host:port by default. */
  readonly name: string;
  /** Base URL of `keelson server`, e.g. `https://keelson.example.com`. */
  readonly server: string;
  /** Session or API token; absent after `keelson logout`. */
  readonly token?: string;
  /** Who logged in (for display only). */
  readonly user?: string;
}

export interface CliConfig {
  readonly contexts: readonly CliContext[];
  readonly currentContext?: string;
}

/** The config file is unreadable or malformed. */
export class CliConfigError extends KeelsonError {}

/** Where the config file lives for this environment. */
export function configPath(env: NodeJS.ProcessEnv): string {
  if (env.KEELSON_CONFIG) return env.KEELSON_CONFIG;
  const base = env.XDG_CONFIG_HOME || join(homedir(), '.config');
  return join(base, 'keelson', 'config.json');
}

/** Reads the config file; a missing file is an empty configuration. */
export async function readCliConfig(path: string): Promise<CliConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { contexts: [] };
    throw new CliConfigError(`cannot read ${path}: ${errorMessage(err)}`, { cause: err });
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new CliConfigError(`${path} is not valid JSON: ${errorMessage(err)}`, { cause: err });
  }
  return parseCliConfig(data, path);
}

function parseCliConfig(data: unknown, path: string): CliConfig {
  if (!isRecord(data) || (data.contexts !== undefined && !Array.isArray(data.contexts)))
    throw new CliConfigError(`${path}: expected {"contexts": [...], "current-context": "..."}`);
  const contexts = ((data.contexts as unknown[] | undefined) ?? []).map((c, i) => {
    if (!isRecord(c) || typeof c.name !== 'string' || typeof c.server !== 'string')
      throw new CliConfigError(`${path}: contexts[${i}] needs a name and a server`);
    return {
      name: c.name,
      server: c.server,
      ...(typeof c.token === 'string' && c.token ? { token: c.token } : {}),
      ...(typeof c.user === 'string' ? { user: c.user } : {}),
    };
  });
  const current = data['current-context'];
  return {
    contexts,
    ...(typeof current === 'string' && current ? { currentContext: current } : {}),
  };
}

/** Writes the config file with mode 0600, creating its directory with mode 0700. */
export async function writeCliConfig(path: string, config: CliConfig): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const body = {
    contexts: config.contexts,
    ...(config.currentContext ? { 'current-context': config.currentContext } : {}),
  };
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(body, null, 2)}\n`, { mode: 0o600 });
  // `mode` applies only when the file is created; make sure of it anyway.
  await chmod(temporary, 0o600);
  await rename(temporary, path);
}

/** The context in use, if any. */
export function currentContext(config: CliConfig): CliContext | undefined {
  return config.contexts.find((c) => c.name === config.currentContext);
}

/** Adds or replaces a context (by name) and makes it the current one. */
export function withContext(config: CliConfig, context: CliContext): CliConfig {
  return {
    contexts: [...config.contexts.filter((c) => c.name !== context.name), context],
    currentContext: context.name,
  };
}

/** Drops a context's token (logout); the context itself stays, so `keelson login` can reuse it. */
export function withoutToken(config: CliConfig, name: string): CliConfig {
  return {
    ...config,
    contexts: config.contexts.map((c) =>
      c.name === name ? { name: c.name, server: c.server, ...(c.user ? { user: c.user } : {}) } : c,
    ),
  };
}

/** The default context name for a server URL: its host and port (`keelson.example.com:443` → `keelson.example.com`). */
export function contextNameFor(server: string): string {
  try {
    return new URL(server).host || server;
  } catch {
    return server;
  }
}
