import { describe } from 'vitest';
import { itAssessesEach } from './testdata/fixtures.js';

describe('Deployment health', () => {
  itAssessesEach([
    {
      given: 'every replica updated and available',
      fixture: 'deployment-healthy',
      expected: { status: 'Healthy' },
    },
    {
      given: 'a rollout that has updated one replica of three',
      fixture: 'deployment-rolling-out',
      expected: { status: 'Progressing', message: '1 of 3 replicas updated' },
    },
    {
      given: 'all replicas updated and an old one still terminating',
      fixture: 'deployment-old-replicas',
      expected: { status: 'Progressing', message: '1 old replica pending termination' },
    },
    {
      given: 'all replicas updated, one not yet available',
      fixture: 'deployment-updated-not-available',
      expected: { status: 'Progressing', message: '2 of 3 updated replicas are available' },
    },
    {
      given: 'a paused rollout (even with a newer spec not yet observed)',
      fixture: 'deployment-paused',
      expected: { status: 'Suspended', message: 'rollout is paused' },
    },
    {
      given: 'a rollout past its progress deadline',
      fixture: 'deployment-deadline-exceeded',
      expected: {
        status: 'Degraded',
        message:
          'progress deadline exceeded: ReplicaSet "web-5c8d7f6b9a" has timed out progressing.',
      },
    },
    {
      given: 'a new spec the controller has not observed yet',
      fixture: 'deployment-generation-not-observed',
      expected: {
        status: 'Progressing',
        message: 'waiting for the controller to observe generation 4 (observed 3)',
      },
    },
    {
      given: 'a Deployment just created, with an empty status',
      fixture: 'deployment-just-created',
      expected: {
        status: 'Progressing',
        message: 'waiting for the controller to observe generation 1',
      },
    },
    {
      given: 'Pods that cannot be created because of a quota',
      fixture: 'deployment-quota-exceeded',
      expected: {
        status: 'Progressing',
        message:
          '0 of 3 replicas updated (FailedCreate: pods "web-5c8d7f6b9a-x7k2p" is forbidden: exceeded quota: compute, requested: cpu=500m, used: cpu=2, limited: cpu=2)',
      },
    },
    {
      given: 'a Deployment being deleted',
      fixture: 'deployment-being-deleted',
      expected: { status: 'Progressing', message: 'being deleted' },
    },
  ]);
});
