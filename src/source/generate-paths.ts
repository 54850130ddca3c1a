import { posix } from 'node:path';

/** Annotation listing the paths an application's manifests are generated from (Argo CD's `manifest-generate-paths`). */
export const MANIFEST_GENERATE_PATHS_ANNOTATION = 'keelson.dev/manifest-generate-paths';
export const ARGOCD_MANIFEST_GENERATE_PATHS_ANNOTATION =
  'argocd.argoproj.io/manifest-generate-paths';

/** The application's generate-paths annotation (Keelson's, else Argo CD's), if any. */
export function generatePathsOf(
  annotations: Readonly<Record<string, string>> | undefined,
): string | undefined {
  return (
    annotations?.[MANIFEST_GENERATE_PATHS_ANNOTATION] ??
    annotations?.[ARGOCD_MANIFEST_GENERATE_PATHS_ANNOTATION]
  );
}

/**
 * Whether a change touched what an application is generated from. With the
 * annotation (`;`-separated paths, relative to the source path — `.` is the
 * source path itself, `../base` a shared base — or from the repository root
 * when they start with `/`) only changed files under one of those paths
 * count; this keeps a commit to a monorepo from concerning every
 * application in it. Without the annotation, or when the changed files are
 * not known, the answer is always yes (never miss a change).
 */
export function touchesGeneratePaths(
  changedFiles: readonly string[] | undefined,
  sourcePath: string | undefined,
  annotation: string | undefined,
): boolean {
  if (annotation === undefined || annotation.trim() === '' || changedFiles === undefined)
    return true;
  const base = posix.normalize(`/${sourcePath ?? ''}`);
  const roots = annotation
    .split(';')
    .map((p) => p.trim())
    .filter((p) => p !== '')
    .map((p) => (p.startsWith('/') ? posix.normalize(p) : posix.join(base, p)));
  return changedFiles.some((file) => {
    const changed = posix.normalize(`/${file}`);
    return roots.some((root) => root === '/' || changed === root || changed.startsWith(`${root}/`));
  });
}
