/** Health of one resource or of a whole application (same words as Argo CD). */
export type HealthStatusCode =
  'Healthy' | 'Progressing' | 'Degraded' | 'Suspended' | 'Missing' | 'Unknown';

export interface HealthStatus {
  readonly status: HealthStatusCode;
  /** Why, in words a user can act on ("0 of 3 replicas available"). */
  readonly message?: string;
}
