import type { AppProject } from '../apis/index.js';
import { globMatch, isDenyPattern } from './glob.js';

/** A destination to check: the cluster by server URL and/or name (both when known), and a namespace. */
export interface DestinationToCheck {
  readonly server?: string;
  readonly name?: string;
  /** `''` or unset for cluster-scoped resources. */
  readonly namespace?: string;
}

// A `!pattern` entry matches what `pattern` does not match.
function entryMatch(pattern: string | undefined, value: string): boolean {
  const p = pattern ?? '';
  return isDenyPattern(p) ? !globMatch(p.slice(1), value, 'plain') : globMatch(p, value, 'plain');
}

/**
 * Whether a project lets applications deploy to a destination
 * (`spec.destinations`), with Argo CD's rules: an entry matches when its
 * server or its name matches the destination's (globs, `*` matches
 * anything) and its namespace matches too; the destination is permitted when
 * some entry matches and no deny entry (`!` on server, name or namespace)
 * rules it out. Pass both server and name when the cluster is known, so an
 * entry written either way applies.
 */
export function isDestinationPermitted(project: AppProject, dst: DestinationToCheck): boolean {
  const namespace = dst.namespace ?? '';
  let matchedAny = false;
  for (const entry of project.spec.destinations ?? []) {
    const nameMatched = !!dst.name && entryMatch(entry.name, dst.name);
    const serverMatched = !!dst.server && entryMatch(entry.server, dst.server);
    const namespaceMatched = entryMatch(entry.namespace, namespace);
    if ((nameMatched || serverMatched) && namespaceMatched) {
      matchedAny = true;
      continue;
    }
    const denied =
      (!nameMatched && isDenyPattern(entry.name ?? '')) ||
      (!serverMatched && isDenyPattern(entry.server ?? '')) ||
      (!namespaceMatched && isDenyPattern(entry.namespace ?? ''));
    if (denied) return false;
  }
  return matchedAny;
}
