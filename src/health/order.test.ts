import { describe, expect, it } from 'vitest';
import { HEALTH_ORDER, compareHealth, isHealthier, type HealthStatusCode } from './index.js';

describe('health order', () => {
  it('GIVEN the statuses in any order WHEN sorted by compareHealth THEN they run from Healthy to Unknown', () => {
    const shuffled: HealthStatusCode[] = [
      'Degraded',
      'Healthy',
      'Unknown',
      'Missing',
      'Progressing',
      'Suspended',
    ];
    expect(shuffled.sort(compareHealth)).toEqual([
      'Healthy',
      'Suspended',
      'Progressing',
      'Missing',
      'Degraded',
      'Unknown',
    ]);
    expect(HEALTH_ORDER).toEqual(shuffled);
  });

  it.each([
    ['Healthy', 'Suspended'],
    ['Suspended', 'Progressing'],
    ['Progressing', 'Missing'],
    ['Missing', 'Degraded'],
    ['Degraded', 'Unknown'],
  ] as const)('GIVEN %s and %s WHEN compared THEN the first is healthier', (better, worse) => {
    expect(isHealthier(better, worse)).toBe(true);
    expect(isHealthier(worse, better)).toBe(false);
  });

  it('GIVEN the same status twice WHEN compared THEN neither is healthier', () => {
    expect(isHealthier('Progressing', 'Progressing')).toBe(false);
    expect(compareHealth('Progressing', 'Progressing')).toBe(0);
  });
});
