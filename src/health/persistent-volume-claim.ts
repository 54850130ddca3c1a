import type { KubeObject } from '../core/index.js';
import { stringAt } from './fields.js';
import { health } from './result.js';
import type { HealthStatus } from './types.js';

/**
 * PersistentVolumeClaim, by phase: Bound is Healthy, Pending is Progressing
 * (including a storage class that binds only when a Pod first uses the claim),
 * Lost (its volume is gone) is Degraded.
 */
export function persistentVolumeClaimHealth(obj: KubeObject): HealthStatus {
  const phase = stringAt(obj, 'status', 'phase');
  switch (phase) {
    case 'Bound':
      return health('Healthy');
    case 'Pending':
    case undefined:
      return health('Progressing', 'waiting for a volume to be bound');
    case 'Lost':
      return health('Degraded', 'the bound volume is lost');
    default:
      return health('Unknown', `unexpected phase ${phase}`);
  }
}
