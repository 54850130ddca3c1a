import { touchesGeneratePaths as touchesPaths } from '../../source/index.js';
import type { PushEvent } from './types.js';

export {
  MANIFEST_GENERATE_PATHS_ANNOTATION,
  ARGOCD_MANIFEST_GENERATE_PATHS_ANNOTATION,
} from '../../source/index.js';

/**
 * Whether a push touched what an application is generated from (see the
 * source module's `touchesGeneratePaths`). A push that does not list every
 * changed file touches everything.
 */
export function touchesGeneratePaths(
  push: PushEvent,
  sourcePath: string | undefined,
  annotation: string | undefined,
): boolean {
  return touchesPaths(push.changedFiles, sourcePath, annotation);
}
