import type { KubeObject } from './kube-object.js';

/**
 * The annotations and label Keelson reads and writes on Kubernetes objects.
 * Shared by the cluster cache (tracking), the diff (compare options, hooks)
 * and the sync engine (hooks, waves, sync options).
 */
export const TRACKING_ID_ANNOTATION = 'keelson.dev/tracking-id';
/** Label written next to the tracking annotation, so the cache can select by label. */
export const TRACKING_LABEL = 'keelson.dev/app';

/** Annotations that have an Argo CD alias; ours win when both are present. */
export const KEELSON_ANNOTATIONS = {
  hook: 'keelson.dev/hook',
  hookDeletePolicy: 'keelson.dev/hook-delete-policy',
  syncWave: 'keelson.dev/sync-wave',
  syncOptions: 'keelson.dev/sync-options',
  compareOptions: 'keelson.dev/compare-options',
} as const;

/** The Argo CD names of {@link KEELSON_ANNOTATIONS}, honoured so Argo CD repositories work unchanged. */
export const ARGOCD_ANNOTATIONS = {
  hook: 'argocd.argoproj.io/hook',
  hookDeletePolicy: 'argocd.argoproj.io/hook-delete-policy',
  syncWave: 'argocd.argoproj.io/sync-wave',
  syncOptions: 'argocd.argoproj.io/sync-options',
  compareOptions: 'argocd.argoproj.io/compare-options',
} as const;

export type AliasedAnnotation = keyof typeof KEELSON_ANNOTATIONS;

/**
 * The value of one of our annotations on `obj`, falling back to its Argo CD
 * alias. Ours wins when both are set.
 */
export function annotationOf(
  obj: KubeObject | undefined,
  which: AliasedAnnotation,
): string | undefined {
  const annotations = obj?.metadata.annotations;
  if (!annotations) return undefined;
  return annotations[KEELSON_ANNOTATIONS[which]] ?? annotations[ARGOCD_ANNOTATIONS[which]];
}

/**
 * Parses an option list such as `Prune=false, Replace=true` (the format of
 * the sync-options and compare-options annotations and of app-level sync
 * options) into a map. Whitespace is trimmed; an entry without `=` maps to
 * `'true'`.
 */
export function parseOptionList(
  value: string | readonly string[] | undefined,
): Map<string, string> {
  const entries = typeof value === 'string' ? value.split(',') : (value ?? []);
  const options = new Map<string, string>();
  for (const raw of entries) {
    const entry = raw.trim();
    if (!entry) continue;
    const eq = entry.indexOf('=');
    if (eq < 0) options.set(entry, 'true');
    else options.set(entry.slice(0, eq).trim(), entry.slice(eq + 1).trim());
  }
  return options;
}

/**
 * The merged option list of an object's sync-options or compare-options:
 * the Argo CD annotation first, then ours on top (ours wins per option).
 */
export function objectOptions(
  obj: KubeObject | undefined,
  which: 'syncOptions' | 'compareOptions',
): Map<string, string> {
  const annotations = obj?.metadata.annotations ?? {};
  const merged = parseOptionList(annotations[ARGOCD_ANNOTATIONS[which]]);
  for (const [name, value] of parseOptionList(annotations[KEELSON_ANNOTATIONS[which]])) {
    merged.set(name, value);
  }
  return merged;
}

/** True when `obj` sets option `name` to `value` (case-insensitive value) in its sync- or compare-options. */
export function hasObjectOption(
  obj: KubeObject | undefined,
  which: 'syncOptions' | 'compareOptions',
  name: string,
  value: string,
): boolean {
  return objectOptions(obj, which).get(name)?.toLowerCase() === value.toLowerCase();
}

/** True for hooks: objects annotated with a hook phase (ours or Argo CD's). */
export function isHookObject(obj: KubeObject | undefined): boolean {
  return annotationOf(obj, 'hook') !== undefined;
}
