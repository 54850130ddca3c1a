import { posix } from 'node:path';
import type { PushEvent } from './types.js';

/** Annotation listing the paths an application's manifests are generated from (Argo CD's `manifest-generate-paths`). */
export const MANIFEST_GENERATE_PATHS_ANNOTATION = 'keelson.dev/manifest-generate-paths';
export const ARGOCD_MANIFEST_GENERATE_PATHS_ANNOTATION =
  'argocd.argoproj.io/manifest-generate-paths';

/**
 * Whether a push touched what an application is generated from. With the
 * annotation (`;`-separated paths, relative to the source path — `.` is the
 * source path itself, `../base` a shared base — or from the repository root
 * when they start with `/`) a push that lists its changed files refreshes
 * the application only if one of them lies under one of those paths; this
 * keeps a push to a monorepo from refreshing every application in it.
 * Without the annotation, or when the push does not list every changed
 * file, the answer is always yes (never miss a change).
 */
export function touchesGeneratePaths(
  push: PushEvent,
  sourcePath: string | undefined,
  annotation: string | undefined,
): boolean {
  if (annotation === undefined || annotation.trim() === '' || push.changedFiles === undefined)
    return true;
  const base = posix.normalize(`/${sourcePath ?? ''}`);
  const roots = annotation
    .split(';')
    .map((p) => p.trim())
    .filter((p) => p !== '')
    .map((p) => (p.startsWith('/') ? posix.normalize(p) : posix.join(base, p)));
  return push.changedFiles.some((file) => {
    const changed = posix.normalize(`/${file}`);
    return roots.some((root) => root === '/' || changed === root || changed.startsWith(`${root}/`));
  });
}
