import { keelsonCrds } from '../apis/index.js';
import { refOf, type ObjectRef } from '../cluster/index.js';
import { KeelsonError, type KubeObject } from '../core/index.js';
import { CONTROLLER_MEMORY_LIMIT_MIB, controllerDeployment, metricsService } from './deployment.js';
import { CONTROLLER_NAME, DEFAULT_NAMESPACE, installLabels } from './names.js';
import {
  controllerRole,
  controllerRoleBinding,
  destinationClusterRole,
  destinationClusterRoleBinding,
} from './rbac.js';

export interface ControllerManifestOptions {
  /** Where the controller runs and Applications live (default `keelson`). */
  readonly namespace?: string;
  /** The controller image, e.g. `ghcr.io/keelson-dev/keelson:0.1.0`. */
  readonly image: string;
  /** Controller replicas (default 1); more are standbys behind leader election. */
  readonly replicas?: number;
  /**
   * The controller container's memory limit in MiB (default 1,024). Node
   * sizes its heap from it; a larger fleet needs more (README: Memory).
   */
  readonly memoryLimitMib?: number;
}

/** An install option the manifests cannot be built from. */
export class InstallOptionsError extends KeelsonError {}

/** Below this the controller's heap would not hold even a small fleet (its request is 256 MiB). */
const MIN_MEMORY_LIMIT_MIB = 256;

/** A DNS-1123 label, as Kubernetes requires of namespace names. */
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/**
 * Everything `keelson install` applies after the CRDs, in apply order:
 * Namespace, ServiceAccount, Role + RoleBinding, ClusterRole +
 * ClusterRoleBinding, Deployment, metrics Service. Pure and deterministic:
 * the same options give the same objects.
 */
export function controllerManifests(options: ControllerManifestOptions): KubeObject[] {
  const namespace = options.namespace ?? DEFAULT_NAMESPACE;
  const replicas = options.replicas ?? 1;
  if (!DNS_LABEL.test(namespace))
    throw new InstallOptionsError(
      `namespace ${JSON.stringify(namespace)}: must be a DNS label (lowercase letters, digits, '-')`,
    );
  if (namespace === 'default' || namespace.startsWith('kube-'))
    throw new InstallOptionsError(
      `namespace ${namespace}: Keelson needs a namespace of its own (it gets the restricted Pod Security Standard and the controller reads its Secrets)`,
    );
  if (!options.image.trim()) throw new InstallOptionsError('image: must not be empty');
  if (!Number.isInteger(replicas) || replicas < 1)
    throw new InstallOptionsError(`replicas: expected a whole number >= 1, got ${replicas}`);
  const memoryLimitMib = options.memoryLimitMib ?? CONTROLLER_MEMORY_LIMIT_MIB;
  if (!Number.isInteger(memoryLimitMib) || memoryLimitMib < MIN_MEMORY_LIMIT_MIB)
    throw new InstallOptionsError(
      `memory limit: expected a whole number of MiB >= ${MIN_MEMORY_LIMIT_MIB}, got ${memoryLimitMib}`,
    );
  return [
    keelsonNamespace(namespace),
    controllerServiceAccount(namespace),
    controllerRole(namespace),
    controllerRoleBinding(namespace),
    destinationClusterRole(namespace),
    destinationClusterRoleBinding(namespace),
    controllerDeployment({ namespace, image: options.image, replicas, memoryLimitMib }),
    metricsService(namespace),
  ];
}

/**
 * The objects `keelson uninstall` deletes, in delete order (the reverse of
 * apply order). The Namespace is not among them: it holds the user's
 * Applications, AppProjects and credential Secrets.
 */
export function controllerObjectsToDelete(namespace: string): ObjectRef[] {
  // Only kinds and names matter here, not the image.
  return controllerManifests({ namespace, image: 'unused' })
    .filter((obj) => obj.kind !== 'Namespace')
    .map(refOf)
    .reverse();
}

/** Keelson's CustomResourceDefinitions, which `keelson uninstall` deletes last. */
export function crdsToDelete(): ObjectRef[] {
  return keelsonCrds().map((crd) => ({
    apiVersion: crd.apiVersion,
    kind: crd.kind,
    name: crd.metadata.name,
  }));
}

/**
 * Keelson's namespace. It enforces the `restricted` Pod Security Standard:
 * the controller meets it, and nothing else is meant to run here.
 */
function keelsonNamespace(namespace: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name: namespace,
      labels: {
        'app.kubernetes.io/managed-by': 'keelson',
        'app.kubernetes.io/part-of': 'keelson',
        'pod-security.kubernetes.io/enforce': 'restricted',
      },
    },
  };
}

function controllerServiceAccount(namespace: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name: CONTROLLER_NAME, namespace, labels: installLabels() },
  };
}
