/**
 * Health: how well each live object is doing, and the health of an
 * application as a whole. Pure functions over plain objects, no I/O.
 *
 * **Statuses** (the same words as Argo CD):
 * - `Healthy`: doing what its spec asks.
 * - `Progressing`: not there yet, but expected to get there by itself (a
 *   rollout, a Job running, a controller that has not observed the latest
 *   spec, an object being deleted).
 * - `Degraded`: failed, or will not get there without someone acting.
 * - `Suspended`: paused on purpose (a paused Deployment, a suspended Job or CronJob).
 * - `Missing`: declared but not in the cluster (`assessHealth(undefined)`).
 * - `Unknown`: cannot be assessed (a Pod whose node stopped reporting, a
 *   malformed object).
 *
 * **Rules.** First for every kind: not in the cluster → Missing;
 * `metadata.deletionTimestamp` set → Progressing ("being deleted", which
 * covers a terminating Namespace or CRD). Then:
 *
 * | kind | Healthy | Progressing | Degraded | Suspended |
 * |---|---|---|---|---|
 * | Deployment | updated = available = desired, no old replicas | generation not observed; replicas short | `ProgressDeadlineExceeded` | `spec.paused` |
 * | StatefulSet | all ready and updated (to the partition); OnDelete: all ready | generation; ready/updated short; revision rolling | – | – |
 * | DaemonSet | all scheduled updated and available (OnDelete: available) | generation; counts short | – | – |
 * | ReplicaSet | desired available | generation; available short | `ReplicaFailure` | – |
 * | Pod | Succeeded; Running and Ready (restartPolicy Always) | Pending; not ready yet; Never/OnFailure still running | Failed; stuck container (CrashLoopBackOff, ImagePullBackOff, Err*, *Error) or restarted and not ready, restartPolicy Always only | – |
 * | Job | `Complete` | running | `Failed` / `FailureTarget` | `spec.suspend` |
 * | CronJob | otherwise | – | last run did not succeed | `spec.suspend` |
 * | PersistentVolumeClaim | Bound | Pending | Lost | – |
 * | Service | not LoadBalancer; LB address | LoadBalancer without address | – | – |
 * | Ingress | address published | no address | – | – |
 * | HorizontalPodAutoscaler | AbleToScale and ScalingActive | no conditions yet | AbleToScale Failed*, ScalingActive Failed* or Invalid* | ScalingDisabled |
 * | APIService | `Available` | otherwise | – | – |
 * | CustomResourceDefinition | `Established` | otherwise | `NamesAccepted` False; non-structural schema | – |
 * | ConfigMap, Secret, RBAC, … | always | – | – | – |
 * | anything else (kstatus) | `Ready`/`Available` True; no conditions | `observedGeneration` behind; `Reconciling`; `Ready` False with a waiting reason | `Stalled`; `Ready` False with a failure reason | – |
 *
 * **Aggregation.** An application is as healthy as its worst resource, in
 * the order Healthy < Suspended < Progressing < Missing < Degraded < Unknown
 * (Argo CD's order): a suspension is intended and costs nothing, progress
 * resolves by itself, a missing resource needs a sync, a degraded one needs a
 * person, and an unknown one may be any of these, so it is never hidden
 * behind a better status. An empty application is Healthy. Unlike Argo CD 3,
 * Missing resources count: health alone should tell that the application is
 * not fully there. The aggregate message names the worst resources
 * ({@link aggregateResourceHealth}).
 */
export type { HealthStatus, HealthStatusCode } from './types.js';
export { assessHealth } from './assess.js';
export { aggregateHealth, aggregateResourceHealth, type ResourceHealth } from './aggregate.js';
export { HEALTH_ORDER, compareHealth, isHealthier } from './order.js';
