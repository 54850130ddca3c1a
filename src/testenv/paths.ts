import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where Keelson keeps files on the user's machine. Environment variables are
 * read here, at the edge, and nowhere deeper (STYLE.md).
 */
export function cacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  if (env.KEELSON_CACHE_DIR) return env.KEELSON_CACHE_DIR;
  const base = env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'keelson');
}

/** Root for the state of named local clusters (`keelson local up`). */
export function stateRoot(env: NodeJS.ProcessEnv = process.env): string {
  if (env.KEELSON_STATE_DIR) return env.KEELSON_STATE_DIR;
  const base = env.XDG_STATE_HOME || join(homedir(), '.local', 'state');
  return join(base, 'keelson');
}

/** The repository root (where package.json and tools/ live), from source or from dist/. */
export function packageRoot(): string {
  // this file is src/testenv/paths.ts or dist/testenv/paths.js: two levels below the root
  return fileURLToPath(new URL('../../', import.meta.url));
}
