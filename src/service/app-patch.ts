import type { Application, ApplicationSpec, SyncPolicy } from '../apis/index.js';
import { InvalidRequestError } from './errors.js';
import type { ApplicationPatch } from './types.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Copies `base` with `changes` merged in; a `null` (sent over JSON) removes the key. */
function mergeFields<T extends object>(base: T, changes: object): T {
  const out = new Map(Object.entries(base as Record<string, unknown>));
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) continue;
    if (value === null) out.delete(key);
    else out.set(key, value);
  }
  return Object.fromEntries(out) as T;
}

function patchDestination(
  spec: ApplicationSpec,
  destination: NonNullable<ApplicationPatch['destination']>,
): ApplicationSpec['destination'] {
  if (destination.server && destination.name)
    throw new InvalidRequestError('destination: set either server or name, not both');
  const out: Mutable<ApplicationSpec['destination']> = { ...spec.destination };
  // A destination names its cluster exactly one way: setting one clears the other.
  if (destination.server) {
    out.server = destination.server;
    delete out.name;
  }
  if (destination.name) {
    out.name = destination.name;
    delete out.server;
  }
  if (destination.namespace !== undefined) out.namespace = destination.namespace;
  return out;
}

function patchSyncPolicy(
  policy: SyncPolicy | undefined,
  patch: ApplicationPatch,
  name: string,
): SyncPolicy | undefined {
  const out: Mutable<SyncPolicy> = { ...policy };
  if (patch.automated === false) delete out.automated;
  else if (patch.automated === true) out.automated = { ...policy?.automated };
  if (patch.prune !== undefined || patch.selfHeal !== undefined) {
    if (!out.automated)
      throw new InvalidRequestError(
        `Application ${name}: prune and selfHeal apply to automated sync; enable automated sync too`,
      );
    out.automated = mergeFields(out.automated, { prune: patch.prune, selfHeal: patch.selfHeal });
  }
  if (patch.syncOptions === null) delete out.syncOptions;
  else if (patch.syncOptions !== undefined) out.syncOptions = [...patch.syncOptions];
  return Object.keys(out).length > 0 ? out : undefined;
}

/**
 * Applies `keelson app set`-style changes to an application (pure; the
 * result is validated by the caller like any other write). Absent fields stay;
 * `null` removes an optional one.
 */
export function applyApplicationPatch(app: Application, patch: ApplicationPatch): Application {
  const name = app.metadata.name ?? '';
  const spec: Mutable<ApplicationSpec> = { ...app.spec };
  if (patch.project !== undefined) spec.project = patch.project;
  if (patch.source) spec.source = mergeFields(spec.source, patch.source);
  if (patch.destination) spec.destination = patchDestination(spec, patch.destination);
  const syncPolicy = patchSyncPolicy(spec.syncPolicy, patch, name);
  if (syncPolicy) spec.syncPolicy = syncPolicy;
  else delete spec.syncPolicy;
  if (patch.revisionHistoryLimit !== undefined)
    spec.revisionHistoryLimit = patch.revisionHistoryLimit;
  const metadata = patch.labels
    ? { ...app.metadata, labels: mergeFields(app.metadata.labels ?? {}, patch.labels) }
    : app.metadata;
  return { ...app, metadata, spec };
}
