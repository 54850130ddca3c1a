import {
  InvalidSourceError,
  type ApplicationSourceKustomize,
  type KustomizeReplica,
} from '../source/index.js';

/** One entry of a kustomization's `images` field. */
export interface KustomizeImage {
  readonly name: string;
  readonly newName?: string;
  readonly newTag?: string;
  readonly digest?: string;
}

/**
 * Reads an image override in Argo CD's syntax:
 * `nginx:1.25` (new tag), `nginx@sha256:…` (digest),
 * `nginx=registry.example/nginx:1.25` (new name and tag for image `nginx`).
 */
export function parseImageOverride(spec: string): KustomizeImage {
  const text = spec.trim();
  const eq = text.indexOf('=');
  if (eq > 0) {
    const name = text.slice(0, eq);
    const target = splitImageRef(text.slice(eq + 1));
    return {
      name,
      ...(target.name && target.name !== name ? { newName: target.name } : {}),
      ...(target.tag ? { newTag: target.tag } : {}),
      ...(target.digest ? { digest: target.digest } : {}),
    };
  }
  const ref = splitImageRef(text);
  return {
    name: ref.name,
    ...(ref.tag ? { newTag: ref.tag } : {}),
    ...(ref.digest ? { digest: ref.digest } : {}),
  };
}

/** `registry:5000/app:1.2@sha256:…` → name `registry:5000/app`, tag `1.2`, digest. */
export function splitImageRef(ref: string): { name: string; tag?: string; digest?: string } {
  let rest = ref;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  const colon = rest.lastIndexOf(':');
  // A colon before the last slash belongs to a registry port, not a tag.
  if (colon > rest.lastIndexOf('/')) {
    return {
      name: rest.slice(0, colon),
      tag: rest.slice(colon + 1),
      ...(digest ? { digest } : {}),
    };
  }
  return { name: rest, ...(digest ? { digest } : {}) };
}

/** True when the source sets any override that needs a wrapping kustomization. */
export function hasOverrides(k: ApplicationSourceKustomize | undefined): boolean {
  if (!k) return false;
  return Boolean(
    k.namePrefix ||
    k.nameSuffix ||
    k.namespace ||
    k.images?.length ||
    Object.keys(k.commonLabels ?? {}).length ||
    Object.keys(k.commonAnnotations ?? {}).length ||
    k.replicas?.length ||
    k.components?.length ||
    k.patches?.length,
  );
}

/**
 * The kustomization that wraps the application's own one: it lists the
 * application directory as its only resource and adds the overrides on top,
 * so the checkout itself is never modified (Argo CD runs `kustomize edit` in
 * the checkout; the result is the same for these fields). It also asks for
 * origin annotations, from which each object's source file is read back.
 *
 * `resource` and `components` are paths relative to the wrapper's directory.
 */
export function wrapperKustomization(
  k: ApplicationSourceKustomize | undefined,
  resource: string,
  components: readonly string[] = [],
): Record<string, unknown> {
  const out: Record<string, unknown> = {
    apiVersion: 'kustomize.config.k8s.io/v1beta1',
    kind: 'Kustomization',
    resources: [resource],
    buildMetadata: ['originAnnotations'],
  };
  if (!k) return out;
  if (k.namePrefix) out.namePrefix = k.namePrefix;
  if (k.nameSuffix) out.nameSuffix = k.nameSuffix;
  if (k.namespace) out.namespace = k.namespace;
  if (k.images?.length) out.images = k.images.map(parseImageOverride);
  if (Object.keys(k.commonLabels ?? {}).length)
    // `labels` with includeSelectors is kustomize's non-deprecated spelling of commonLabels.
    out.labels = [{ pairs: { ...k.commonLabels }, includeSelectors: !k.labelWithoutSelector }];
  if (Object.keys(k.commonAnnotations ?? {}).length)
    out.commonAnnotations = { ...k.commonAnnotations };
  if (k.replicas?.length)
    out.replicas = k.replicas.map((r) => ({ name: r.name, count: replicaCount(r) }));
  if (components.length) out.components = [...components];
  if (k.patches?.length) out.patches = k.patches.map((p) => ({ ...p }));
  return out;
}

function replicaCount(r: KustomizeReplica): number {
  const count = typeof r.count === 'number' ? r.count : Number(r.count.trim());
  if (!Number.isInteger(count) || count < 0)
    throw new InvalidSourceError(
      'kustomize.replicas',
      `replica count for "${r.name}" must be a non-negative integer, got "${r.count}"`,
    );
  return count;
}
