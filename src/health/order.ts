import type { HealthStatusCode } from './types.js';

/**
 * Every status from healthiest to worst: the order Argo CD uses, so an
 * application reads the same in both tools. Suspended is intentional and costs
 * nothing; Progressing resolves by itself; Missing needs a sync; Degraded
 * needs a person; Unknown is last because nothing can be promised about it.
 */
export const HEALTH_ORDER: readonly HealthStatusCode[] = [
  'Healthy',
  'Suspended',
  'Progressing',
  'Missing',
  'Degraded',
  'Unknown',
];

function rank(code: HealthStatusCode): number {
  const index = HEALTH_ORDER.indexOf(code);
  // A code from a newer peer that this version does not know counts as Unknown.
  return index < 0 ? HEALTH_ORDER.length - 1 : index;
}

/** Negative when `a` is healthier than `b`, zero when equal, positive when worse; for sorting. */
export function compareHealth(a: HealthStatusCode, b: HealthStatusCode): number {
  return rank(a) - rank(b);
}

/** True when `a` is strictly healthier than `b` (`isHealthier('Suspended', 'Progressing')`). */
export function isHealthier(a: HealthStatusCode, b: HealthStatusCode): boolean {
  return compareHealth(a, b) < 0;
}
