import { InvalidSourceError } from './errors.js';
import { safeDisplay } from './repo-url.js';

/**
 * Where an Application's desired state comes from and how it is rendered,
 * with the field names of Argo CD's `Application.spec.source`, so the
 * Application resource can embed this type verbatim.
 */
export interface ApplicationSource {
  /** Git repository URL, or a Helm repository (`https://...`) / OCI registry (`oci://...`) when `chart` is set. */
  readonly repoURL: string;
  /**
   * Git: branch, tag, commit SHA (full or abbreviated), `HEAD`, or a semver
   * constraint over tags (`1.2.*`). Helm repository: the chart version or a
   * semver constraint (OCI: an exact version). Default `HEAD` / latest.
   */
  readonly targetRevision?: string;
  /** Directory inside the repository (Git only). Default: the repository root. */
  readonly path?: string;
  /** Chart name, when `repoURL` is a Helm repository or OCI registry. */
  readonly chart?: string;
  readonly directory?: ApplicationSourceDirectory;
  readonly kustomize?: ApplicationSourceKustomize;
  readonly helm?: ApplicationSourceHelm;
}

/** Plain manifests. `include`/`exclude` are globs (picomatch syntax, `{a,b}` alternatives). */
export interface ApplicationSourceDirectory {
  /** Descend into subdirectories (default false). */
  readonly recurse?: boolean;
  /** Only files matching. A pattern without `/` matches the file name; with `/`, the path below `path`. */
  readonly include?: string;
  /** Skip files matching (same matching as `include`). */
  readonly exclude?: string;
}

/** Application-level Kustomize overrides, applied without touching the repository. */
export interface ApplicationSourceKustomize {
  readonly namePrefix?: string;
  readonly nameSuffix?: string;
  /** `nginx:1.25`, `nginx=registry.example/nginx:1.25`, `nginx@sha256:…` (Argo CD's syntax). */
  readonly images?: readonly string[];
  readonly commonLabels?: Readonly<Record<string, string>>;
  readonly commonAnnotations?: Readonly<Record<string, string>>;
  /** Apply `commonLabels` to metadata only, not to selectors and templates. */
  readonly labelWithoutSelector?: boolean;
  readonly namespace?: string;
  readonly replicas?: readonly KustomizeReplica[];
  /** Extra Kustomize components (paths relative to `path`, inside the repository). */
  readonly components?: readonly string[];
  /** Inline patches, as in a kustomization's `patches` field. */
  readonly patches?: readonly KustomizePatch[];
}

export interface KustomizeReplica {
  readonly name: string;
  readonly count: number | string;
}

export interface KustomizePatch {
  readonly patch?: string;
  readonly path?: string;
  readonly target?: Readonly<Record<string, string>>;
  readonly options?: Readonly<Record<string, boolean>>;
}

/** Helm rendering options (`helm template`). */
export interface ApplicationSourceHelm {
  /** Value files, relative to the chart directory and inside the repository (or chart). */
  readonly valueFiles?: readonly string[];
  /** Inline values as a YAML string. */
  readonly values?: string;
  /** Inline values as an object; takes precedence over `values`. */
  readonly valuesObject?: Readonly<Record<string, unknown>>;
  /** `--set` (or `--set-string` with `forceString`) parameters, applied last. */
  readonly parameters?: readonly HelmParameter[];
  /** `--set-file` parameters; paths relative to the chart directory, inside the repository. */
  readonly fileParameters?: readonly HelmFileParameter[];
  /** Default: the application name, else the chart name. */
  readonly releaseName?: string;
  /** Default: the destination namespace. */
  readonly namespace?: string;
  readonly skipCrds?: boolean;
  readonly skipTests?: boolean;
  readonly skipSchemaValidation?: boolean;
  /** Do not fail when a value file is missing. */
  readonly ignoreMissingValueFiles?: boolean;
  /** Kubernetes version for `.Capabilities.KubeVersion`; default: the destination's. */
  readonly kubeVersion?: string;
  /** Extra API versions for `.Capabilities.APIVersions`; default: the destination's. */
  readonly apiVersions?: readonly string[];
}

export interface HelmParameter {
  readonly name: string;
  /** Missing means the empty string, as in Argo CD. */
  readonly value?: string;
  readonly forceString?: boolean;
}

export interface HelmFileParameter {
  readonly name: string;
  readonly path: string;
}

/** The rendering tools in use, named after the field that selects them. */
export type SourceType = 'directory' | 'kustomize' | 'helm';

/**
 * The type the source asks for explicitly (by setting exactly one of
 * `directory`, `kustomize`, `helm`), or undefined to detect it from the files.
 * A `chart` source is always Helm.
 */
export function explicitSourceType(source: ApplicationSource): SourceType | undefined {
  const set: SourceType[] = [];
  if (source.directory) set.push('directory');
  if (source.kustomize) set.push('kustomize');
  if (source.helm) set.push('helm');
  if (source.chart) return 'helm';
  if (set.length > 1)
    throw new InvalidSourceError(
      safeDisplay(source.repoURL),
      `only one of directory, kustomize, helm may be set (got ${set.join(', ')})`,
    );
  return set[0];
}
