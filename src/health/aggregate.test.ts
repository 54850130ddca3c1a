import { describe, expect, it } from 'vitest';
import {
  aggregateHealth,
  aggregateResourceHealth,
  type HealthStatus,
  type HealthStatusCode,
} from './index.js';

const of = (status: HealthStatusCode, message?: string): HealthStatus =>
  message === undefined ? { status } : { status, message };

describe('aggregateHealth', () => {
  it('GIVEN no resources WHEN aggregated THEN the application is Healthy', () => {
    expect(aggregateHealth([])).toEqual({ status: 'Healthy' });
  });

  it('GIVEN only healthy resources WHEN aggregated THEN it is Healthy without a message', () => {
    expect(aggregateHealth([of('Healthy'), of('Healthy', 'partitioned rollout complete')])).toEqual(
      { status: 'Healthy' },
    );
  });

  it.each<[HealthStatusCode[], HealthStatusCode]>([
    [['Healthy', 'Suspended'], 'Suspended'],
    [['Suspended', 'Progressing', 'Healthy'], 'Progressing'],
    [['Progressing', 'Missing'], 'Missing'],
    [['Missing', 'Degraded', 'Progressing'], 'Degraded'],
    [['Degraded', 'Unknown', 'Healthy'], 'Unknown'],
  ])('GIVEN %j WHEN aggregated THEN the worst wins: %s', (statuses, worst) => {
    expect(aggregateHealth(statuses.map((s) => of(s))).status).toBe(worst);
  });

  it('GIVEN one worst resource WHEN aggregated THEN its message is the application’s', () => {
    const result = aggregateHealth([
      of('Progressing', '1 of 3 replicas updated'),
      of('Degraded', 'the bound volume is lost'),
      of('Healthy'),
    ]);
    expect(result).toEqual({ status: 'Degraded', message: 'the bound volume is lost' });
  });

  it('GIVEN several equally bad resources WHEN aggregated THEN the message counts them and lists their distinct messages', () => {
    const result = aggregateHealth([
      of('Progressing', 'waiting for a volume to be bound'),
      of('Progressing', '1 of 3 replicas updated'),
      of('Progressing', 'waiting for a volume to be bound'),
    ]);
    expect(result).toEqual({
      status: 'Progressing',
      message:
        '3 resources are Progressing: waiting for a volume to be bound; 1 of 3 replicas updated',
    });
  });
});

describe('aggregateResourceHealth', () => {
  it('GIVEN a degraded resource among healthy ones WHEN aggregated THEN the message names it', () => {
    const result = aggregateResourceHealth([
      { resource: 'Service/shop/web', health: of('Healthy') },
      {
        resource: 'Deployment/shop/web',
        health: of(
          'Degraded',
          'progress deadline exceeded: ReplicaSet "web-5c8d7f6b9a" has timed out progressing.',
        ),
      },
    ]);
    expect(result).toEqual({
      status: 'Degraded',
      message:
        'Deployment/shop/web: progress deadline exceeded: ReplicaSet "web-5c8d7f6b9a" has timed out progressing.',
    });
  });

  it('GIVEN many worst resources WHEN aggregated THEN the message names the first three by name and counts the rest', () => {
    const result = aggregateResourceHealth(
      [
        'Job/shop/e',
        'ConfigMap/shop/d',
        'Deployment/shop/a',
        'Service/shop/c',
        'Secret/shop/b',
      ].map((resource) => ({ resource, health: of('Missing', 'not found in the cluster') })),
    );
    expect(result).toEqual({
      status: 'Missing',
      message:
        'ConfigMap/shop/d: not found in the cluster; Deployment/shop/a: not found in the cluster; Job/shop/e: not found in the cluster; and 2 more',
    });
  });

  it('GIVEN a worst resource without a message WHEN aggregated THEN the message still names it', () => {
    expect(
      aggregateResourceHealth([
        { resource: 'Deployment/shop/web', health: of('Suspended') },
        { resource: 'Service/shop/web', health: of('Healthy') },
      ]),
    ).toEqual({ status: 'Suspended', message: 'Deployment/shop/web is Suspended' });
  });

  it('GIVEN no resources WHEN aggregated THEN the application is Healthy', () => {
    expect(aggregateResourceHealth([])).toEqual({ status: 'Healthy' });
  });
});
