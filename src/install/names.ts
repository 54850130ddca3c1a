/** The namespace `keelson install` uses unless told otherwise. */
export const DEFAULT_NAMESPACE = 'keelson';

/**
 * Name of the controller's ServiceAccount, Role, Deployment, and of the Lease
 * it campaigns for (`LEASE_NAME` in src/controller/controller.ts: the Role
 * names that Lease, so the two must stay equal; the integration test checks
 * the ServiceAccount may update it).
 */
export const CONTROLLER_NAME = 'keelson-application-controller';

/** The Service in front of the controller's metrics port. */
export const METRICS_SERVICE_NAME = `${CONTROLLER_NAME}-metrics`;

/** The port `/metrics`, `/healthz` and `/readyz` are served on (`--metrics-addr 0.0.0.0:8082`). */
export const METRICS_PORT = 8082;

/** Where Keelson's images would be published; no image is built from this repository yet. */
export const IMAGE_REPOSITORY = 'ghcr.io/keelson-dev/keelson';

/** The image of a Keelson release: `ghcr.io/keelson-dev/keelson:<version>`. */
export function defaultControllerImage(version: string): string {
  return `${IMAGE_REPOSITORY}:${version}`;
}

/**
 * Name of the cluster-scoped objects (ClusterRole, ClusterRoleBinding). They
 * share one name space across the cluster, so an install into another
 * namespace gets its own (`keelson-application-controller-<ns>`) instead of
 * rebinding the first install's.
 */
export function clusterScopedName(namespace: string): string {
  return namespace === DEFAULT_NAMESPACE ? CONTROLLER_NAME : `${CONTROLLER_NAME}-${namespace}`;
}

/** Labels on every object `keelson install` creates (the recommended `app.kubernetes.io` set). */
export function installLabels(): Record<string, string> {
  return {
    'app.kubernetes.io/component': 'application-controller',
    'app.kubernetes.io/managed-by': 'keelson',
    'app.kubernetes.io/name': 'keelson',
    'app.kubernetes.io/part-of': 'keelson',
  };
}

/** The labels the Deployment selects its pods by, and the metrics Service its endpoints by. */
export function selectorLabels(): Record<string, string> {
  return {
    'app.kubernetes.io/component': 'application-controller',
    'app.kubernetes.io/name': 'keelson',
  };
}
