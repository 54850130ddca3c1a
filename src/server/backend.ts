import type { Application } from '../apis/index.js';
import type {
  ApplicationList,
  ApplicationListQuery,
  ApplicationOperations,
  KeelsonBackend,
} from '../service/index.js';

/** Decides, per application, whether the caller may see it (an RBAC check). */
export type VisibilityPredicate = (app: Application) => boolean;

/**
 * What the server needs of a backend: the {@link KeelsonBackend} contract,
 * with `applications.list` also taking a visibility predicate (so paging and
 * `total` count only what the caller may get), and optionally a readiness
 * probe. The direct backend (`createDirectBackend`) is one.
 */
export interface ServerBackend extends KeelsonBackend {
  readonly applications: ApplicationOperations & {
    list(query?: ApplicationListQuery, visible?: VisibilityPredicate): Promise<ApplicationList>;
  };
  /** Resolves once caches are synced (rejects when they cannot be); `/readyz` answers 503 until then. */
  ready?(): Promise<unknown>;
}
