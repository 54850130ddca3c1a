import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';

export { GUESTBOOK_CHART } from './guestbook-chart.js';

/** This folder, for tests. */
export const TESTDATA = import.meta.dirname;

/** Reads a directory into a path → content map, as `createGitRepo({ files })` takes it. */
export async function readTree(dir: string, prefix = ''): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (current: string): Promise<void> => {
    for (const entry of await readdir(current, { withFileTypes: true })) {
      const path = join(current, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (entry.isFile())
        out[join(prefix, relative(dir, path))] = await readFile(path, 'utf8');
    }
  };
  await walk(dir);
  return out;
}

/** The same files under `prefix/`. */
export function underPrefix(
  prefix: string,
  files: Readonly<Record<string, string>>,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(files).map(([path, content]) => [join(prefix, path), content]),
  );
}

/** Writes a path → content map below `dir`. */
export async function writeFiles(
  dir: string,
  files: Readonly<Record<string, string>>,
): Promise<void> {
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), content);
  }
}
