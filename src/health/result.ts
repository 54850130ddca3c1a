import type { HealthStatus, HealthStatusCode } from './types.js';

/** A `HealthStatus`, leaving out `message` when there is nothing to say. */
export function health(status: HealthStatusCode, message?: string): HealthStatus {
  const text = message?.trim();
  return text ? { status, message: text } : { status };
}
