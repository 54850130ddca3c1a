import type { KubeObject, ResourceKey } from '../core/index.js';

/**
 * Where one resource stands:
 * - `Synced`: the live object already is what applying the desired one would make it;
 * - `OutOfSync`: applying would change it;
 * - `Missing`: desired, not in the cluster;
 * - `Extra`: in the cluster with this application's marker, no longer desired (prunable).
 */
export type DiffStatus = 'Synced' | 'OutOfSync' | 'Missing' | 'Extra';

/** How the object the apply would produce was obtained. */
export type DiffMethod = 'server-side' | 'structural' | 'none';

/** Why the server-side dry run did not give a prediction for an object. */
export interface DryRunFailure {
  /**
   * `UnknownKind`: the cluster does not serve the kind (yet);
   * `NamespaceNotFound`: its namespace does not exist (yet);
   * `Invalid`: the server rejected the object (schema, validation, admission);
   * `Conflict`: fields are owned by another field manager (apply without force would fail);
   * `Forbidden`: not allowed; `Error`: anything else (network, server).
   */
  readonly reason:
    'UnknownKind' | 'NamespaceNotFound' | 'Invalid' | 'Conflict' | 'Forbidden' | 'Error';
  /** The error message, naming the object. */
  readonly message: string;
  /** Worth retrying (throttling, server or network trouble). */
  readonly transient: boolean;
}

/** The object exists in the cluster but is not this application's: never modified by it. */
export interface OwnershipConflict {
  /** The application whose marker it carries; `undefined` when it carries none (or a copied one). */
  readonly owner: string | undefined;
  readonly message: string;
}

/** The comparison of one resource. Plain data; Secret values are masked everywhere in it. */
export interface ResourceDiff {
  readonly key: ResourceKey;
  readonly status: DiffStatus;
  /** Unified diff from live to desired, YAML with sorted keys; `''` when Synced. */
  readonly diff: string;
  readonly method: DiffMethod;
  /** The desired object with the tracking marker (masked). */
  readonly target?: KubeObject;
  /** The live object (lean, masked). */
  readonly live?: KubeObject;
  readonly dryRunError?: DryRunFailure;
  readonly conflict?: OwnershipConflict;
  /** The live object asks to be left out of the application's sync status (`IgnoreExtraneous`). */
  readonly ignoreExtraneous?: boolean;
}

/**
 * Fields to leave out of the comparison, for the resources a rule selects
 * (same idea as Argo CD's `ignoreDifferences`, with JSONPath instead of jq).
 * `group` and `kind` accept `*`; `name` and `namespace` match exactly when given.
 */
export interface IgnoreDifferencesRule {
  readonly group?: string;
  readonly kind: string;
  readonly name?: string;
  readonly namespace?: string;
  /** RFC 6901 pointers, e.g. `/spec/replicas`. */
  readonly jsonPointers?: readonly string[];
  /** JSONPath expressions, e.g. `$.spec.template.spec.containers[?(@.name=='proxy')].image`. */
  readonly jsonPaths?: readonly string[];
  /** Fields owned by these field managers (e.g. `kube-controller-manager`, an HPA). */
  readonly managedFieldsManagers?: readonly string[];
}

/** The whole application compared. */
export interface ComparisonResult {
  /** `OutOfSync` when any resource is not Synced (Extra ones marked IgnoreExtraneous excepted). */
  readonly status: 'Synced' | 'OutOfSync';
  /** Sorted by key. */
  readonly resources: readonly ResourceDiff[];
  /** Namespaces of new objects (no live copy) found not to exist when compared. */
  readonly absentNamespaces?: ReadonlySet<string>;
}
