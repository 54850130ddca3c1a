import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { extname, join, relative, sep } from 'node:path';
import picomatch from 'picomatch';
import { isWithin, PathEscapeError, type ApplicationSourceDirectory } from '../source/index.js';
import { ManifestTooLargeError, RenderTimeoutError } from './errors.js';
import { parseManifestYaml } from './parse-yaml.js';
import type { RenderedManifest, RenderOptions } from './types.js';

const MANIFEST_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

export interface DirectoryRender {
  /** Real path of the repository root. */
  readonly root: string;
  /** Real path of the application directory. */
  readonly appDir: string;
  readonly options: ApplicationSourceDirectory;
  readonly limits: RenderOptions;
  /** Epoch milliseconds after which the render fails. */
  readonly deadline: number;
}

/**
 * Plain manifests: every `.yaml`, `.yml` and `.json` file of the directory
 * (and, with `recurse`, of its subdirectories), in path order, each possibly
 * holding several documents. Hidden files and directories (`.git`, `.github`,
 * …) are skipped. Symlinks are followed only while they stay inside the
 * repository; a link leading outside is an error, not a silent skip.
 */
export async function renderDirectory(r: DirectoryRender): Promise<RenderedManifest[]> {
  const include = matcher(r.options.include);
  const exclude = matcher(r.options.exclude);
  const out: RenderedManifest[] = [];
  const visited = new Set<string>();

  const walk = async (dir: string): Promise<void> => {
    if (visited.has(dir)) return; // a symlink loop
    visited.add(dir);
    const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
    );
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      if (Date.now() > r.deadline)
        throw new RenderTimeoutError(rel(r.root, r.appDir), r.limits.timeoutMs);
      const path = join(dir, entry.name);
      const real = entry.isSymbolicLink() ? await resolveLink(r.root, path) : path;
      if (real === undefined) continue; // dangling link
      const info = await stat(real);
      if (info.isDirectory()) {
        if (r.options.recurse) await walk(real);
        continue;
      }
      if (!info.isFile() || !MANIFEST_EXTENSIONS.has(extname(entry.name).toLowerCase())) continue;
      const below = toPosix(relative(r.appDir, path));
      if (include && !include(below)) continue;
      if (exclude?.(below)) continue;
      const file = rel(r.root, path);
      if (info.size > r.limits.maxFileBytes)
        throw new ManifestTooLargeError(file, 'file', info.size, r.limits.maxFileBytes);
      const text = await readFile(real, 'utf8');
      for (const m of parseManifestYaml(text, file, r.limits))
        out.push({ object: m.object, origin: { type: 'directory', file, document: m.document } });
    }
  };
  await walk(r.appDir);
  return out;
}

/** Argo CD's include/exclude semantics: a pattern without `/` matches the file name at any depth. */
function matcher(pattern: string | undefined): ((path: string) => boolean) | undefined {
  if (!pattern?.trim()) return undefined;
  return picomatch(pattern.trim(), { basename: true, dot: false });
}

async function resolveLink(root: string, path: string): Promise<string | undefined> {
  let real: string;
  try {
    real = await realpath(path);
  } catch {
    return undefined;
  }
  if (!isWithin(root, real))
    throw new PathEscapeError(rel(root, path), 'is a symlink that points outside the repository');
  return real;
}

function rel(root: string, path: string): string {
  return toPosix(relative(root, path)) || '.';
}

function toPosix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}
