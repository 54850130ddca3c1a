import { hasObjectOption, jsonEqual, type KubeObject, type ResourceKey } from '../core/index.js';
import { removeIgnoredFields, rulesFor } from './ignore-differences.js';
import { maskSecrets } from './mask.js';
import { normalizeForDiff } from './normalize.js';
import { renderDiff } from './render.js';
import { overlay } from './structural.js';
import type {
  ComparisonResult,
  DiffMethod,
  DryRunFailure,
  IgnoreDifferencesRule,
  OwnershipConflict,
  ResourceDiff,
} from './types.js';

/** Everything known about one resource before it is compared. */
export interface CompareInput {
  readonly key: ResourceKey;
  /** The desired object, with the tracking marker. */
  readonly target?: KubeObject;
  readonly live?: KubeObject;
  /** What the server-side dry run says the object would become. */
  readonly predicted?: KubeObject;
  /** Use the structural prediction even when `predicted` is there (`ServerSideDiff=false`). */
  readonly structural?: boolean;
  readonly dryRunError?: DryRunFailure;
  readonly conflict?: OwnershipConflict;
  /** The live object's `managedFields`, when `live` is kept without them (ignore rules by manager need them). */
  readonly managedFields?: readonly unknown[];
}

/**
 * Compares one resource (pure). The expected object is the dry run's
 * prediction when there is one, otherwise the structural overlay of the
 * target on the live object; both sides are normalized
 * ({@link normalizeForDiff}), ignored fields are removed from both, and the
 * rendered diff masks Secret values.
 */
export function compareResource(
  input: CompareInput,
  ignoreDifferences: readonly IgnoreDifferencesRule[] = [],
  /** `false` leaves `diff` empty (callers that only need statuses, such as the sync). */
  withDiff = true,
): ResourceDiff {
  const { key, target, live } = input;
  const rules = rulesFor(ignoreDifferences, key);
  // Ownership as it is now: a forced prediction would show our manager owning everything.
  const managedFields =
    input.managedFields ?? live?.metadata.managedFields ?? input.predicted?.metadata.managedFields;
  const prepare = (obj: KubeObject | undefined): KubeObject | undefined => {
    if (!obj) return undefined;
    const out = normalizeForDiff(obj);
    removeIgnoredFields(out, rules, managedFields);
    return out;
  };

  let status: ResourceDiff['status'] | undefined;
  let method: DiffMethod = 'none';
  let expected: KubeObject | undefined;
  if (!target) {
    status = 'Extra';
  } else if (!live) {
    status = 'Missing';
    expected = prepare(target);
  } else {
    const useServer = input.predicted !== undefined && !input.structural;
    method = useServer ? 'server-side' : 'structural';
    const prediction = useServer
      ? input.predicted
      : (overlay(normalizeForDiff(live), normalizeForDiff(target)) as KubeObject);
    expected = prepare(prediction);
  }
  const current = prepare(live);
  status ??= jsonEqual(current, expected) ? 'Synced' : 'OutOfSync';

  const [maskedLive, maskedExpected, maskedRawLive, maskedTarget] = maskSecrets([
    current,
    expected,
    live,
    target,
  ]);
  return {
    key,
    status,
    diff: status === 'Synced' || !withDiff ? '' : renderDiff(key, maskedLive, maskedExpected),
    method,
    ...(maskedTarget ? { target: maskedTarget } : {}),
    ...(maskedRawLive ? { live: maskedRawLive } : {}),
    ...(input.dryRunError ? { dryRunError: input.dryRunError } : {}),
    ...(input.conflict ? { conflict: input.conflict } : {}),
    ...(status === 'Extra' && hasObjectOption(live, 'compareOptions', 'IgnoreExtraneous', 'true')
      ? { ignoreExtraneous: true }
      : {}),
  };
}

/** `Synced` when every resource is, not counting Extra ones marked `IgnoreExtraneous`. */
export function comparisonStatus(resources: readonly ResourceDiff[]): ComparisonResult['status'] {
  const outOfSync = resources.some((r) => r.status !== 'Synced' && !r.ignoreExtraneous);
  return outOfSync ? 'OutOfSync' : 'Synced';
}
