import type { AppProject, GroupKind } from '../apis/index.js';
import { globMatch } from './glob.js';

/** A kind of resource to check, and whether its objects live in a namespace. */
export interface ResourceKind {
  /** API group; `''` for the core group. */
  readonly group: string;
  readonly kind: string;
  readonly namespaced: boolean;
}

function inList(list: readonly GroupKind[] | undefined, r: ResourceKind): boolean {
  return (list ?? []).some(
    (entry) => globMatch(entry.kind, r.kind, 'plain') && globMatch(entry.group, r.group, 'plain'),
  );
}

/**
 * Whether a project lets applications deploy a kind, with Argo CD's rules.
 * Namespaced kinds: allowed unless `namespaceResourceBlacklist` lists them,
 * and, when `namespaceResourceWhitelist` is set, only if it lists them (an
 * empty whitelist allows none). Cluster-scoped kinds: denied unless
 * `clusterResourceWhitelist` lists them and `clusterResourceBlacklist` does
 * not; the `default` project whitelists `*`/`*`. Group and kind are globs.
 */
export function isResourcePermitted(project: AppProject, r: ResourceKind): boolean {
  const spec = project.spec;
  if (r.namespaced) {
    const whitelisted =
      spec.namespaceResourceWhitelist === undefined || inList(spec.namespaceResourceWhitelist, r);
    return whitelisted && !inList(spec.namespaceResourceBlacklist, r);
  }
  return inList(spec.clusterResourceWhitelist, r) && !inList(spec.clusterResourceBlacklist, r);
}
