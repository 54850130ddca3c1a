import { lstat, readFile, realpath, stat } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, sep } from 'node:path';
import { parse } from 'yaml';
import { isWithin, PathEscapeError, PathNotFoundError } from '../source/index.js';
import { InvalidManifestError, RemoteBaseRefusedError } from './errors.js';
import { findKustomization } from './detect.js';

/** Fields of a kustomization whose entries name files, directories or (possibly) remote locations. */
const REF_FIELDS = [
  'resources',
  'bases',
  'components',
  'crds',
  'generators',
  'transformers',
  'validators',
  'configurations',
];

/**
 * Checks every kustomization reachable from `appDir` before kustomize runs:
 * every base, component, resource or plugin config must be a path inside the
 * repository (kustomize's own load restrictor covers files, not directories),
 * and anything that is not a local path — a URL, `github.com/org/repo?ref=…`
 * — is refused unless remote bases are allowed.
 */
export async function checkKustomizeRefs(
  root: string,
  appDir: string,
  allowRemote: boolean,
): Promise<void> {
  const visited = new Set<string>();
  const visit = async (dir: string): Promise<void> => {
    if (visited.has(dir)) return;
    visited.add(dir);
    const file = await findKustomization(dir);
    if (!file) return;
    const shown = rel(root, file);
    for (const entry of await referencedEntries(file, shown)) {
      if (entry.includes('\n')) continue; // an inline generator/transformer config
      if (looksRemote(entry)) {
        if (allowRemote) continue;
        throw new RemoteBaseRefusedError(shown, entry);
      }
      if (isAbsolute(entry))
        throw new PathEscapeError(entry, `${shown}: absolute paths are not allowed`);
      const target = join(dirname(file), entry);
      // Outside the checkout by its very path: refused whether or not it exists there.
      if (!isWithin(root, target))
        throw new PathEscapeError(entry, `${shown}: refers outside the repository`);
      if (!(await lstat(target).catch(() => undefined))) {
        if (allowRemote) continue; // kustomize may still resolve it remotely
        throw new PathNotFoundError(rel(root, target), `${shown}: resource`);
      }
      const real = await realpath(target);
      if (!isWithin(root, real))
        throw new PathEscapeError(entry, `${shown}: refers outside the repository`);
      if ((await stat(real)).isDirectory()) await visit(real);
    }
  };
  await visit(appDir);
}

async function referencedEntries(file: string, shown: string): Promise<string[]> {
  let doc: unknown;
  try {
    doc = parse(await readFile(file, 'utf8'), { maxAliasCount: 100 });
  } catch (err) {
    throw new InvalidManifestError(
      shown,
      undefined,
      undefined,
      `invalid kustomization: ${(err as Error).message.split('\n')[0]}`,
    );
  }
  if (typeof doc !== 'object' || doc === null) return [];
  const k = doc as Record<string, unknown>;
  const entries: string[] = [];
  for (const field of REF_FIELDS) {
    const list = k[field];
    if (Array.isArray(list))
      for (const e of list) if (typeof e === 'string') entries.push(e.trim());
  }
  const openapi = k.openapi;
  if (
    typeof openapi === 'object' &&
    openapi !== null &&
    typeof (openapi as { path?: unknown }).path === 'string'
  )
    entries.push((openapi as { path: string }).path);
  const helmCharts = k.helmCharts;
  if (Array.isArray(helmCharts))
    for (const chart of helmCharts)
      if (
        typeof chart === 'object' &&
        chart !== null &&
        typeof (chart as { repo?: unknown }).repo === 'string'
      )
        entries.push((chart as { repo: string }).repo);
  return entries;
}

/** URLs and kustomize's remote shorthands (`github.com/org/repo//path?ref=x`, `git@host:org/repo`). */
export function looksRemote(entry: string): boolean {
  return (
    /^[a-z][a-z0-9+.-]*:\/\//i.test(entry) ||
    /^[a-z][a-z0-9+.-]*::/i.test(entry) ||
    /^git@/.test(entry) ||
    /^(github\.com|gitlab\.com|bitbucket\.org)\//i.test(entry) ||
    /\?(ref|version|timeout|submodules)=/.test(entry) ||
    /\.git(\/\/|$|\?)/.test(entry)
  );
}

function rel(root: string, path: string): string {
  const r = relative(root, path);
  return (sep === '/' ? r : r.split(sep).join('/')) || '.';
}
