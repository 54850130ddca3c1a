import { compareHealth } from './order.js';
import { health } from './result.js';
import type { HealthStatus } from './types.js';

/** One resource's health, named the way users read it (`Deployment/shop/web`). */
export interface ResourceHealth {
  readonly resource: string;
  readonly health: HealthStatus;
}

/** How many of the worst resources an aggregate message names before "and N more". */
const NAMED_IN_MESSAGE = 3;

function worstOf(statuses: readonly HealthStatus[]): HealthStatus['status'] {
  return statuses.reduce<HealthStatus['status']>(
    (worst, s) => (compareHealth(s.status, worst) > 0 ? s.status : worst),
    'Healthy',
  );
}

function listed(parts: readonly string[]): string {
  const shown = parts.slice(0, NAMED_IN_MESSAGE).join('; ');
  const more = parts.length - NAMED_IN_MESSAGE;
  return more > 0 ? `${shown}; and ${more} more` : shown;
}

/**
 * The health of a set of resources: the worst of them in HEALTH_ORDER
 * (Healthy < Suspended < Progressing < Missing < Degraded < Unknown); an empty
 * set is Healthy. The message carries the worst resources' messages.
 */
export function aggregateHealth(statuses: readonly HealthStatus[]): HealthStatus {
  const worst = worstOf(statuses);
  if (worst === 'Healthy') return health('Healthy');
  const culprits = statuses.filter((s) => s.status === worst);
  const messages = [...new Set(culprits.map((s) => s.message).filter((m) => m !== undefined))];
  if (culprits.length === 1) return health(worst, messages[0]);
  const summary = `${culprits.length} resources are ${worst}`;
  return health(worst, messages.length > 0 ? `${summary}: ${listed(messages)}` : summary);
}

/**
 * Like {@link aggregateHealth}, and the message names the worst resources,
 * sorted by name so it is stable from one assessment to the next:
 * `Deployment/shop/web: 1 of 3 updated replicas are available`.
 */
export function aggregateResourceHealth(entries: readonly ResourceHealth[]): HealthStatus {
  const worst = worstOf(entries.map((e) => e.health));
  if (worst === 'Healthy') return health('Healthy');
  const culprits = entries
    .filter((e) => e.health.status === worst)
    .map((e) =>
      e.health.message ? `${e.resource}: ${e.health.message}` : `${e.resource} is ${worst}`,
    )
    .sort();
  return health(worst, listed(culprits));
}
