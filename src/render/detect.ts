import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { explicitSourceType, type ApplicationSource, type SourceType } from '../source/index.js';

/** File names kustomize looks for, in its own order. */
export const KUSTOMIZATION_FILES = [
  'kustomization.yaml',
  'kustomization.yml',
  'Kustomization',
] as const;

/**
 * The source type: as set explicitly (exactly one of `directory`, `kustomize`,
 * `helm`, or a `chart`), else detected from the application directory as Argo
 * CD does: a kustomization file means Kustomize, a `Chart.yaml` means Helm,
 * anything else is a directory of plain manifests.
 */
export async function detectSourceType(
  source: ApplicationSource,
  appDir: string,
): Promise<SourceType> {
  const explicit = explicitSourceType(source);
  if (explicit) return explicit;
  if (await findKustomization(appDir)) return 'kustomize';
  if (await fileExists(join(appDir, 'Chart.yaml'))) return 'helm';
  return 'directory';
}

/** The kustomization file in `dir`, if any. */
export async function findKustomization(dir: string): Promise<string | undefined> {
  for (const name of KUSTOMIZATION_FILES)
    if (await fileExists(join(dir, name))) return join(dir, name);
  return undefined;
}

async function fileExists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
