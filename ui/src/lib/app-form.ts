/**
 * The "New application" form ↔ an Application object, both ways, so the
 * form and the YAML tab edit the same thing. Pure.
 */
import type { Application } from '../api/types.js';

export interface AppForm {
  readonly name: string;
  readonly project: string;
  readonly repoURL: string;
  readonly targetRevision: string;
  readonly path: string;
  /** A cluster's server URL or, when `byName`, its name. */
  readonly cluster: string;
  readonly clusterByName: boolean;
  readonly namespace: string;
  readonly automated: boolean;
  readonly prune: boolean;
  readonly selfHeal: boolean;
  readonly createNamespace: boolean;
}

export const IN_CLUSTER = 'https://kubernetes.default.svc';

export function emptyAppForm(): AppForm {
  return {
    name: '',
    project: 'default',
    repoURL: '',
    targetRevision: 'HEAD',
    path: '',
    cluster: IN_CLUSTER,
    clusterByName: false,
    namespace: '',
    automated: false,
    prune: false,
    selfHeal: false,
    createNamespace: false,
  };
}

const CREATE_NAMESPACE = 'CreateNamespace=true';

export function applicationFromForm(form: AppForm): Application {
  const trim = (s: string) => s.trim();
  const syncOptions = form.createNamespace ? [CREATE_NAMESPACE] : undefined;
  const automated = form.automated ? { prune: form.prune, selfHeal: form.selfHeal } : undefined;
  return {
    apiVersion: 'keelson.dev/v1alpha1',
    kind: 'Application',
    metadata: { name: trim(form.name) },
    spec: {
      project: trim(form.project) || 'default',
      source: {
        repoURL: trim(form.repoURL),
        targetRevision: trim(form.targetRevision) || 'HEAD',
        ...(trim(form.path) ? { path: trim(form.path) } : {}),
      },
      destination: {
        ...(form.clusterByName ? { name: trim(form.cluster) } : { server: trim(form.cluster) }),
        ...(trim(form.namespace) ? { namespace: trim(form.namespace) } : {}),
      },
      ...(automated || syncOptions
        ? {
            syncPolicy: {
              ...(automated ? { automated } : {}),
              ...(syncOptions ? { syncOptions } : {}),
            },
          }
        : {}),
    },
  };
}

/**
 * Reads the form's fields back from an object (the YAML tab's text, parsed).
 * Fields the form has no control for stay in the YAML only; returns
 * undefined when the value is not shaped like an Application.
 */
export function formFromApplication(value: unknown): AppForm | undefined {
  if (!isRecord(value) || !isRecord(value.spec)) return undefined;
  const { metadata, spec } = value;
  const source = isRecord(spec.source) ? spec.source : {};
  const destination = isRecord(spec.destination) ? spec.destination : {};
  const syncPolicy = isRecord(spec.syncPolicy) ? spec.syncPolicy : {};
  const automated = isRecord(syncPolicy.automated) ? syncPolicy.automated : undefined;
  const syncOptions = Array.isArray(syncPolicy.syncOptions) ? syncPolicy.syncOptions : [];
  const byName = typeof destination.name === 'string' && destination.name !== '';
  return {
    name: isRecord(metadata) ? text(metadata.name) : '',
    project: text(spec.project) || 'default',
    repoURL: text(source.repoURL),
    targetRevision: text(source.targetRevision) || 'HEAD',
    path: text(source.path),
    cluster: byName ? text(destination.name) : text(destination.server),
    clusterByName: byName,
    namespace: text(destination.namespace),
    automated: automated !== undefined,
    prune: automated?.prune === true,
    selfHeal: automated?.selfHeal === true,
    createNamespace: syncOptions.includes(CREATE_NAMESPACE),
  };
}

/** Kubernetes object names (DNS-1123 subdomain, as Application names must be). */
export function nameProblem(name: string): string | undefined {
  if (!name) return 'Name is required';
  if (name.length > 253) return 'Name must be at most 253 characters';
  if (!/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(name)) {
    return 'Name must be lowercase letters, digits, "-" or ".", starting and ending with a letter or digit';
  }
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
