import type { KubeObject } from '../core/index.js';
import { conditionsOf, describeCondition, type Condition } from './conditions.js';
import { waitingForGeneration } from './generation.js';
import { health } from './result.js';
import type { HealthStatus } from './types.js';

/** Where `autoscaling/v1` objects carry the conditions that v2 has in `status.conditions`. */
const V1_CONDITIONS_ANNOTATION = 'autoscaling.alpha.kubernetes.io/conditions';

function hpaConditions(obj: KubeObject): readonly Condition[] {
  const fromStatus = conditionsOf(obj);
  const annotation = obj.metadata.annotations?.[V1_CONDITIONS_ANNOTATION];
  if (fromStatus.length > 0 || annotation === undefined) return fromStatus;
  try {
    return conditionsOf({ status: { conditions: JSON.parse(annotation) as unknown } });
  } catch {
    return [];
  }
}

/**
 * A condition the autoscaler cannot recover from by waiting: it cannot read or
 * update the target's scale (AbleToScale False, Failed*), or cannot compute a
 * replica count (ScalingActive False, Failed* or Invalid*: metrics missing,
 * bad selector). AbleToScale False with Backoff* is a normal pause.
 */
function isFailure(c: Condition): boolean {
  if (c.status !== 'False') return false;
  if (c.type === 'AbleToScale') return c.reason.startsWith('Failed');
  if (c.type === 'ScalingActive') return /^(Failed|Invalid)/.test(c.reason);
  return false;
}

/**
 * HorizontalPodAutoscaler: Degraded on a failure condition (see isFailure);
 * Suspended when scaling is disabled because the target was scaled to zero;
 * Healthy when it is able to scale and scaling is active (ScalingLimited at
 * min/max is normal and only noted); otherwise Progressing.
 */
export function horizontalPodAutoscalerHealth(obj: KubeObject): HealthStatus {
  const unobserved = waitingForGeneration(obj, { absentMeansUnobserved: false });
  if (unobserved) return unobserved;

  const conditions = hpaConditions(obj);
  if (conditions.length === 0) {
    return health('Progressing', 'waiting for the autoscaler to report');
  }
  const failure = conditions.find(isFailure);
  if (failure) return health('Degraded', describeCondition(failure));

  const byType = (type: string) => conditions.find((c) => c.type === type);
  const active = byType('ScalingActive');
  if (active?.status === 'False' && active.reason === 'ScalingDisabled') {
    return health('Suspended', describeCondition(active));
  }
  const able = byType('AbleToScale');
  if (able?.status === 'True' && active?.status === 'True') {
    const limited = byType('ScalingLimited');
    return health('Healthy', limited?.status === 'True' ? describeCondition(limited) : undefined);
  }
  const blocking = [able, active].find((c) => c && c.status !== 'True');
  return health('Progressing', blocking ? describeCondition(blocking) : 'waiting to autoscale');
}
