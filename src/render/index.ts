/**
 * Rendering: a checked-out revision plus an Application's source options →
 * the exact list of Kubernetes manifests to apply, each with its provenance.
 *
 * **Types.** Set explicitly (one of `directory`, `kustomize`, `helm` in the
 * source, or a `chart`), else detected as Argo CD does: a kustomization file
 * → Kustomize, `Chart.yaml` → Helm, otherwise a directory of manifests.
 * - *Directory*: `.yaml`, `.yml`, `.json`; multi-document files; `List`
 *   kinds flattened; optional recursion; include/exclude globs; hidden files
 *   skipped.
 * - *Kustomize*: `kustomize build` with the load restrictor on, through a
 *   wrapper kustomization in a temporary directory that carries the
 *   Application's overrides (images, namePrefix/nameSuffix, commonLabels,
 *   commonAnnotations, namespace, replicas, components, patches): the
 *   checkout is never modified. Remote bases are refused unless allowed.
 * - *Helm*: `helm template` with value files (inside the repository only),
 *   inline values, `--set` parameters, release name, namespace, skipCrds, and
 *   the destination's Kubernetes version and API versions.
 *
 * **Safety.** Paths are resolved through symlinks and must stay in the
 * checkout; YAML alias bombs, over-large files and documents, and invalid
 * YAML (reported with file and line) are refused; every render has a
 * deadline; tools run with private homes and (unless remote bases are
 * allowed) an empty PATH. A failed render throws — it never yields an empty
 * list that could be mistaken for "delete everything" — and an empty result is
 * itself an error unless `allowEmpty`.
 *
 * **Cache.** {@link RenderCache} keys renders by (commit SHA or chart version,
 * path, options hash): the same commit is never rendered twice.
 * {@link SourceRenderer} ties sources, rendering and the cache together.
 *
 * **Output.** {@link manifestsToYaml} prints deterministic multi-document
 * YAML (keys sorted, `apiVersion`/`kind`/`metadata` first).
 */
export { renderManifests, renderWithType, type RenderOutcome } from './render.js';
export {
  SourceRenderer,
  type RenderCarryOver,
  type SourceRendererOptions,
  type RenderResult,
} from './render-source.js';
export {
  RenderCache,
  DEFAULT_RENDER_CACHE_BYTES,
  renderCacheKey,
  type RenderCacheOptions,
  type RenderCacheKeyParts,
} from './render-cache.js';
export { detectSourceType, findKustomization, KUSTOMIZATION_FILES } from './detect.js';
export { manifestsToYaml, canonicalObject, sortKeysDeep } from './output.js';
export { parseManifestYaml, type ParsedManifest, type YamlLimits } from './parse-yaml.js';
export { parseSetArgument } from './helm-args.js';
export {
  defaultRenderOptions,
  describeOrigin,
  type RenderedManifest,
  type ManifestOrigin,
  type RenderTools,
  type RenderOptions,
} from './types.js';
export {
  RenderError,
  InvalidManifestError,
  ManifestTooLargeError,
  NoManifestsError,
  DuplicateManifestError,
  RemoteBaseRefusedError,
  RenderToolError,
  RenderTimeoutError,
  MissingToolError,
} from './errors.js';
