import type { KubeObject } from '../core/index.js';
import {
  CONTROLLER_NAME,
  METRICS_PORT,
  METRICS_SERVICE_NAME,
  installLabels,
  selectorLabels,
} from './names.js';

/** The user the image must be able to run as (distroless' `nonroot`). */
/**
 * The controller container's default memory limit (`keelson install
 * --memory-limit`). Node sizes its heap from it (524 MB, young generation
 * 2 × 4 MiB), so `npm run bench` runs the controller under the same limit
 * where the machine allows.
 */
export const CONTROLLER_MEMORY_LIMIT_MIB = 1024;

export const CONTROLLER_UID = 65532;

/** Home of the controller's user: `.cache` under it is the only writable place besides `/tmp`. */
export const CONTROLLER_HOME = '/home/keelson';

/**
 * Where the image must provide `helm` and `kustomize` (the controller is told
 * with `--helm`/`--kustomize`, so it never builds them in the pod). The image
 * must also have `keelson` on its PATH.
 */
export const IMAGE_TOOLS_DIR = '/usr/local/bin';

export interface DeploymentOptions {
  readonly namespace: string;
  readonly image: string;
  readonly replicas: number;
  readonly memoryLimitMib: number;
}

/**
 * The controller Deployment: `keelson controller --namespace <ns>` as a
 * non-root user on a read-only root filesystem, without privilege escalation
 * or capabilities (it meets the `restricted` Pod Security Standard), with
 * probes on the metrics port. Several replicas are safe: only the holder of
 * the Lease acts.
 */
export function controllerDeployment(options: DeploymentOptions): KubeObject {
  const { namespace, image, replicas, memoryLimitMib } = options;
  const cache = `${CONTROLLER_HOME}/.cache`;
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: CONTROLLER_NAME, namespace, labels: installLabels() },
    spec: {
      replicas,
      selector: { matchLabels: selectorLabels() },
      template: {
        metadata: { labels: installLabels() },
        spec: {
          serviceAccountName: CONTROLLER_NAME,
          // It talks to the API server with this ServiceAccount's token.
          automountServiceAccountToken: true,
          securityContext: {
            runAsNonRoot: true,
            runAsUser: CONTROLLER_UID,
            runAsGroup: CONTROLLER_UID,
            fsGroup: CONTROLLER_UID,
            seccompProfile: { type: 'RuntimeDefault' },
          },
          containers: [
            {
              name: 'application-controller',
              image,
              imagePullPolicy: 'IfNotPresent',
              command: ['keelson'],
              args: [
                'controller',
                '--namespace',
                namespace,
                // Probes and scrapes come from outside the pod: listen on every interface.
                '--metrics-addr',
                `0.0.0.0:${METRICS_PORT}`,
                '--cache-dir',
                `${cache}/keelson/controller`,
                '--helm',
                `${IMAGE_TOOLS_DIR}/helm`,
                '--kustomize',
                `${IMAGE_TOOLS_DIR}/kustomize`,
              ],
              env: [{ name: 'HOME', value: CONTROLLER_HOME }],
              ports: [{ name: 'metrics', containerPort: METRICS_PORT, protocol: 'TCP' }],
              livenessProbe: {
                httpGet: { path: '/healthz', port: 'metrics' },
                periodSeconds: 10,
                failureThreshold: 3,
              },
              readinessProbe: {
                httpGet: { path: '/readyz', port: 'metrics' },
                periodSeconds: 5,
                failureThreshold: 3,
              },
              resources: {
                requests: { cpu: '100m', memory: '256Mi' },
                limits: { cpu: '1', memory: `${memoryLimitMib}Mi` },
              },
              securityContext: {
                allowPrivilegeEscalation: false,
                readOnlyRootFilesystem: true,
                runAsNonRoot: true,
                capabilities: { drop: ['ALL'] },
              },
              volumeMounts: [
                { name: 'cache', mountPath: cache },
                // Helm and kustomize render in private work directories under os.tmpdir().
                { name: 'tmp', mountPath: '/tmp' },
              ],
            },
          ],
          // The Git, chart and render caches are rebuilt after a restart.
          volumes: [
            { name: 'cache', emptyDir: { sizeLimit: '4Gi' } },
            { name: 'tmp', emptyDir: { sizeLimit: '1Gi' } },
          ],
        },
      },
    },
  };
}

/** A ClusterIP Service in front of the metrics port, for Prometheus. */
export function metricsService(namespace: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: METRICS_SERVICE_NAME, namespace, labels: installLabels() },
    spec: {
      type: 'ClusterIP',
      selector: selectorLabels(),
      ports: [{ name: 'metrics', port: METRICS_PORT, targetPort: 'metrics', protocol: 'TCP' }],
    },
  };
}
