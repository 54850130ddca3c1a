import type { KubeObject } from '../core/index.js';

/** Where a rendered manifest came from. */
export type ManifestOrigin =
  | {
      readonly type: 'directory';
      /** File path relative to the repository root. */
      readonly file: string;
      /** Index of the YAML document in the file (0-based). */
      readonly document: number;
    }
  | {
      readonly type: 'kustomize';
      /** The overlay (application path) that was built. */
      readonly overlay: string;
      /** The file the object came from, relative to the repository root, when kustomize knows it. */
      readonly file?: string;
    }
  | {
      readonly type: 'helm';
      readonly chart: string;
      readonly version?: string;
      /** The template that produced the object (`mychart/templates/service.yaml`). */
      readonly template?: string;
    };

/** One manifest to apply, with its provenance. */
export interface RenderedManifest {
  readonly object: KubeObject;
  readonly origin: ManifestOrigin;
}

/** Paths of the external renderers; only those a source needs must be set. */
export interface RenderTools {
  readonly helm?: string;
  readonly kustomize?: string;
}

/** Settings of a render that are not part of the source: limits, safety switches, the destination. */
export interface RenderOptions {
  /** Whole render, tools included (default 60 s). */
  readonly timeoutMs: number;
  /** Largest manifest file read in directory mode (default 16 MiB). */
  readonly maxFileBytes: number;
  /** Largest single YAML document (default 4 MiB; etcd's own limit per object is 1.5 MiB). */
  readonly maxDocumentBytes: number;
  /** YAML alias expansions allowed per document (default 100); more is treated as an alias bomb. */
  readonly maxAliasCount: number;
  /** Largest output accepted from helm or kustomize (default 128 MiB). */
  readonly maxOutputBytes: number;
  /** Let kustomize fetch remote bases and resources (default false). */
  readonly allowRemoteBases: boolean;
  /** Return an empty list instead of failing when a source renders no manifests (default false). */
  readonly allowEmpty: boolean;
  /** The Application's name: the default Helm release name. */
  readonly appName?: string;
  /** Destination namespace: the default for Helm's `--namespace`. */
  readonly namespace?: string;
  /** Destination cluster's Kubernetes version (`1.34.4`), for Helm's `.Capabilities`. */
  readonly kubeVersion?: string;
  /** Destination cluster's API versions (`apps/v1`, `monitoring.coreos.com/v1/ServiceMonitor`). */
  readonly apiVersions?: readonly string[];
  /** Where temporary files go (wrapper kustomizations, value files); default: the OS temp directory. */
  readonly tmpDir?: string;
  /** Environment the tools start from (PATH, proxies). Default: only PATH of this process. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

export function defaultRenderOptions(): RenderOptions {
  return {
    timeoutMs: 60_000,
    maxFileBytes: 16 * 1024 * 1024,
    maxDocumentBytes: 4 * 1024 * 1024,
    maxAliasCount: 100,
    maxOutputBytes: 128 * 1024 * 1024,
    allowRemoteBases: false,
    allowEmpty: false,
  };
}

/** How messages name an origin: `base/deployment.yaml#0`, `helm:guestbook/templates/svc.yaml`. */
export function describeOrigin(origin: ManifestOrigin): string {
  switch (origin.type) {
    case 'directory':
      return `${origin.file}#${origin.document}`;
    case 'kustomize':
      return origin.file
        ? `${origin.file} (kustomize ${origin.overlay})`
        : `kustomize ${origin.overlay}`;
    case 'helm':
      return origin.template ?? `helm chart ${origin.chart}`;
  }
}
