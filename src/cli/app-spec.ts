/**
 * From `app create` / `app set` flags to an Application or an
 * ApplicationPatch. Pure: the backend validates the result (schema and
 * project rules) before anything is written.
 */
import { InvalidArgumentError } from 'commander';
import { parseAllDocuments } from 'yaml';
import {
  API_VERSION,
  type Application,
  type ApplicationSource,
  type SyncPolicy,
} from '../apis/index.js';
import { KeelsonError, isRecord, omitKeys } from '../core/index.js';
import type { ApplicationPatch } from '../service/index.js';
import { keyValues, labelChanges, parseKeyValue } from './args.js';

/** `--sync-policy`: `automated` (also `auto`, `automatic`) or `none` (also `manual`). */
export type SyncPolicyFlag = 'automated' | 'none';

export function parseSyncPolicy(value: string): SyncPolicyFlag {
  if (['automated', 'auto', 'automatic'].includes(value)) return 'automated';
  if (['none', 'manual'].includes(value)) return 'none';
  throw new InvalidArgumentError('expected automated or none');
}

export interface AppCreateFlags {
  readonly repo?: string;
  readonly path?: string;
  readonly revision?: string;
  readonly chart?: string;
  readonly destServer?: string;
  readonly destName?: string;
  readonly destNamespace?: string;
  readonly project?: string;
  readonly syncPolicy?: SyncPolicyFlag;
  readonly autoPrune?: boolean;
  readonly selfHeal?: boolean;
  readonly syncOption: readonly string[];
  readonly label: readonly string[];
  readonly helmSet: readonly string[];
  readonly helmSetString: readonly string[];
  readonly values: readonly string[];
  readonly releaseName?: string;
  readonly kustomizeImage: readonly string[];
  readonly directoryRecurse?: boolean;
}

/** Flags that contradict each other or miss what an Application needs. */
export class AppFlagsError extends KeelsonError {}

function sourceFromFlags(flags: AppCreateFlags): ApplicationSource {
  if (!flags.repo) throw new AppFlagsError('app create: --repo is required (or -f FILE)');
  const helmGiven =
    flags.helmSet.length + flags.helmSetString.length + flags.values.length > 0 ||
    flags.releaseName !== undefined;
  if (helmGiven && flags.kustomizeImage.length)
    throw new AppFlagsError('app create: Helm flags and --kustomize-image cannot be combined');
  return {
    repoURL: flags.repo,
    ...(flags.path ? { path: flags.path } : {}),
    ...(flags.chart ? { chart: flags.chart } : {}),
    ...(flags.revision ? { targetRevision: flags.revision } : {}),
    ...(helmGiven
      ? {
          helm: {
            ...(flags.values.length ? { valueFiles: [...flags.values] } : {}),
            ...(flags.releaseName ? { releaseName: flags.releaseName } : {}),
            parameters: [
              ...flags.helmSet.map((s) => helmParameter(s, false)),
              ...flags.helmSetString.map((s) => helmParameter(s, true)),
            ],
          },
        }
      : {}),
    ...(flags.kustomizeImage.length ? { kustomize: { images: [...flags.kustomizeImage] } } : {}),
    ...(flags.directoryRecurse ? { directory: { recurse: true } } : {}),
  };
}

function helmParameter(value: string, forceString: boolean) {
  const [name, v] = parseKeyValue(value);
  return { name, value: v, ...(forceString ? { forceString: true } : {}) };
}

function syncPolicyFromFlags(flags: AppCreateFlags): SyncPolicy | undefined {
  const automated = flags.syncPolicy === 'automated';
  if (!automated && (flags.autoPrune || flags.selfHeal))
    throw new AppFlagsError('--auto-prune and --self-heal need --sync-policy automated');
  const policy: SyncPolicy = {
    ...(automated
      ? {
          automated: {
            ...(flags.autoPrune ? { prune: true } : {}),
            ...(flags.selfHeal ? { selfHeal: true } : {}),
          },
        }
      : {}),
    ...(flags.syncOption.length ? { syncOptions: [...flags.syncOption] } : {}),
  };
  return Object.keys(policy).length ? policy : undefined;
}

/** The Application `app create NAME --repo … --dest-namespace …` describes. */
export function applicationFromFlags(name: string, flags: AppCreateFlags): Application {
  if (!flags.destServer === !flags.destName)
    throw new AppFlagsError('app create: give exactly one of --dest-server and --dest-name');
  if (!flags.destNamespace) throw new AppFlagsError('app create: --dest-namespace is required');
  const labels = keyValues(flags.label);
  const syncPolicy = syncPolicyFromFlags(flags);
  return {
    apiVersion: API_VERSION,
    kind: 'Application',
    metadata: { name, ...(Object.keys(labels).length ? { labels } : {}) },
    spec: {
      project: flags.project ?? 'default',
      source: sourceFromFlags(flags),
      destination: {
        ...(flags.destServer ? { server: flags.destServer } : { name: flags.destName }),
        namespace: flags.destNamespace,
      },
      ...(syncPolicy ? { syncPolicy } : {}),
    },
  };
}

/**
 * The Application in a YAML or JSON file (`app create -f`); a NAME argument
 * overrides `metadata.name`. Status and operation are dropped: a new
 * application starts without them.
 */
export function applicationFromFile(text: string, file: string, name?: string): Application {
  const docs = parseAllDocuments(text).filter((d) => d.contents !== null);
  const [doc] = docs;
  if (docs.length !== 1 || !doc)
    throw new AppFlagsError(
      `${file}: expected exactly one Application, found ${docs.length} documents`,
    );
  if (doc.errors.length)
    throw new AppFlagsError(`${file}: ${doc.errors[0]?.message ?? 'invalid YAML'}`);
  const data: unknown = doc.toJS();
  if (!isRecord(data) || data.kind !== 'Application' || !isRecord(data.spec))
    throw new AppFlagsError(`${file}: not an Application (kind: Application with a spec)`);
  const metadata = isRecord(data.metadata) ? data.metadata : {};
  return {
    ...omitKeys(data, 'status', 'operation'),
    apiVersion: API_VERSION,
    metadata: { ...metadata, ...(name ? { name } : {}) },
  } as Application;
}

export interface AppSetFlags {
  readonly revision?: string;
  readonly path?: string;
  readonly repo?: string;
  readonly destNamespace?: string;
  readonly destServer?: string;
  readonly destName?: string;
  readonly project?: string;
  readonly syncPolicy?: SyncPolicyFlag;
  readonly autoPrune?: boolean;
  readonly selfHeal?: boolean;
  readonly syncOption: readonly string[];
  readonly label: readonly string[];
}

/** The patch `app set NAME …` describes; refuses an empty one. */
export function patchFromFlags(flags: AppSetFlags): ApplicationPatch {
  if (flags.destServer && flags.destName)
    throw new AppFlagsError('app set: give at most one of --dest-server and --dest-name');
  const source = {
    ...(flags.revision !== undefined ? { targetRevision: flags.revision } : {}),
    ...(flags.path !== undefined ? { path: flags.path } : {}),
    ...(flags.repo !== undefined ? { repoURL: flags.repo } : {}),
  };
  const destination = {
    ...(flags.destNamespace !== undefined ? { namespace: flags.destNamespace } : {}),
    ...(flags.destServer ? { server: flags.destServer } : {}),
    ...(flags.destName ? { name: flags.destName } : {}),
  };
  const labels = labelChanges(flags.label);
  const patch: ApplicationPatch = {
    ...(flags.project !== undefined ? { project: flags.project } : {}),
    ...(Object.keys(source).length ? { source } : {}),
    ...(Object.keys(destination).length ? { destination } : {}),
    ...(flags.syncPolicy ? { automated: flags.syncPolicy === 'automated' } : {}),
    ...(flags.autoPrune !== undefined ? { prune: flags.autoPrune } : {}),
    ...(flags.selfHeal !== undefined ? { selfHeal: flags.selfHeal } : {}),
    ...(flags.syncOption.length ? { syncOptions: [...flags.syncOption] } : {}),
    ...(Object.keys(labels).length ? { labels } : {}),
  };
  if (Object.keys(patch).length === 0)
    throw new AppFlagsError('app set: nothing to change (see keelson app set --help)');
  return patch;
}
