import { errorMessage, parseApiVersion, type KubeObject } from '../core/index.js';
import { apiServiceHealth } from './api-service.js';
import { cronJobHealth } from './cron-job.js';
import { customResourceDefinitionHealth } from './custom-resource-definition.js';
import { daemonSetHealth } from './daemon-set.js';
import { deploymentHealth } from './deployment.js';
import { genericHealth } from './generic.js';
import { horizontalPodAutoscalerHealth } from './horizontal-pod-autoscaler.js';
import { ingressHealth } from './ingress.js';
import { jobHealth } from './job.js';
import { persistentVolumeClaimHealth } from './persistent-volume-claim.js';
import { podHealth } from './pod.js';
import { replicaSetHealth } from './replica-set.js';
import { health } from './result.js';
import { serviceHealth } from './service.js';
import { statefulSetHealth } from './stateful-set.js';
import { STATUSLESS_KINDS, statuslessHealth } from './statusless.js';
import type { HealthStatus } from './types.js';

type HealthCheck = (obj: KubeObject) => HealthStatus;

/**
 * Built-in checks by `group/Kind`. The version is ignored: every served
 * version of a kind has the same status fields, so one check covers them all
 * (`extensions` is the pre-`apps` home of the workload kinds and Ingress).
 */
const CHECKS: ReadonlyMap<string, HealthCheck> = new Map<string, HealthCheck>([
  ['apps/Deployment', deploymentHealth],
  ['extensions/Deployment', deploymentHealth],
  ['apps/StatefulSet', statefulSetHealth],
  ['apps/DaemonSet', daemonSetHealth],
  ['extensions/DaemonSet', daemonSetHealth],
  ['apps/ReplicaSet', replicaSetHealth],
  ['extensions/ReplicaSet', replicaSetHealth],
  ['/Pod', podHealth],
  ['batch/Job', jobHealth],
  ['batch/CronJob', cronJobHealth],
  ['/PersistentVolumeClaim', persistentVolumeClaimHealth],
  ['/Service', serviceHealth],
  ['networking.k8s.io/Ingress', ingressHealth],
  ['extensions/Ingress', ingressHealth],
  ['autoscaling/HorizontalPodAutoscaler', horizontalPodAutoscalerHealth],
  ['apiregistration.k8s.io/APIService', apiServiceHealth],
  ['apiextensions.k8s.io/CustomResourceDefinition', customResourceDefinitionHealth],
  ...STATUSLESS_KINDS.map((key): [string, HealthCheck] => [key, statuslessHealth]),
]);

/** The check used for `obj`: its built-in one, or the kstatus-style generic one. */
function checkFor(obj: KubeObject): HealthCheck {
  const { group } = parseApiVersion(obj.apiVersion);
  return CHECKS.get(`${group}/${obj.kind}`) ?? genericHealth;
}

/**
 * The health of one live object. `undefined` (not in the cluster) is Missing;
 * an object being deleted is Progressing whatever its kind; otherwise the
 * kind's rules decide (see this folder's `index.ts`). Never throws: a check
 * that fails on a malformed object reports Unknown with the reason.
 */
export function assessHealth(obj: KubeObject | undefined): HealthStatus {
  if (obj === undefined) return health('Missing', 'not found in the cluster');
  if (obj.metadata.deletionTimestamp) return health('Progressing', 'being deleted');
  try {
    return checkFor(obj)(obj);
  } catch (err) {
    return health('Unknown', `health check failed: ${errorMessage(err)}`);
  }
}
