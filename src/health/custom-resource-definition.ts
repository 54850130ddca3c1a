import type { KubeObject } from '../core/index.js';
import { describeCondition, findCondition } from './conditions.js';
import { health } from './result.js';
import type { HealthStatus } from './types.js';

/**
 * CustomResourceDefinition: Degraded when its names clash with another CRD
 * (`NamesAccepted` False) or its schema is not structural; Healthy once
 * `Established` (the API server serves it); Progressing while it is being
 * set up. (A terminating CRD has a deletion timestamp: "being deleted".)
 */
export function customResourceDefinitionHealth(obj: KubeObject): HealthStatus {
  const names = findCondition(obj, 'NamesAccepted');
  if (names?.status === 'False') {
    return health('Degraded', `names not accepted: ${describeCondition(names)}`);
  }
  const nonStructural = findCondition(obj, 'NonStructuralSchema');
  if (nonStructural?.status === 'True') {
    return health('Degraded', `schema is not structural: ${describeCondition(nonStructural)}`);
  }
  const established = findCondition(obj, 'Established');
  if (established?.status === 'True') return health('Healthy');
  return health(
    'Progressing',
    established ? `not established yet: ${describeCondition(established)}` : 'not established yet',
  );
}
